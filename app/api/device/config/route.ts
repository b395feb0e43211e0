import { z } from 'zod';
import { buildDeviceConfig, withPersonFigures } from '@/lib/db/device-config';
import { personFigures } from '@/lib/db/person-figures';
import { clientLimiter } from '@/lib/http/client-limit';
import { type CorsPolicy, preflight } from '@/lib/http/cors';
import { json } from '@/lib/http/response';
import { publicRoute } from '@/lib/http/public-route';

// Service workers of any site that imports kairos-sw.js fetch this: public and
// CORS open (it holds nothing private: rules, published segments, cut points).
// If-None-Match is not a CORS-safelisted header, hence the preflight answer.
const cors = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, OPTIONS',
  'Access-Control-Allow-Headers': 'If-None-Match',
  'Access-Control-Expose-Headers': 'ETag',
  'Access-Control-Max-Age': '86400',
} as const satisfies CorsPolicy;
// Stored by caches, but always revalidated: a rule edit reaches devices on their next refresh.
const caching = { 'Cache-Control': 'public, no-cache', Vary: 'Origin' } as const;
// A signed-in device's config holds its person's figures: for that device's cache only.
const personCaching = { 'Cache-Control': 'private, no-cache', Vary: 'Origin' } as const;
const anonymousIdParam = z.string().min(1).max(100);

export const dynamic = 'force-dynamic';

export const GET = publicRoute(
  // Devices refresh every few minutes at most; a client asking far more often is not a device.
  { limiter: clientLimiter(['KAIROS_CONFIG_RATE_LIMIT', 120], ['KAIROS_CONFIG_GLOBAL_RATE_LIMIT', 12_000]), cors },
  async ({ db, request }) => {
    const published = await buildDeviceConfig(db);
    // ?anonymousId=: the device asks for its person's figures (docs/people.md#what-devices-see).
    const asked = anonymousIdParam.safeParse(new URL(request.url).searchParams.get('anonymousId') ?? undefined);
    const person = asked.success ? await personFigures(db, asked.data, published) : null;
    const config = person ? withPersonFigures(published, person) : published;
    const etag = `"${config.version}"`;
    const headers = { ...(asked.success ? personCaching : caching), ETag: etag };
    const known = request.headers.get('if-none-match');
    if (known && known.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
      return new Response(null, { status: 304, headers });
    }
    return json(config, { headers });
  },
);

export const OPTIONS = preflight(cors);

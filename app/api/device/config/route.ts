import { createHash } from 'node:crypto';
import { z } from 'zod';
import { requestGeo } from '@/lib/collect/event-geo';
import type { DeviceConfig } from '@/lib/contracts/device-config';
import { buildDeviceConfig, withPersonFigures } from '@/lib/db/device-config';
import { personFigures } from '@/lib/db/person-figures';
import { clientLimiter } from '@/lib/http/client-limit';
import { type CorsPolicy, preflight } from '@/lib/http/cors';
import { json } from '@/lib/http/response';
import { publicRoute } from '@/lib/http/public-route';

// Service workers of any site that imports kairos-sw.js fetch this: public and
// CORS open (it holds nothing private: rules, published segments, cut points,
// and the asking device's own place, from this request's address).
// If-None-Match is not a CORS-safelisted header, hence the preflight answer.
const cors = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, OPTIONS',
  'Access-Control-Allow-Headers': 'If-None-Match',
  'Access-Control-Expose-Headers': 'ETag',
  'Access-Control-Max-Age': '86400',
} as const satisfies CorsPolicy;
// Always revalidated: a rule edit reaches devices on their next refresh. Private: the answer
// carries the asking device's place, and a signed-in device's its person's figures, which a
// shared cache must not hand to another client.
const caching = { 'Cache-Control': 'private, no-cache', Vary: 'Origin' } as const;
const anonymousIdParam = z.string().min(1).max(100);

/** The ETag: the published parts' version, and the place when there is one (a move is a new answer). */
function configTag(version: string, geo: DeviceConfig['geo']): string {
  if (!geo) return `"${version}"`;
  return `"${version}.${createHash('sha256').update(JSON.stringify(geo)).digest('base64url').slice(0, 10)}"`;
}

export const dynamic = 'force-dynamic';

export const GET = publicRoute(
  // Devices refresh every few minutes at most; a client asking far more often is not a device.
  { limiter: clientLimiter(['KAIROS_CONFIG_RATE_LIMIT', 120], ['KAIROS_CONFIG_GLOBAL_RATE_LIMIT', 12_000]), cors },
  async ({ db, request }) => {
    const published = await buildDeviceConfig(db);
    // ?anonymousId=: the device asks for its person's figures (docs/people.md#what-devices-see).
    const asked = anonymousIdParam.safeParse(new URL(request.url).searchParams.get('anonymousId') ?? undefined);
    const person = asked.success ? await personFigures(db, asked.data, published) : null;
    const geo = requestGeo(request) ?? null;
    const config: DeviceConfig = { ...(person ? withPersonFigures(published, person) : published), geo };
    const etag = configTag(config.version, geo);
    const headers = { ...caching, ETag: etag };
    const known = request.headers.get('if-none-match');
    if (known && known.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
      return new Response(null, { status: 304, headers });
    }
    return json(config, { headers });
  },
);

export const OPTIONS = preflight(cors);

import type { VapidPublicKeyResponse } from '@/lib/contracts/push-api';
import { publicPostCors } from '@/lib/http/cors';
import { json } from '@/lib/http/response';
import { publicRoute } from '@/lib/http/public-route';
import { pushRuntime } from '@/lib/push/runtime';

/** The applicationServerKey pages subscribe with (public by nature; the private key never leaves the server). */
export const GET = publicRoute({ cors: publicPostCors }, async () => {
  const { keys } = await pushRuntime();
  return json({ publicKey: keys.publicKey } satisfies VapidPublicKeyResponse);
});

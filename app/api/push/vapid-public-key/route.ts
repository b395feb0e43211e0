import { withCors } from '@/app/_server/public-endpoint';
import type { VapidPublicKeyResponse } from '@/lib/contracts/push-api';
import { json } from '@/lib/http/response';
import { pushRuntime } from '@/lib/push/runtime';

/** The applicationServerKey pages subscribe with (public by nature; the private key never leaves the server). */
export async function GET(): Promise<Response> {
  const { keys } = await pushRuntime();
  return withCors(json({ publicKey: keys.publicKey } satisfies VapidPublicKeyResponse));
}

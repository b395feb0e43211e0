import { serverDatabase } from '@/lib/db';
import { errorResponse, json } from '@/lib/http/response';

/** Liveness for load balancers and the test harness: the database answers. */
export async function GET(): Promise<Response> {
  try {
    const { kind } = await serverDatabase();
    return json({ ok: true, storage: kind });
  } catch (error) {
    return errorResponse(503, 'storage_unavailable', error instanceof Error ? error.message : String(error));
  }
}

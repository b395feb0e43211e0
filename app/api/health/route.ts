import { serverDatabase } from '@/lib/db';
import { errorResponse, json } from '@/lib/http/response';

/** Liveness for load balancers and the test harness: the database answers. */
export async function GET(): Promise<Response> {
  try {
    const { kind } = await serverDatabase();
    // KAIROS_INSTANCE lets `npm run demo` know it reached the server it started, not another on the port.
    return json({ ok: true, storage: kind, instance: process.env.KAIROS_INSTANCE ?? null });
  } catch (error) {
    // The reason goes to the server log, not to whoever asked.
    console.error('Kairos health check: storage unavailable:', error);
    return errorResponse(503, 'storage_unavailable', 'Storage is unavailable; see the server log.');
  }
}

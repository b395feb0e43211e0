// The console's one client of the admin API: JSON in and out, and the API's
// one error shape ({ error: { code, message, status } }) turned into an
// AdminApiError the page can show as it is, or branch on by its code.
import { type ErrorCode, errorStatus } from '@/lib/http/error-codes';

/** 'unknown' when the answer carried no code of ours (a proxy's page, a network error page). */
export type AdminErrorCode = ErrorCode | 'unknown';

export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: AdminErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AdminApiError';
  }
}

export type AdminPath = `/api/admin/${string}`;
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const isErrorCode = (code: unknown): code is ErrorCode => typeof code === 'string' && Object.hasOwn(errorStatus, code);

function errorOf(status: number, body: unknown): AdminApiError {
  const error = typeof body === 'object' && body !== null && 'error' in body ? body.error : undefined;
  const fields = typeof error === 'object' && error !== null ? error : {};
  const code = 'code' in fields ? fields.code : undefined;
  const message = 'message' in fields ? fields.message : undefined;
  return new AdminApiError(
    status,
    isErrorCode(code) ? code : 'unknown',
    typeof message === 'string' ? message : `The server answered ${status}.`,
  );
}

/**
 * One call: the parsed JSON answer (null for a 204), or an AdminApiError.
 * Never served from the browser's cache: the console shows what the server holds now.
 */
async function send(method: Method, path: AdminPath, body?: unknown): Promise<unknown> {
  const response = await fetch(path, {
    method,
    cache: 'no-store',
    ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
  });
  if (response.status === 204) return null;
  const parsed: unknown = await response.json().catch(() => null);
  if (!response.ok) throw errorOf(response.status, parsed);
  return parsed;
}

// The answer's shape is the route's contract (lib/contracts), which both sides compile against.
const answer = async <T>(call: Promise<unknown>) => (await call) as T;

export const adminApi = {
  get: <T>(path: AdminPath) => answer<T>(send('GET', path)),
  post: <T>(path: AdminPath, body?: unknown) => answer<T>(send('POST', path, body)),
  put: <T>(path: AdminPath, body: unknown) => answer<T>(send('PUT', path, body)),
  patch: <T>(path: AdminPath, body: unknown) => answer<T>(send('PATCH', path, body)),
  delete: <T = void>(path: AdminPath) => answer<T>(send('DELETE', path)),
};

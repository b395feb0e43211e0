import { type ErrorCode, errorStatus } from './error-codes';

// One JSON error shape for every route: { error: { code, message, status } }.
export interface ErrorBody {
  error: { code: ErrorCode; message: string; status: number };
}

export function json(data: unknown, init?: ResponseInit): Response {
  return Response.json(data, init);
}

export function errorResponse(code: ErrorCode, message: string, headers?: HeadersInit): Response {
  const status = errorStatus[code];
  return Response.json({ error: { code, message, status } } satisfies ErrorBody, { status, headers });
}

/** What a route's records are called in a 404's message. */
export type Entity =
  'campaign' | 'segment' | 'moment rule' | 'visitor' | 'person' | 'automation' | 'write key' | 'call type';

export const notFound = (entity: Entity) => errorResponse('not_found', `No ${entity} with that id.`);
export const noContent = () => new Response(null, { status: 204 });
export const badRequest = (message: string) => errorResponse('bad_request', message);
export const payloadTooLarge = (message: string) => errorResponse('payload_too_large', message);
export const unauthorized = () => errorResponse('unauthorized', 'Log in to the console first.');
export const forbidden = (message: string) => errorResponse('forbidden', message);
export const tooManyRequests = (retryAfterSeconds: number) =>
  errorResponse('rate_limited', `Too many attempts. Try again in ${retryAfterSeconds} s.`, {
    'Retry-After': String(retryAfterSeconds),
  });

/** Seconds a refused export is asked to wait: about what an export of a few hundred thousand events takes. */
export const exportRetryAfterSeconds = 5;

export const exportsBusy = (limit: number) =>
  errorResponse(
    'rate_limited',
    `The server streams at most ${limit} exports at once. Try again in ${exportRetryAfterSeconds} s.`,
    { 'Retry-After': String(exportRetryAfterSeconds) },
  );

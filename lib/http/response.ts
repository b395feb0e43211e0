// One JSON error shape for every route: { error: { code, message, status } }.
export interface ErrorBody {
  error: { code: string; message: string; status: number };
}

export function json(data: unknown, init?: ResponseInit): Response {
  return Response.json(data, init);
}

export function errorResponse(status: number, code: string, message: string, headers?: HeadersInit): Response {
  return Response.json({ error: { code, message, status } } satisfies ErrorBody, { status, headers });
}

export const badRequest = (message: string) => errorResponse(400, 'bad_request', message);
export const unauthorized = () => errorResponse(401, 'unauthorized', 'Log in to the console first.');
export const forbidden = (message: string) => errorResponse(403, 'forbidden', message);
export const tooManyRequests = (retryAfterSeconds: number) =>
  errorResponse(429, 'rate_limited', `Too many attempts. Try again in ${retryAfterSeconds} s.`, {
    'Retry-After': String(retryAfterSeconds),
  });

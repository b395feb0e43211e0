import { z } from 'zod';
import { clientKey } from '@/app/_server/client-key';
import { checkAdminPassword } from '@/lib/auth/admin';
import { RateLimiter } from '@/lib/auth/rate-limit';
import { createSession, sessionCookieName, sessionLifetimeSeconds } from '@/lib/auth/session';
import { serverDatabase } from '@/lib/db';
import { badRequest, errorResponse, json, tooManyRequests } from '@/lib/http/response';

const loginSchema = z.object({
  password: z.string().min(1).max(200),
  next: z.string().max(500).optional(),
});

// Failed attempts: 10 per client per 15 minutes, and 100 in all (a forged
// X-Forwarded-For cannot buy unlimited guesses).
const perClient = new RateLimiter(10, 15 * 60_000);
const overall = new RateLimiter(100, 15 * 60_000);

export async function POST(request: Request): Promise<Response> {
  const wantsJson = (request.headers.get('content-type') ?? '').includes('application/json');
  const body = await readBody(request, wantsJson);
  const parsed = loginSchema.safeParse(body);
  if (!parsed.success) return wantsJson ? badRequest('Send { "password": "…" }.') : backToLogin('invalid');

  const key = clientKey(request);
  const wait = Math.max(perClient.retryAfter(key), overall.retryAfter('all'));
  if (wait > 0) return wantsJson ? tooManyRequests(wait) : backToLogin('rate-limited', wait);

  const { db } = await serverDatabase();
  if (!(await checkAdminPassword(db, parsed.data.password))) {
    perClient.hit(key);
    overall.hit('all');
    return wantsJson ? errorResponse(401, 'invalid_password', 'Wrong password.') : backToLogin('invalid');
  }
  perClient.reset(key);

  const { cookieValue } = await createSession(db);
  const destination = safeNext(parsed.data.next);
  const response = wantsJson ? json({ ok: true, next: destination }) : redirectTo(destination);
  response.headers.append(
    'Set-Cookie',
    [
      `${sessionCookieName}=${cookieValue}`,
      'Path=/',
      'HttpOnly',
      'SameSite=Lax',
      `Max-Age=${sessionLifetimeSeconds}`,
      ...(isHttps(request) ? ['Secure'] : []),
    ].join('; '),
  );
  return response;
}

async function readBody(request: Request, isJson: boolean): Promise<unknown> {
  try {
    if (isJson) return await request.json();
    return Object.fromEntries(await request.formData());
  } catch {
    return undefined;
  }
}

/** Only a console path: an open redirect after login would hand the session page to anyone. */
function safeNext(next: string | undefined): string {
  return next && /^\/console(\/[\w\-/]*)?$/.test(next) ? next : '/console';
}

function isHttps(request: Request): boolean {
  return new URL(request.url).protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https';
}

// 303 so the browser follows a form POST with a GET.
const redirectTo = (location: string) => new Response(null, { status: 303, headers: { Location: location } });

function backToLogin(error: 'invalid' | 'rate-limited', retryAfter?: number): Response {
  const query = new URLSearchParams({ error, ...(retryAfter ? { retry: String(retryAfter) } : {}) });
  return redirectTo(`/console/login?${query}`);
}

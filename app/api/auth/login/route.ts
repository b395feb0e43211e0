import { z } from 'zod';
import { clientKey } from '@/app/_server/client-key';
import { checkAdminPassword } from '@/lib/auth/admin';
import { RateLimiter } from '@/lib/auth/rate-limit';
import { CheckThrottle } from '@/lib/auth/throttle';
import { createSession, sessionCookieName, sessionLifetimeSeconds } from '@/lib/auth/session';
import { serverDatabase } from '@/lib/db';
import { badRequest, errorResponse, json, tooManyRequests } from '@/lib/http/response';

const loginSchema = z.object({
  password: z.string().min(1).max(200),
  next: z.string().max(500).optional(),
});

// Attempts: 10 per client per 15 minutes (a success clears the count). The
// client is known by X-Forwarded-For, which a client can forge; what bounds
// guessing whatever it claims is the throttle: two checks at a time, a short
// queue, and a slowdown once many attempts failed overall (a slowdown, not a
// lockout, so nobody can lock the admin out).
const perClient = new RateLimiter(10, 15 * 60_000);
const overallFailures = new RateLimiter(100, 15 * 60_000);
const throttle = new CheckThrottle(2, 20);
const slowdownMs = 1_000;

export async function POST(request: Request): Promise<Response> {
  const wantsJson = (request.headers.get('content-type') ?? '').includes('application/json');
  const body = await readBody(request, wantsJson);
  const parsed = loginSchema.safeParse(body);
  if (!parsed.success) return wantsJson ? badRequest('Send { "password": "…" }.') : backToLogin('invalid');

  const key = clientKey(request);
  const wait = perClient.retryAfter(key);
  if (wait > 0) return wantsJson ? tooManyRequests(wait) : backToLogin('rate-limited', parsed.data.next, wait);
  // Counted before the check, so parallel attempts cannot slip past the limit.
  perClient.hit(key);

  const { db } = await serverDatabase();
  const correct = await throttle.run(async () => {
    if (overallFailures.retryAfter('all') > 0) await new Promise((resolve) => setTimeout(resolve, slowdownMs));
    return checkAdminPassword(db, parsed.data.password);
  });
  if (correct === undefined) return wantsJson ? tooManyRequests(5) : backToLogin('busy', parsed.data.next);
  if (!correct) {
    overallFailures.hit('all');
    return wantsJson
      ? errorResponse(401, 'invalid_password', 'Wrong password.')
      : backToLogin('invalid', parsed.data.next);
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

function backToLogin(error: 'invalid' | 'rate-limited' | 'busy', next?: string, retryAfter?: number): Response {
  const query = new URLSearchParams({
    error,
    ...(retryAfter ? { retry: String(retryAfter) } : {}),
    ...(next && safeNext(next) === next ? { next } : {}),
  });
  return redirectTo(`/console/login?${query}`);
}

import { z } from 'zod';
import { checkAdminPassword } from '@/lib/auth/admin';
import { RateLimiter } from '@/lib/auth/rate-limit';
import { CheckThrottle } from '@/lib/auth/throttle';
import { safeNext } from '@/lib/auth/login-next';
import { createSession, sessionCookieName, sessionLifetimeSeconds } from '@/lib/auth/session';
import { clientKey } from '@/lib/http/client-key';
import { parseJsonBody } from '@/lib/http/json-body';
import { errorResponse, json, tooManyRequests } from '@/lib/http/response';
import { publicRoute } from '@/lib/http/public-route';

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

/** The console's login: a JSON call answers JSON, the HTML form (no script) is redirected back with the reason. */
export const POST = publicRoute(async ({ db, request }) => {
  const wantsJson = (request.headers.get('content-type') ?? '').includes('application/json');
  let login: z.infer<typeof loginSchema>;
  if (wantsJson) {
    const body = await parseJsonBody(request, loginSchema, { usage: 'Send { "password": "…" }.' });
    if (!body.ok) return body.response;
    login = body.data;
  } else {
    const form = loginSchema.safeParse(await formFields(request));
    if (!form.success) return backToLogin('invalid');
    login = form.data;
  }

  const key = clientKey(request);
  const wait = perClient.retryAfter(key);
  if (wait > 0) return wantsJson ? tooManyRequests(wait) : backToLogin('rate-limited', login.next, wait);
  // Counted before the check, so parallel attempts cannot slip past the limit.
  perClient.hit(key);

  const correct = await throttle.run(async () => {
    if (overallFailures.retryAfter('all') > 0) await new Promise((resolve) => setTimeout(resolve, slowdownMs));
    return checkAdminPassword(db, login.password);
  });
  if (correct === undefined) return wantsJson ? tooManyRequests(5) : backToLogin('busy', login.next);
  if (!correct) {
    overallFailures.hit('all');
    return wantsJson ? errorResponse('invalid_password', 'Wrong password.') : backToLogin('invalid', login.next);
  }
  perClient.reset(key);

  const { cookieValue } = await createSession(db);
  const destination = safeNext(login.next);
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
});

async function formFields(request: Request): Promise<Record<string, FormDataEntryValue> | undefined> {
  try {
    return Object.fromEntries(await request.formData());
  } catch {
    return undefined;
  }
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

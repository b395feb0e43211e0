import { z } from 'zod';
import { checkAdminPassword } from '@/lib/auth/admin';
import { safeNext } from '@/lib/auth/login-next';
import {
  issueKnownDevice,
  knownDevice,
  knownDeviceCookieName,
  knownDeviceCookiePath,
  knownDeviceLifetimeSeconds,
} from '@/lib/auth/known-device';
import { LoginGate } from '@/lib/auth/login-gate';
import { createSession, sessionCookieName, sessionLifetimeSeconds } from '@/lib/auth/session';
import { clientProtocolHeader } from '@/lib/http/client-address';
import { clientKey } from '@/lib/http/client-key';
import { cookieValue } from '@/lib/http/cookies';
import { parseJsonBody } from '@/lib/http/json-body';
import { errorResponse, json, tooManyRequests } from '@/lib/http/response';
import { publicRoute } from '@/lib/http/public-route';

const loginSchema = z.object({
  password: z.string().min(1).max(200),
  next: z.string().max(500).optional(),
});

// Failures lock out only the client (its socket address) or known browser that
// failed; checks run one at a time per lane, and the admin's known browser has
// its own lane. Why, in lib/auth/login-gate.ts.
const gate = new LoginGate();

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

  const device = await knownDevice(db, cookieValue(request, knownDeviceCookieName));
  const outcome = await gate.attempt({ client: clientKey(request), device }, () =>
    checkAdminPassword(db, login.password),
  );
  if (outcome.kind === 'locked') {
    return wantsJson
      ? tooManyRequests(outcome.retryAfter)
      : backToLogin('rate-limited', login.next, outcome.retryAfter);
  }
  if (outcome.kind === 'busy') return wantsJson ? tooManyRequests(outcome.retryAfter) : backToLogin('busy', login.next);
  if (outcome.kind === 'wrong') {
    return wantsJson ? errorResponse('invalid_password', 'Wrong password.') : backToLogin('invalid', login.next);
  }

  const session = await createSession(db);
  const destination = safeNext(login.next);
  const response = wantsJson ? json({ ok: true, next: destination }) : redirectTo(destination);
  response.headers.append(
    'Set-Cookie',
    [
      `${sessionCookieName}=${session.cookieValue}`,
      'Path=/',
      'HttpOnly',
      'SameSite=Lax',
      `Max-Age=${sessionLifetimeSeconds}`,
      ...(isHttps(request) ? ['Secure'] : []),
    ].join('; '),
  );
  if (!device) {
    response.headers.append(
      'Set-Cookie',
      [
        `${knownDeviceCookieName}=${await issueKnownDevice(db)}`,
        `Path=${knownDeviceCookiePath}`,
        'HttpOnly',
        'SameSite=Strict',
        `Max-Age=${knownDeviceLifetimeSeconds}`,
        ...(isHttps(request) ? ['Secure'] : []),
      ].join('; '),
    );
  }
  return response;
});

async function formFields(request: Request): Promise<Record<string, FormDataEntryValue> | undefined> {
  try {
    return Object.fromEntries(await request.formData());
  } catch {
    return undefined;
  }
}

/**
 * Only server.ts says so (it never serves TLS itself, so only a trusted
 * proxy can make it true). Not request.url: Next builds its scheme from the
 * client's own X-Forwarded-Proto.
 */
function isHttps(request: Request): boolean {
  return request.headers.get(clientProtocolHeader) === 'https';
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

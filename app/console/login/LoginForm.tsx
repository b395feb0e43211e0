import { LoggedOutNotice } from './LoggedOutNotice';

const messages: Record<string, string> = {
  invalid: 'That password is not right. Try again.',
  'rate-limited': 'Too many attempts from this device.',
  busy: 'The server is checking many passwords right now. Try again in a few seconds.',
};

interface LoginFormProps {
  error: string | undefined;
  retryAfter: string | undefined;
  loggedOut: boolean;
  next: string | undefined;
}

/** A plain form POST: logging in works before (and without) any JavaScript. */
export function LoginForm({ error, retryAfter, loggedOut, next }: LoginFormProps) {
  const message = error ? (messages[error] ?? 'Could not log in.') : undefined;
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <form
        method="post"
        action="/api/auth/login"
        className="w-full max-w-sm space-y-5 rounded-xl border border-slate-200 bg-white p-8 shadow-sm"
      >
        <div className="space-y-1">
          <p className="text-sm font-semibold tracking-wide text-brand-600 uppercase">Kairos</p>
          <h1 className="text-2xl font-semibold">Log in to the console</h1>
        </div>
        {loggedOut && !message ? <LoggedOutNotice /> : null}
        {message ? (
          <p id="login-error" role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            {message}
            {Number(retryAfter) > 0 ? ` Try again in ${Math.ceil(Number(retryAfter) / 60)} min.` : ''}
          </p>
        ) : null}
        <label className="block space-y-1.5">
          <span className="text-sm font-medium text-slate-700">Admin password</span>
          <input
            name="password"
            type="password"
            required
            autoComplete="current-password"
            autoFocus
            aria-invalid={message ? true : undefined}
            aria-describedby={message ? 'login-error' : undefined}
            className="block w-full rounded-md border border-slate-300 px-3 py-2 shadow-xs focus:border-brand-500"
          />
        </label>
        {next ? <input type="hidden" name="next" value={next} /> : null}
        <button
          type="submit"
          className="w-full rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700"
        >
          Log in
        </button>
        <p className="text-xs text-slate-500">
          The password is set by <code>KAIROS_ADMIN_PASSWORD</code>, or was printed when the server first started. Reset
          it with <code>npm run kairos -- admin-password</code>.
        </p>
      </form>
    </main>
  );
}

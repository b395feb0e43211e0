// The console's calls to the admin API: JSON in and out, and the API's one
// error shape ({ error: { code, message, status } }) turned into an Error the
// page can show as it is.
export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AdminApiError';
  }
}

export async function adminApi<T>(url: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    ...(init.body === undefined
      ? {}
      : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(init.body) }),
  });
  if (response.status === 204) return undefined as T;
  const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  if (!response.ok) {
    throw new AdminApiError(
      response.status,
      body?.error?.code ?? 'error',
      body?.error?.message ?? `The server answered ${response.status}.`,
    );
  }
  return body as T;
}

// The server bounds how many event exports stream at once and answers one
// beyond that with 429 and Retry-After: the console's loader waits that long
// and asks again (a few times) instead of failing the load.
const maxAttempts = 6;
const longestWaitSeconds = 30;

function sleep(ms: number, signal: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', aborted);
      resolve();
    }
    function aborted() {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener('abort', aborted, { once: true });
  });
}

/** fetch(), waiting out a 429's Retry-After (seconds) up to a few times; any other answer is returned as is. */
export async function fetchWaitingOutBusy(url: string, init: RequestInit = {}): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(url, init);
    const header = response.headers.get('retry-after');
    const retryAfter = header === null ? NaN : Number(header);
    if (response.status !== 429 || attempt >= maxAttempts || !(retryAfter >= 0)) return response;
    await response.body?.cancel();
    await sleep(Math.min(retryAfter, longestWaitSeconds) * 1000, init.signal ?? null);
  }
}

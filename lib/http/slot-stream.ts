// A response body pulled from a generator while it holds one of the long-work
// slots (lib/http/work-slots.ts). The slot is released when the body ends or
// fails, when the client cancels, when the request is aborted, and when the
// reader stops taking chunks for `idleMs`: a HEAD request (the framework runs
// the GET handler and throws the body away) or a client that stops reading
// without closing would otherwise hold the slot until the server restarts.

export interface SlotStreamOptions {
  release: () => void;
  signal?: AbortSignal;
  /** How long the body may wait for its reader before it gives up the slot. */
  idleMs: number;
}

export function slotStream(
  chunks: AsyncGenerator<Uint8Array>,
  { release, signal, idleMs }: SlotStreamOptions,
): ReadableStream<Uint8Array> {
  let idle: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const stop = () => {
    clearTimeout(idle);
    if (stopped) return;
    stopped = true;
    release();
    // The generator may be mid-step: its return() runs once that step settles.
    chunks.return(undefined).catch(() => undefined);
  };
  let fail: (reason: Error) => void = () => undefined;
  const giveUp = (why: string) => {
    stop();
    fail(new Error(why));
  };
  const arm = () => {
    clearTimeout(idle);
    idle = setTimeout(() => giveUp(`No chunk was read for ${idleMs} ms: the export gave up its slot.`), idleMs);
  };
  signal?.addEventListener('abort', () => giveUp('The request was aborted.'), { once: true });
  return new ReadableStream<Uint8Array>({
    start(controller) {
      fail = (reason) => {
        try {
          controller.error(reason);
        } catch {
          // Already closed or errored.
        }
      };
      if (signal?.aborted) giveUp('The request was aborted.');
      else arm();
    },
    async pull(controller) {
      clearTimeout(idle);
      if (stopped) return;
      try {
        const next = await chunks.next();
        if (next.done) {
          stop();
          controller.close();
        } else {
          controller.enqueue(next.value);
          arm();
        }
      } catch (error) {
        stop();
        throw error;
      }
    },
    cancel() {
      stop();
    },
  });
}

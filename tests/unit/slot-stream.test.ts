// The export's slot is given back however its body ends (lib/http/slot-stream.ts).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { slotStream } from '@/lib/http/slot-stream';
import { WorkSlots } from '@/lib/http/work-slots';

async function* chunks(n: number) {
  for (let i = 0; i < n; i++) yield new Uint8Array([i]);
}

describe('a long body holding a work slot', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is released when the body is read to its end', async () => {
    const slots = new WorkSlots(1);
    const body = slotStream(chunks(3), { release: slots.take()!, idleMs: 60_000 });
    expect(slots.busy).toBe(1);
    expect((await new Response(body).arrayBuffer()).byteLength).toBe(3);
    expect(slots.busy).toBe(0);
  });

  // Injected failure: a body nobody reads (the framework's HEAD answer, a paused client) held its slot for ever.
  it('is released when nobody reads for the idle time, and the body then fails', async () => {
    vi.useFakeTimers();
    const slots = new WorkSlots(1);
    const body = slotStream(chunks(1_000), { release: slots.take()!, idleMs: 30_000 });
    const reader = body.getReader();
    await reader.read();
    await vi.advanceTimersByTimeAsync(29_000);
    expect(slots.busy).toBe(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(slots.busy).toBe(0);
    expect(slots.take()).toBeDefined();
    await expect(reader.read()).rejects.toThrow(/gave up its slot/);
  });

  // Injected failures: the client cancels; the request is aborted.
  it('is released when the client cancels or the request is aborted', async () => {
    const slots = new WorkSlots(2);
    const cancelled = slotStream(chunks(10), { release: slots.take()!, idleMs: 60_000 });
    const abort = new AbortController();
    slotStream(chunks(10), { release: slots.take()!, signal: abort.signal, idleMs: 60_000 });
    expect(slots.busy).toBe(2);
    await cancelled.cancel();
    expect(slots.busy).toBe(1);
    abort.abort();
    expect(slots.busy).toBe(0);
  });

  // Injected failure: the export's read fails midway.
  it('is released when reading fails', async () => {
    const slots = new WorkSlots(1);
    async function* failing() {
      yield new Uint8Array([1]);
      throw new Error('storage went away');
    }
    const body = slotStream(failing(), { release: slots.take()!, idleMs: 60_000 });
    await expect(new Response(body).arrayBuffer()).rejects.toThrow('storage went away');
    expect(slots.busy).toBe(0);
  });
});

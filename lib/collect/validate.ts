// Checks one collect request's events one by one: a bad event is reported by
// its index and the good ones are still stored. Each event's text is made
// storable first (lib/contracts/storable-json.ts). Timestamps are corrected for
// the device's clock as Segment does: timestamp = receivedAt - (sentAt - timestamp).
import { collectLimits } from '../contracts/collect';
import { eventSchema, type KairosEvent } from '../contracts/event';
import { problemText, storableJson } from '../contracts/storable-json';

export interface ValidEvent {
  /** Its place in the batch, for reporting it if storage refuses it. */
  index: number;
  event: KairosEvent;
  /** The device's own clock reading. */
  originalTimestamp: Date;
  /** On the server's clock. */
  timestamp: Date;
}

export interface BatchCheck {
  valid: ValidEvent[];
  invalid: { index: number; reason: string }[];
  /** Repeats of a messageId inside this very batch. */
  repeated: number;
}

const byteLength = (value: unknown) => new TextEncoder().encode(JSON.stringify(value) ?? '').length;

function reasonOf(raw: unknown): string | KairosEvent {
  // First, so the size check below never serialises a value nested past the bound.
  const storable = storableJson(raw);
  if (!storable.ok) return problemText(storable.problem, 'event');
  const bytes = byteLength(storable.value);
  if (bytes > collectLimits.maxEventBytes) {
    return `event is ${bytes} bytes; the limit is ${collectLimits.maxEventBytes}`;
  }
  const parsed = eventSchema.safeParse(storable.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'event';
    return `${where}: ${issue?.message ?? 'invalid'}`;
  }
  if (parsed.data.type === 'track' && !parsed.data.event) return 'event: a track call needs an event name';
  return parsed.data;
}

export function checkBatch(batch: readonly unknown[], sentAt: Date, receivedAt: Date): BatchCheck {
  const skewMs = receivedAt.getTime() - sentAt.getTime();
  const seen = new Set<string>();
  const result: BatchCheck = { valid: [], invalid: [], repeated: 0 };
  batch.forEach((raw, index) => {
    const checked = reasonOf(raw);
    if (typeof checked === 'string') {
      result.invalid.push({ index, reason: checked });
      return;
    }
    const originalTimestamp = new Date(checked.timestamp);
    if (originalTimestamp.getTime() - sentAt.getTime() > collectLimits.maxFutureMs) {
      result.invalid.push({ index, reason: 'timestamp: later than sentAt (an event cannot happen after it was sent)' });
      return;
    }
    // After the correction no event lies in the server's future by more than maxFutureMs.
    const timestamp = new Date(originalTimestamp.getTime() + skewMs);
    if (receivedAt.getTime() - timestamp.getTime() > collectLimits.maxAgeMs) {
      result.invalid.push({ index, reason: 'timestamp: older than the collector accepts' });
      return;
    }
    if (seen.has(checked.messageId)) {
      result.repeated += 1;
      return;
    }
    seen.add(checked.messageId);
    result.valid.push({ index, event: checked, originalTimestamp, timestamp });
  });
  return result;
}

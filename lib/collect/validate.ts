// Checks one request's events one by one: a bad event is reported by its index
// and the good ones are still stored. Each event's text is made storable first
// (lib/contracts/storable-json.ts) and its size bounded; then a reader for the
// wire format (the tracker's here, Segment's in lib/collect/segment-call.ts)
// turns it into a stored event with its times, and the checks every event
// passes follow: not in the server's future, not older than the collector
// accepts (the message-id ledger's retention relies on it), and a messageId
// repeated within the request stored once.
import { collectLimits } from '../contracts/collect';
import { eventSchema, type StoredEvent } from '../contracts/event';
import { problemText, storableJson } from '../contracts/storable-json';

export interface ValidEvent {
  /** Its place in the batch, for reporting it if storage refuses it. */
  index: number;
  event: StoredEvent;
  /** The sender's own clock reading. */
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

/** What a wire format's reader makes of one storable event: the event and its times, or why it is refused. */
export type EventReading = string | Omit<ValidEvent, 'index'>;

// Counted without encoding: JSON text is well formed (lone surrogates are escaped), so its UTF-8 length is exact.
const byteLength = (value: unknown) => Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');

/** The first zod issue as `path: message`. */
export function issueText(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  const where = issue?.path.length ? issue.path.map(String).join('.') : 'event';
  return `${where}: ${issue?.message ?? 'invalid'}`;
}

function readEach(raw: unknown, read: (storable: unknown) => EventReading, receivedAt: Date): EventReading {
  // First, so the size check below never serialises a value nested past the bound.
  const storable = storableJson(raw);
  if (!storable.ok) return problemText(storable.problem, 'event');
  const bytes = byteLength(storable.value);
  if (bytes > collectLimits.maxEventBytes) {
    return `event is ${bytes} bytes; the limit is ${collectLimits.maxEventBytes}`;
  }
  const reading = read(storable.value);
  if (typeof reading === 'string') return reading;
  if (reading.timestamp.getTime() - receivedAt.getTime() > collectLimits.maxFutureMs) {
    return 'timestamp: later than the server received it (an event cannot happen after it was sent)';
  }
  if (receivedAt.getTime() - reading.timestamp.getTime() > collectLimits.maxAgeMs) {
    return 'timestamp: older than the collector accepts';
  }
  return reading;
}

/** Every event of `batch` through `read` and the checks all events pass. */
export function checkEvents(
  batch: readonly unknown[],
  receivedAt: Date,
  read: (storable: unknown) => EventReading,
): BatchCheck {
  const seen = new Set<string>();
  const result: BatchCheck = { valid: [], invalid: [], repeated: 0 };
  batch.forEach((raw, index) => {
    const checked = readEach(raw, read, receivedAt);
    if (typeof checked === 'string') {
      result.invalid.push({ index, reason: checked });
      return;
    }
    if (seen.has(checked.event.messageId)) {
      result.repeated += 1;
      return;
    }
    seen.add(checked.event.messageId);
    result.valid.push({ index, ...checked });
  });
  return result;
}

/**
 * The tracker's events. Timestamps are corrected for the device's clock as
 * Segment does: timestamp = receivedAt - (sentAt - timestamp).
 */
function trackerReader(sentAt: Date, receivedAt: Date): (storable: unknown) => EventReading {
  const skewMs = receivedAt.getTime() - sentAt.getTime();
  return (storable) => {
    const parsed = eventSchema.safeParse(storable);
    if (!parsed.success) return issueText(parsed.error);
    const event = parsed.data;
    if (event.type === 'track' && !event.event) return 'event: a track call needs an event name';
    const originalTimestamp = new Date(event.timestamp);
    if (originalTimestamp.getTime() - sentAt.getTime() > collectLimits.maxFutureMs) {
      return 'timestamp: later than sentAt (an event cannot happen after it was sent)';
    }
    return { event, originalTimestamp, timestamp: new Date(originalTimestamp.getTime() + skewMs) };
  };
}

export function checkBatch(batch: readonly unknown[], sentAt: Date, receivedAt: Date): BatchCheck {
  return checkEvents(batch, receivedAt, trackerReader(sentAt, receivedAt));
}

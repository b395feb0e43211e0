// When a Segment-shaped call happened, on the server's clock. Segment's rule
// (https://segment.com/docs/connections/spec/common/#timestamps): the time the
// sender's clock read, shifted by how far that clock is off, measured by the
// call's or the batch's `sentAt` against the moment the server received it:
//   timestamp = receivedAt - (sentAt - originalTimestamp)
// The sender's reading is `originalTimestamp` (RudderStack), else `timestamp`
// (Segment's libraries, the tracker). A call with both was corrected already
// (a replay of stored Segment data): its `timestamp` stands. A call with
// neither happened when it arrived. Without a `sentAt` nothing is shifted.

export interface CallTimes {
  timestamp?: string | null;
  originalTimestamp?: string | null;
  sentAt?: string | null;
}

export interface CorrectedTimes {
  /** As the sender's clock read it. */
  originalTimestamp: Date;
  /** On the server's clock. */
  timestamp: Date;
}

/** The times of each call of one request, the batch's `sentAt` read once for them all. */
export function callClock(batchSentAt: string | undefined, receivedAt: Date): (call: CallTimes) => CorrectedTimes {
  const skewFrom = (sentAt: string) => receivedAt.getTime() - Date.parse(sentAt);
  const batchSkewMs = batchSentAt ? skewFrom(batchSentAt) : 0;
  return (call) => {
    if (call.timestamp && call.originalTimestamp) {
      return { originalTimestamp: new Date(call.originalTimestamp), timestamp: new Date(call.timestamp) };
    }
    const reading = call.originalTimestamp ?? call.timestamp;
    if (!reading) return { originalTimestamp: receivedAt, timestamp: receivedAt };
    const originalTimestamp = new Date(reading);
    const skewMs = call.sentAt ? skewFrom(call.sentAt) : batchSkewMs;
    return { originalTimestamp, timestamp: new Date(originalTimestamp.getTime() + skewMs) };
  };
}

export const correctedTimes = (call: CallTimes, batchSentAt: string | undefined, receivedAt: Date): CorrectedTimes =>
  callClock(batchSentAt, receivedAt)(call);

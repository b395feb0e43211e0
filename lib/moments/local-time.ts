// The visitor's wall clock: quiet hours and the daily cap are in their time
// zone, not the server's or UTC. Intl carries the time zone database in every
// browser and in Node; an unknown zone falls back to UTC rather than throwing.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (!found) {
    try {
      found = new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        hourCycle: 'h23',
      });
    } catch {
      found = formatter('UTC');
    }
    formatters.set(timeZone, found);
  }
  return found;
}

/** The local date (YYYY-MM-DD) and hour (0..23) at `time` in `timeZone`. */
export function localClock(time: number, timeZone: string): { day: string; hour: number } {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(time)
      .map((part) => [part.type, part.value]),
  );
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) % 24 };
}

/** Quiet from startHour (inclusive) to endHour (exclusive), wrapping midnight when start > end; equal hours: never quiet. */
export function inQuietHours(hour: number, quiet: { startHour: number; endHour: number } | null): boolean {
  if (!quiet || quiet.startHour === quiet.endHour) return false;
  return quiet.startHour < quiet.endHour
    ? hour >= quiet.startHour && hour < quiet.endHour
    : hour >= quiet.startHour || hour < quiet.endHour;
}

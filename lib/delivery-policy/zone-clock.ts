// Wall-clock time in a visitor's zone, from the time zone database every
// browser and Node carry (Intl). Minutes matter here (a send at 10:30) and
// instants are found from wall times, so this goes further than the moments'
// hour clock (lib/moments/local-time.ts). An unknown zone is treated as UTC.

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Asked once per delivery: remembered, as building a formatter is the costly part. */
const known = new Map<string, boolean>();

/** Whether Intl knows the zone (a visitor's context is untrusted text). */
export function knownZone(timeZone: string): boolean {
  let answer = known.get(timeZone);
  if (answer === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone });
      answer = true;
    } catch {
      answer = false;
    }
    // Bounded: zones are a few hundred names; anything else a visitor sends is not kept.
    if (answer || known.size < 1_000) known.set(timeZone, answer);
  }
  return answer;
}

function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (!found) {
    found = knownZone(timeZone)
      ? new Intl.DateTimeFormat('en-US', {
          timeZone,
          hourCycle: 'h23',
          year: 'numeric',
          month: 'numeric',
          day: 'numeric',
          hour: 'numeric',
          minute: 'numeric',
          second: 'numeric',
        })
      : formatter('UTC');
    formatters.set(timeZone, found);
  }
  return found;
}

export interface WallClock {
  year: number;
  /** 1..12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function wallClock(at: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(at)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** How far the zone's wall clock is ahead of UTC at `at`, in ms. */
export function zoneOffsetMs(at: number, timeZone: string): number {
  const wall = wallClock(at, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - Math.floor(at / 1000) * 1000;
}

/**
 * The instant the zone's clock shows `minuteOfDay` on the local date
 * (year, month, day). A wall time a DST jump skips, or repeats, maps to an
 * instant an hour to one side of it: a send moves by at most that hour.
 */
export function instantAt(
  timeZone: string,
  date: { year: number; month: number; day: number },
  minuteOfDay: number,
): number {
  const wallAsUtc = Date.UTC(date.year, date.month - 1, date.day, 0, minuteOfDay);
  const guess = wallAsUtc - zoneOffsetMs(wallAsUtc, timeZone);
  // Twice: the offset at the first guess can differ from the one at the answer across a DST change.
  return wallAsUtc - zoneOffsetMs(guess, timeZone);
}

/** The local calendar date `days` after the one at `at` in the zone. */
export function localDate(at: number, timeZone: string, days = 0): { year: number; month: number; day: number } {
  const wall = wallClock(at, timeZone);
  const shifted = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + days));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** The first instant at or after `after` when the zone's clock shows `minuteOfDay`. */
export function nextWallTime(after: number, timeZone: string, minuteOfDay: number): number {
  for (let days = -1; days <= 2; days++) {
    const at = instantAt(timeZone, localDate(after, timeZone, days), minuteOfDay);
    if (at >= after) return at;
  }
  return after; // unreachable: some day within two holds the time
}

/** "HH:MM" as minutes after midnight. */
export const minuteOfDay = (time: string): number => {
  const [hours, minutes] = time.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
};

// When a recurring automation runs next: a wall-clock time in a time zone
// (10:00 in Europe/Berlin is 09:00 UTC in winter and 08:00 in summer), every
// day, Monday to Friday, or on one day of the month.
import type { RecurringSchedule } from '../contracts/automation';

const dayMs = 86_400_000;

/** The zone's wall clock at `instant`, as if it were UTC (so its offset is the difference). */
function wallClock(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
}

/** The instant the zone's clock shows `wall` (a UTC-encoded wall time); twice-corrected for a DST change. */
export function zonedInstant(wall: number, timeZone: string): number {
  const first = wall - (wallClock(wall, timeZone) - wall);
  return wall - (wallClock(first, timeZone) - first);
}

function runsOn(schedule: RecurringSchedule, day: Date): boolean {
  if (schedule.every === 'weekday') return day.getUTCDay() >= 1 && day.getUTCDay() <= 5;
  if (schedule.every === 'month') return day.getUTCDate() === schedule.dayOfMonth;
  return true;
}

/** The first run strictly after `after` (epoch ms). */
export function nextRecurringRun(schedule: RecurringSchedule, after: number): number {
  const [hours, minutes] = schedule.at.split(':').map(Number) as [number, number];
  const today = Math.floor(wallClock(after, schedule.timeZone) / dayMs) * dayMs;
  // A month's day comes round within 31 days; 62 covers any start.
  for (let offset = 0; offset < 62; offset++) {
    const day = today + offset * dayMs;
    if (!runsOn(schedule, new Date(day))) continue;
    const run = zonedInstant(day + (hours * 60 + minutes) * 60_000, schedule.timeZone);
    if (run > after) return run;
  }
  throw new Error(`No run of ${JSON.stringify(schedule)} within 62 days.`);
}

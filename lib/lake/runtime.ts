import 'server-only';
// The server process's lake: its folder under the data folder, its settings,
// and the background schedule (instrumentation.ts starts it at boot). Routes
// reach it through here, so every compaction in the process goes through the
// one writer queue.
import { serverDatabase } from '../db';
import { defaultDataDir } from '../db/client';
import { compactLake } from './compactor';
import { lakeFolder } from './layout';
import { LakeSchedule } from './schedule';
import { type LakeSettings, lakeSettings } from './settings';

export interface ServerLake {
  lakeDir: string;
  settings: LakeSettings;
}

export const serverLake = (): ServerLake => ({ lakeDir: lakeFolder(defaultDataDir()), settings: lakeSettings() });

const holder = globalThis as typeof globalThis & { kairosLakeSchedule?: LakeSchedule };

/** Starts background compaction in this process (once; KAIROS_LAKE=off leaves it off). */
export function startLakeSchedule(): LakeSchedule | undefined {
  const { lakeDir, settings } = serverLake();
  if (!settings.background) return undefined;
  holder.kairosLakeSchedule ??= new LakeSchedule(async () => {
    try {
      const summary = await compactLake(await serverDatabase(), lakeDir, { settings, consoleSnapshot: true });
      if (
        summary &&
        (summary.rows > 0 || summary.rewritten > 0 || summary.merged > 0 || summary.snapshot === 'built')
      ) {
        console.log(
          `Kairos lake: ${summary.rows} events compacted, ${summary.rewritten} files rewritten for forgets, ` +
            `${summary.merged} merged; ${summary.lakeFiles} files, watermark ${summary.watermark}; ` +
            `console snapshot ${summary.snapshot}`,
        );
      }
    } catch (error) {
      // The tail still holds every event: the console loses nothing, the next run tries again.
      console.error('Kairos lake: compaction failed:', error);
    }
  }, settings);
  holder.kairosLakeSchedule.start();
  return holder.kairosLakeSchedule;
}

/** Tells the schedule (if this process runs one) that events were stored. */
export const lakeStored = (count: number) => holder.kairosLakeSchedule?.stored(count);

/** Tells the schedule (if this process runs one) that a visitor was forgotten. */
export const lakeForgotten = () => holder.kairosLakeSchedule?.forgotten();

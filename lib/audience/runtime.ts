import 'server-only';
// One server audience engine per process, opened on first use and kept: it
// holds the lake's events in native DuckDB (in memory up to
// KAIROS_AUDIENCE_MEMORY, spilling to the system's temporary folder beyond).
// Before each evaluation the lake is compacted, so it holds every event stored
// until then (when another process is compacting that lake, after its run
// ends: a send's audience includes the visitors who joined meanwhile).
import os from 'node:os';
import { type DatabaseHandle, serverDatabase } from '../db';
import { allLinks } from '../db/identity-links';
import { compactLake } from '../lake/compactor';
import { readManifest } from '../lake/manifest-store';
import { serverLake } from '../lake/runtime';
import { AudienceEngine } from './audience-engine';
import { ServerAudiences, type LakeSource } from './server-audience';

function processLake(database: () => Promise<DatabaseHandle>): LakeSource {
  const { lakeDir, settings } = serverLake();
  return {
    dir: lakeDir,
    async upToDate() {
      const handle = await database();
      await compactLake(handle, lakeDir, { settings, wait: true });
      return { ...(await readManifest(lakeDir)), links: await allLinks(handle.db) };
    },
  };
}

const holder = globalThis as typeof globalThis & { kairosAudiences?: Promise<ServerAudiences> };

/**
 * `database`: the storage the lake is compacted from. The CLI passes the handle
 * it holds: a second PGlite on the same folder in one process would corrupt it.
 */
export function serverAudiences(database: () => Promise<DatabaseHandle> = serverDatabase): Promise<ServerAudiences> {
  holder.kairosAudiences ??= (async () => {
    const engine = await AudienceEngine.open({
      path: ':memory:',
      memoryLimit: process.env.KAIROS_AUDIENCE_MEMORY ?? '1GB',
      threads: Math.max(1, os.availableParallelism() - 1),
    });
    return new ServerAudiences(engine, processLake(database));
  })();
  holder.kairosAudiences.catch(() => {
    holder.kairosAudiences = undefined;
  });
  return holder.kairosAudiences;
}

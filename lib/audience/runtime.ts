import 'server-only';
// One server audience engine per process, opened on first use and kept: it
// holds the lake's events in native DuckDB (in memory up to
// KAIROS_AUDIENCE_MEMORY, spilling to the system's temporary folder beyond).
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lakeManifestSchema, type LakeManifest } from '../contracts/lake';
import { defaultDataDir } from '../db/client';
import { AudienceEngine } from './audience-engine';
import { ServerAudiences, type LakeSource } from './server-audience';

const emptyManifest = (): LakeManifest => ({
  version: 1,
  watermark: 0,
  files: [],
  tail: { rows: 0, url: '' },
  generatedAt: Date.now(),
});

/** The data folder's lake, as its manifest says. */
function dataDirLake(): LakeSource {
  const dir = path.join(defaultDataDir(), 'lake');
  const manifestFile = path.join(dir, 'manifest.json');
  return {
    dir,
    upToDate: async () =>
      existsSync(manifestFile)
        ? lakeManifestSchema.parse(JSON.parse(readFileSync(manifestFile, 'utf8')))
        : emptyManifest(),
  };
}

const holder = globalThis as typeof globalThis & { kairosAudiences?: Promise<ServerAudiences> };

export function serverAudiences(): Promise<ServerAudiences> {
  holder.kairosAudiences ??= (async () => {
    const engine = await AudienceEngine.open({
      path: ':memory:',
      memoryLimit: process.env.KAIROS_AUDIENCE_MEMORY ?? '1GB',
      threads: Math.max(1, os.availableParallelism() - 1),
    });
    return new ServerAudiences(engine, dataDirLake());
  })();
  holder.kairosAudiences.catch(() => {
    holder.kairosAudiences = undefined;
  });
  return holder.kairosAudiences;
}

// `next build` renders pages in worker processes; storage opened there would
// migrate and lock the data folder of a server running beside the build, and
// leave a lock holding a dead worker's pid. Each test says which phase it injects.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PHASE_PRODUCTION_BUILD, PHASE_PRODUCTION_SERVER } from 'next/constants';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Storage from '@/lib/db';

const opened = vi.hoisted(() => ({ count: 0 }));
// Stands in for storage so the server-phase test sees register() reach it without starting a server.
vi.mock('@/lib/db', async (original) => ({
  ...(await original<typeof Storage>()),
  serverDatabase: () => {
    opened.count += 1;
    return Promise.reject(new Error('storage reached'));
  },
}));

const { register } = await import('@/instrumentation');
const storage = await vi.importActual<typeof Storage>('@/lib/db');

let dataDir: string;
const saved = { ...process.env };
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'kairos-build-phase-'));
  opened.count = 0;
  process.env.KAIROS_DATA_DIR = dataDir;
  process.env.NEXT_RUNTIME = 'nodejs';
});
afterEach(() => {
  process.env = { ...saved };
  rmSync(dataDir, { recursive: true, force: true });
});

describe('register()', () => {
  it('leaves storage alone during the build (injected: the production-build phase)', async () => {
    process.env.NEXT_PHASE = PHASE_PRODUCTION_BUILD;
    await register();
    expect(opened.count).toBe(0);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('opens storage when the server starts (injected: the production-server phase, and none)', async () => {
    process.env.NEXT_PHASE = PHASE_PRODUCTION_SERVER;
    await expect(register()).rejects.toThrow('storage reached');
    delete process.env.NEXT_PHASE;
    await expect(register()).rejects.toThrow('storage reached');
    expect(opened.count).toBe(2);
  });
});

describe('serverDatabase()', () => {
  it("knows Next's build phase by its name", () => {
    expect(storage.productionBuildPhase).toBe(PHASE_PRODUCTION_BUILD);
  });

  it('refuses during the build and creates no data folder or lock (injected: a page reaching storage in `next build`)', async () => {
    process.env.NEXT_PHASE = PHASE_PRODUCTION_BUILD;
    await expect(storage.serverDatabase()).rejects.toThrow(/not opened during `next build`/);
    expect(existsSync(path.join(dataDir, 'pglite'))).toBe(false);
    expect(existsSync(path.join(dataDir, 'pglite.lock'))).toBe(false);
  });
});

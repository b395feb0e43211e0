// The operator CLI as a user runs it: a separate process on a data folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkAdminPassword } from '@/lib/auth/admin';
import { openDatabase } from '@/lib/db';
import { runKairos } from '../fixtures/kairos-cli';

const dataDir = mkdtempSync(path.join(tmpdir(), 'kairos-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function kairosWithInput(input: string | undefined, ...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, KAIROS_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  delete env.KAIROS_ADMIN_PASSWORD;
  delete env.VAPID_PUBLIC_KEY;
  delete env.VAPID_PRIVATE_KEY;
  return runKairos(args, env, input);
}
const kairos = (...args: string[]) => kairosWithInput(undefined, ...args);

describe('npm run kairos', () => {
  it('explains itself and refuses an unknown command', () => {
    const unknown = kairos('frobnicate');
    expect(unknown.code).toBe(1);
    expect(unknown.out).toContain('Usage: npm run kairos -- <command>');
  });

  it('migrates, seeds deterministic demo data once, and reports its size', () => {
    expect(kairos('migrate').out).toMatch(/Migrated pglite database/);
    const seeded = kairos('seed', '--visitors', '40', '--seed', '3', '--end', '2026-01-31');
    expect(seeded.code).toBe(0);
    expect(seeded.out).toMatch(/Seeded 40 visitors and \d+ events/);
    const again = kairos('seed', '--visitors', '40');
    expect(again.out).toMatch(/already holds \d+ events; nothing seeded/);
    const statsOut = kairos('stats').out;
    const stats = JSON.parse(statsOut.slice(statsOut.indexOf('{'))) as { visitors: number };
    expect(stats.visitors).toBe(40);
  });

  it('creates VAPID keys once and rotates them on request', () => {
    const publicKey = (out: string) => /key[^:]*: ([A-Za-z0-9_-]{87})/.exec(out)?.[1];
    const first = publicKey(kairos('vapid-keys').out);
    expect(first).toBeDefined();
    expect(publicKey(kairos('vapid-keys').out)).toBe(first);
    const rotated = kairos('vapid-keys', '--rotate');
    expect(rotated.out).toContain('Rotated');
    expect(publicKey(rotated.out)).not.toBe(first);
  });

  it('sets a new admin password that then logs in', async () => {
    const result = kairos('admin-password');
    const password = /New console password: (\S+)/.exec(result.out)?.[1] ?? '';
    expect(password).toMatch(/^[a-z2-9-]{23}$/);
    const handle = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
    try {
      expect(await checkAdminPassword(handle.db, password)).toBe(true);
    } finally {
      await handle.close();
    }
  });

  it('takes a chosen password from standard input, never from the process list', async () => {
    const chosen = 'correct horse battery staple';
    const result = kairosWithInput(`${chosen}\n`, 'admin-password', '--password-stdin');
    expect(result.out).toContain('The console password is updated.');
    expect(result.out).not.toContain(chosen);
    const empty = kairosWithInput('', 'admin-password', '--password-stdin');
    expect(empty.code).toBe(1);
    expect(empty.out).toMatch(/standard input was empty/);
    const handle = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
    try {
      expect(await checkAdminPassword(handle.db, chosen)).toBe(true);
    } finally {
      await handle.close();
    }
  });

  it('prepare-demo runs on its own too, with no demo wrapper to report to (injected: no IPC channel)', () => {
    const prepared = kairos('prepare-demo');
    expect(prepared.code, prepared.out).toBe(0);
    expect(prepared.out).toMatch(/Demo data already loaded \(\d+ events\)/);
  });

  it('demo prepares storage in a child and starts no server when that fails (injected: this process holds the data folder)', async () => {
    const handle = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
    try {
      const demo = kairos('demo', '--port', '3319');
      expect(demo.code).toBe(1);
      expect(demo.out).toMatch(/in use by process \d+/);
      expect(demo.out).toMatch(/Preparing the demo's storage failed \(exit code 1\)/);
      expect(demo.out).not.toMatch(/Kairos is running/);
    } finally {
      await handle.close();
    }
  });

  it('says clearly when the data folder is in use (injected: this process holds it)', async () => {
    const handle = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
    try {
      const blocked = kairos('stats');
      expect(blocked.code).toBe(1);
      expect(blocked.out).toMatch(/in use by process \d+/);
    } finally {
      await handle.close();
    }
  });
});

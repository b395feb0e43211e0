// `npm run kairos -- write-key …` as an operator runs it: a separate process on a data folder
// (each run starts tsx and opens storage: seconds each on a busy machine, hence the long timeouts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runKairos } from '../fixtures/kairos-cli';

const dataDir = mkdtempSync(path.join(tmpdir(), 'kairos-cli-write-key-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const envKey = 'crm-key-from-the-environment-01';
function kairos(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, KAIROS_DATA_DIR: dataDir, KAIROS_WRITE_KEYS: `crm:${envKey}` };
  delete env.DATABASE_URL;
  return runKairos(args, env);
}

describe('npm run kairos -- write-key', () => {
  it('creates a key (printed once, last), lists it without the key, and revokes it by name', () => {
    const created = kairos('write-key', 'create', '--name', 'shop-backend');
    expect(created.code, created.out).toBe(0);
    const key = created.stdout.trim().split('\n').at(-1) ?? '';
    expect(key).toMatch(/^kairos_wk_[\w-]{32}$/);

    const listed = kairos('write-key', 'list');
    expect(listed.stdout).toMatch(new RegExp(`^shop-backend\\t${key.slice(0, 14)}…\\tcreated .*\\tactive$`, 'm'));
    expect(listed.stdout).toMatch(/^crm\t.*\tKAIROS_WRITE_KEYS\tactive$/m);
    expect(listed.out).not.toContain(key);
    expect(listed.out).not.toContain(envKey);

    expect(kairos('write-key', 'revoke', 'shop-backend').stdout).toContain('revoked');
    expect(kairos('write-key', 'list').stdout).toMatch(/^shop-backend\t.*\trevoked \d{4}-/m);
  }, 300_000);

  it('refuses what it cannot do, with a reason (injected: a bad name, a second revoke, an environment key)', () => {
    const badName = kairos('write-key', 'create', '--name', 'a:b');
    expect(badName.code).toBe(1);
    expect(badName.out).toMatch(/name: a name is 1 to 64/);
    kairos('write-key', 'create', '--name', 'once');
    expect(kairos('write-key', 'revoke', 'once').code).toBe(0);
    const twice = kairos('write-key', 'revoke', 'once');
    expect(twice.code).toBe(1);
    expect(twice.out).toMatch(/No active write key is named "once"/);
    expect(kairos('write-key', 'revoke', 'crm').out).toMatch(/comes from KAIROS_WRITE_KEYS/);
    expect(kairos('write-key', 'create').out).toMatch(/Usage: kairos write-key/);
  }, 300_000);
});

// The data folder's lock: PGlite corrupts a folder two processes open, so
// exactly one process may hold it, also when several start at once or when the
// last owner died without releasing it. Each test says which failure it injects.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lockDataDir } from '@/lib/db/data-dir-lock';

let dir: string;
let dataDir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'kairos-lock-'));
  dataDir = path.join(dir, 'pglite');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const lockFile = () => `${dataDir}.lock`;
const DEAD = 4_000_001;
const OTHER = 4_000_002;
const onlyAlive =
  (...pids: number[]) =>
  (pid: number) =>
    pids.includes(pid);

/** The pid of a process that has exited (reaped, so no process has it now). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  return Number(child.stdout.trim());
}

/** Starts `count` processes that all try to take the lock in the same millisecond; their answers. */
async function race(count: number): Promise<string[]> {
  const startAt = Date.now() + 4_000; // after every process has loaded (tsx on a busy 2-core machine)
  const runs = Array.from({ length: count }, () => {
    const child = spawn(
      process.execPath,
      [
        '--conditions=react-server',
        '--import',
        'tsx',
        'tests/fixtures/data-dir-lock-process.ts',
        dataDir,
        String(startAt),
        '1500',
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    return new Promise<string>((resolve) => child.on('exit', () => resolve(out.trim())));
  });
  return Promise.all(runs);
}

describe('lockDataDir', () => {
  it('writes its pid, refuses a live owner, and releases only its own lock (injected: a live other process)', () => {
    const release = lockDataDir(dataDir, { pid: OTHER, isAlive: onlyAlive(OTHER) });
    expect(readFileSync(lockFile(), 'utf8')).toBe(String(OTHER));
    expect(() => lockDataDir(dataDir, { pid: 77, isAlive: onlyAlive(OTHER, 77) })).toThrow(
      `in use by process ${OTHER}`,
    );
    release();
    expect(existsSync(lockFile())).toBe(false);

    // A lock that changed hands (taken over after this owner was thought dead) is not removed by the old owner.
    const stale = lockDataDir(dataDir, { pid: DEAD, isAlive: onlyAlive() });
    lockDataDir(dataDir, { pid: OTHER, isAlive: onlyAlive(OTHER) });
    stale();
    expect(readFileSync(lockFile(), 'utf8')).toBe(String(OTHER));
  });

  it('takes over the lock of a dead owner (injected: a lock left by a killed process)', () => {
    writeFileSync(lockFile(), String(deadPid()));
    const release = lockDataDir(dataDir);
    expect(readFileSync(lockFile(), 'utf8')).toBe(String(process.pid));
    release();
  });

  it('takes over a lock that holds no pid (injected: an empty or garbled lock file)', () => {
    for (const content of ['', 'not a pid', '0', '-1']) {
      writeFileSync(lockFile(), content);
      lockDataDir(dataDir, { pid: OTHER, isAlive: onlyAlive(OTHER) })();
    }
  });

  it('loses the takeover to a process that took the stale lock first (injected: a starter taking it between our read and our takeover)', () => {
    writeFileSync(lockFile(), String(DEAD));
    let raced = false;
    // While we decide the owner is dead, the other starter replaces the stale lock with its own.
    const alive = (pid: number) => {
      if (pid === DEAD && !raced) {
        raced = true;
        lockDataDir(dataDir, { pid: OTHER, isAlive: onlyAlive(OTHER) });
      }
      return pid === OTHER;
    };
    expect(() => lockDataDir(dataDir, { pid: 77, isAlive: alive })).toThrow(`in use by process ${OTHER}`);
    expect(readFileSync(lockFile(), 'utf8')).toBe(String(OTHER));
  });

  it('refuses while another process is taking over (injected: a second starter during our takeover)', () => {
    writeFileSync(lockFile(), String(DEAD));
    let second: unknown;
    let checks = 0;
    // The second check of the dead owner happens under the takeover file: the other starter tries then.
    const alive = (pid: number) => {
      if (pid === DEAD && ++checks === 2) {
        try {
          lockDataDir(dataDir, { pid: OTHER, isAlive: onlyAlive(OTHER, 77) });
        } catch (error) {
          second = error;
        }
      }
      return pid === 77 || pid === OTHER;
    };
    lockDataDir(dataDir, { pid: 77, isAlive: alive });
    expect(String(second)).toMatch(/being opened by another process right now/);
    expect(readFileSync(lockFile(), 'utf8')).toBe('77');
    expect(existsSync(`${lockFile()}.takeover`)).toBe(false);
  });

  it('lets exactly one of several processes started at once take a free lock (injected: a simultaneous start)', async () => {
    expectOneWinner(await race(4));
  });

  it('lets exactly one of several processes started at once take over a stale lock (injected: a dead owner and a simultaneous start)', async () => {
    writeFileSync(lockFile(), String(deadPid()));
    expectOneWinner(await race(4));
  });
});

/** Of the racers, exactly one holds the lock and every other was refused. */
function expectOneWinner(answers: string[]): void {
  const detail = answers.join('\n');
  expect(
    answers.filter((answer) => answer === 'locked'),
    detail,
  ).toHaveLength(1);
  expect(
    answers.filter((answer) => answer.startsWith('refused')),
    detail,
  ).toHaveLength(answers.length - 1);
}

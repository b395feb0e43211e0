import { describe, expect, it } from 'vitest';
import { LoginGate, loginDefaults } from '@/lib/auth/login-gate';
import { CheckThrottle } from '@/lib/auth/throttle';

/** A password check that finishes when the test says, so order is shown without timing. */
function heldCheck(correct: boolean) {
  let finish = () => {};
  let started = false;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    run: async () => {
      started = true;
      await done;
      return correct;
    },
    finish: () => finish(),
    get started() {
      return started;
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));
const right = async () => true;
const wrong = async () => false;

describe('password check throttle', () => {
  it('runs one at a time in arrival order, and a crowd never fills it (injected: 40 clients waiting)', async () => {
    const throttle = new CheckThrottle(1, 2);
    const first = heldCheck(false);
    const running = throttle.run('attacker-0', first.run);
    const crowd = Array.from({ length: 40 }, (_, i) => throttle.run(`attacker-${i + 1}`, wrong));
    const admin = heldCheck(true);
    const adminAnswer = throttle.run('admin', admin.run);
    await settle();
    expect(admin.started).toBe(false);
    first.finish();
    await Promise.all([running, ...crowd]);
    await settle();
    expect(admin.started).toBe(true);
    admin.finish();
    expect(await adminAnswer).toBe(true);
  });

  it('refuses a key past its share, and only that key (injected: one client sending in parallel)', async () => {
    const throttle = new CheckThrottle(1, 2);
    const held = heldCheck(false);
    const mine = [throttle.run('a', held.run), throttle.run('a', wrong)];
    expect(await throttle.run('a', wrong)).toBeUndefined();
    const other = throttle.run('b', right);
    held.finish();
    expect(await Promise.all(mine)).toEqual([false, false]);
    expect(await other).toBe(true);
    expect(await throttle.run('a', right)).toBe(true);
  });
});

describe('login gate', () => {
  const options = { ...loginDefaults, pause: async () => {} };

  it('locks out the client that failed, never another (injected: 10 wrong passwords from one address)', async () => {
    const gate = new LoginGate(options);
    for (let i = 0; i < 10; i++) expect((await gate.attempt({ client: '198.51.100.1' }, wrong)).kind).toBe('wrong');
    expect(await gate.attempt({ client: '198.51.100.1' }, right)).toMatchObject({ kind: 'locked' });
    expect(await gate.attempt({ client: '198.51.100.2' }, right)).toEqual({ kind: 'correct' });
  });

  it('counts failures, not attempts: a success clears them (injected: 9 wrong, right, 9 wrong)', async () => {
    const gate = new LoginGate(options);
    const who = { client: '198.51.100.1' };
    for (let i = 0; i < 9; i++) await gate.attempt(who, wrong);
    expect(await gate.attempt(who, right)).toEqual({ kind: 'correct' });
    for (let i = 0; i < 9; i++) expect((await gate.attempt(who, wrong)).kind).toBe('wrong');
    expect(await gate.attempt(who, right)).toEqual({ kind: 'correct' });
  });

  it('counts parallel guesses before they are checked (injected: 30 wrong passwords at once)', async () => {
    const gate = new LoginGate(options);
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => gate.attempt({ client: '198.51.100.1' }, wrong)),
    );
    expect(answers.filter((answer) => answer.kind === 'wrong').length).toBeLessThanOrEqual(10);
    expect(answers.filter((answer) => answer.kind === 'wrong').length).toBeGreaterThan(0);
  });

  it('answers the right password whatever other clients do (injected: 40 parallel wrong logins from 40 addresses)', async () => {
    const gate = new LoginGate(options);
    const held = heldCheck(false);
    const crowd = [
      gate.attempt({ client: '203.0.113.0' }, held.run),
      ...Array.from({ length: 39 }, (_, i) => gate.attempt({ client: `203.0.113.${i + 1}` }, wrong)),
    ];
    const admin = gate.attempt({ client: '198.51.100.1' }, right);
    held.finish();
    expect(await admin).toEqual({ kind: 'correct' });
    expect((await Promise.all(crowd)).every((answer) => answer.kind === 'wrong')).toBe(true);
  });

  it('gives a known browser its own lane and lockout (injected: strangers guessing from the admin address)', async () => {
    const gate = new LoginGate(options);
    for (let i = 0; i < 10; i++) await gate.attempt({ client: '198.51.100.1' }, wrong);
    // The unknown lane is busy with a check that has not finished.
    const held = heldCheck(false);
    const stranger = gate.attempt({ client: '203.0.113.5' }, held.run);
    await settle();
    const admin = gate.attempt({ client: '198.51.100.1', device: 'admin-laptop' }, right);
    expect(await admin).toEqual({ kind: 'correct' });
    expect(held.started).toBe(true);
    held.finish();
    expect(await stranger).toEqual({ kind: 'wrong' });
  });

  it('slows unknown browsers when many failed overall, never the known lane (injected: 100 failures from 100 addresses)', async () => {
    const pauses: string[] = [];
    const gate = new LoginGate({ ...options, pause: async () => void pauses.push('pause') });
    for (let i = 0; i < 100; i++) await gate.attempt({ client: `203.0.113.${i}` }, wrong);
    expect(pauses).toHaveLength(0);
    expect(await gate.attempt({ client: '198.51.100.1' }, right)).toEqual({ kind: 'correct' });
    expect(pauses).toHaveLength(1);
    expect(await gate.attempt({ client: '198.51.100.1', device: 'admin-laptop' }, right)).toEqual({ kind: 'correct' });
    expect(pauses).toHaveLength(1);
  });

  it('ends a lockout with its window (injected: a clock past 15 minutes)', async () => {
    let now = 0;
    const gate = new LoginGate({ ...options, now: () => now });
    for (let i = 0; i < 10; i++) await gate.attempt({ client: '198.51.100.1' }, wrong);
    expect(await gate.attempt({ client: '198.51.100.1' }, right)).toEqual({ kind: 'locked', retryAfter: 900 });
    now = 15 * 60_000 + 1;
    expect(await gate.attempt({ client: '198.51.100.1' }, right)).toEqual({ kind: 'correct' });
  });
});

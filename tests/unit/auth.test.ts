import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAdminPassword, ensureAdminPassword, resetAdminPassword } from '@/lib/auth/admin';
import { generatePassword, hashPassword, verifyPassword } from '@/lib/auth/password';
import { RateLimiter } from '@/lib/auth/rate-limit';
import { createSession, deleteSession, verifySession } from '@/lib/auth/session';
import { type DatabaseHandle, migrateDatabase, openDatabase } from '@/lib/db';
import { readSetting, settingKeys } from '@/lib/db/settings';

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(hash).not.toContain('correct');
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false);
  });

  it('generates distinct, typeable passwords', () => {
    const a = generatePassword();
    expect(a).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    expect(generatePassword()).not.toBe(a);
  });
});

describe('login rate limit', () => {
  it('blocks a client after the limit until the window passes, and others are unaffected', () => {
    let now = 0;
    const limiter = new RateLimiter(3, 60_000, () => now);
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfter('a')).toBe(0);
      limiter.hit('a');
    }
    expect(limiter.retryAfter('a')).toBe(60);
    expect(limiter.retryAfter('b')).toBe(0);
    now = 30_000;
    expect(limiter.retryAfter('a')).toBe(30);
    now = 60_001;
    expect(limiter.retryAfter('a')).toBe(0);
  });
});

describe('admin account and sessions', () => {
  let handle: DatabaseHandle;
  const savedEnv = process.env.KAIROS_ADMIN_PASSWORD;

  beforeAll(async () => {
    delete process.env.KAIROS_ADMIN_PASSWORD;
    handle = await openDatabase({ dataDir: 'memory://' });
    await migrateDatabase(handle);
  });
  afterAll(async () => {
    process.env.KAIROS_ADMIN_PASSWORD = savedEnv;
    await handle.close();
  });

  it('generates a password on first start, stores only its hash, and does not generate again', async () => {
    const first = await ensureAdminPassword(handle.db);
    expect(first.source).toBe('generated');
    const password = first.source === 'generated' ? first.password : '';
    const stored = await readSetting<string>(handle.db, settingKeys.adminPasswordHash);
    expect(stored).not.toContain(password);
    expect(await checkAdminPassword(handle.db, password)).toBe(true);
    expect(await checkAdminPassword(handle.db, `${password}x`)).toBe(false);
    expect((await ensureAdminPassword(handle.db)).source).toBe('stored');
  });

  it('lets the environment password take precedence', async () => {
    process.env.KAIROS_ADMIN_PASSWORD = 'from-the-environment';
    expect((await ensureAdminPassword(handle.db)).source).toBe('env');
    expect(await checkAdminPassword(handle.db, 'from-the-environment')).toBe(true);
    delete process.env.KAIROS_ADMIN_PASSWORD;
  });

  it('resets the password and refuses a short one', async () => {
    await resetAdminPassword(handle.db, 'a-new-password');
    expect(await checkAdminPassword(handle.db, 'a-new-password')).toBe(true);
    await expect(resetAdminPassword(handle.db, 'short')).rejects.toThrow(/at least 8/);
  });

  it('ends every session when the password changes', async () => {
    const { cookieValue } = await createSession(handle.db);
    expect(await verifySession(handle.db, cookieValue)).toBe(true);
    await resetAdminPassword(handle.db, 'another-new-password');
    expect(await verifySession(handle.db, cookieValue)).toBe(false);
  });

  it('accepts its own session cookie, refuses forged or logged-out ones', async () => {
    const { cookieValue } = await createSession(handle.db);
    expect(await verifySession(handle.db, cookieValue)).toBe(true);
    const [id] = cookieValue.split('.');
    expect(await verifySession(handle.db, `${id}.forged-signature`)).toBe(false);
    expect(await verifySession(handle.db, 'garbage')).toBe(false);
    expect(await verifySession(handle.db, undefined)).toBe(false);
    await deleteSession(handle.db, cookieValue);
    expect(await verifySession(handle.db, cookieValue)).toBe(false);
  });
});

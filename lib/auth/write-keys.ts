import 'server-only';
// Making and checking write keys. A key is 24 random bytes (base64url) behind a
// recognisable prefix; only its SHA-256 is stored (lib/db/schema.ts writeKeys).
// A request carries it as Segment's libraries send it: the HTTP Basic user
// (`Authorization: Basic base64(key + ':')`), or `writeKey` in the body
// (analytics.js from a browser), or Jitsu's `X-Write-Key` header.
import { createHash, randomBytes } from 'node:crypto';
import { type CreatedWriteKey, type WriteKeyListing, writeKeyNameSchema } from '../contracts/write-key';
import type { Database } from '../db/client';
import { activeWriteKeyName, insertWriteKey, listWriteKeys, revokeWriteKey } from '../db/write-keys';

const keyPrefix = 'kairos_wk_';
/** Shown in listings: the prefix and four characters of the random part. */
const keyStartLength = keyPrefix.length + 4;
/** A key from the environment shorter than this is ignored: it could be guessed. */
const minEnvKeyLength = 16;

export const writeKeyHash = (key: string) => createHash('sha256').update(key).digest('base64url');

/** A new key, stored as its hash under `name`; the key is returned once and kept nowhere. */
export async function createWriteKey(
  db: Database,
  name: string,
): Promise<CreatedWriteKey | { error: string; code: 'bad_request' | 'name_taken' }> {
  const parsed = writeKeyNameSchema.safeParse(name);
  if (!parsed.success) return { error: `name: ${parsed.error.issues[0]?.message ?? 'invalid'}`, code: 'bad_request' };
  if (envWriteKeys().some((entry) => entry.name === parsed.data)) {
    return { error: `KAIROS_WRITE_KEYS already names a key "${parsed.data}".`, code: 'name_taken' };
  }
  const key = keyPrefix + randomBytes(24).toString('base64url');
  const stored = await insertWriteKey(db, {
    name: parsed.data,
    keyHash: writeKeyHash(key),
    keyStart: key.slice(0, keyStartLength),
  });
  if (stored === 'name-taken') {
    return { error: `An active write key is already named "${parsed.data}".`, code: 'name_taken' };
  }
  return { key, writeKey: stored };
}

/** Revokes the stored key of that name; a key of KAIROS_WRITE_KEYS is removed there, not here. */
export async function revokeNamedWriteKey(db: Database, name: string): Promise<'revoked' | 'from-env' | 'none'> {
  if (await revokeWriteKey(db, name)) return 'revoked';
  return envWriteKeys().some((entry) => entry.name === name) ? 'from-env' : 'none';
}

interface EnvKey {
  name: string;
  hash: string;
  keyStart: string;
}

const warned = new Set<string>();
function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(`Kairos: ${message}`);
}

let envCache: { raw: string; keys: EnvKey[] } | undefined;

/** KAIROS_WRITE_KEYS=name:key,… (for deployments that set keys from a secret store). */
export function envWriteKeys(): EnvKey[] {
  const raw = process.env.KAIROS_WRITE_KEYS ?? '';
  if (envCache?.raw === raw) return envCache.keys;
  const keys: EnvKey[] = [];
  for (const entry of raw.split(',').map((part) => part.trim())) {
    if (!entry) continue;
    const colon = entry.indexOf(':');
    const name = entry.slice(0, colon).trim();
    const key = entry.slice(colon + 1).trim();
    if (colon < 1 || !writeKeyNameSchema.safeParse(name).success || key.length < minEnvKeyLength) {
      // Never the entry itself in the log: it holds a key.
      warnOnce(
        `KAIROS_WRITE_KEYS entry ${keys.length + 1} is ignored: write name:key, the key at least ${minEnvKeyLength} characters.`,
      );
      continue;
    }
    keys.push({ name, hash: writeKeyHash(key), keyStart: key.slice(0, Math.min(keyStartLength, key.length - 8)) });
  }
  envCache = { raw, keys };
  return keys;
}

/** The stored keys and those of the environment, for the console and the CLI. */
export async function allWriteKeys(db: Database): Promise<WriteKeyListing[]> {
  const fromEnv = envWriteKeys().map(({ name, keyStart }): WriteKeyListing => ({
    id: null,
    name,
    keyStart,
    source: 'environment',
    createdAt: null,
    revokedAt: null,
  }));
  return [...fromEnv, ...(await listWriteKeys(db))];
}

/** The key a request presents in its headers (Basic user, or X-Write-Key), if any. */
export function headerWriteKey(request: Request): string | undefined {
  const header = request.headers.get('x-write-key')?.trim();
  if (header) return header;
  const [scheme, credentials] = (request.headers.get('authorization') ?? '').trim().split(/\s+/, 2);
  if (scheme?.toLowerCase() !== 'basic' || !credentials) return undefined;
  const decoded = Buffer.from(credentials, 'base64').toString('utf8');
  // Segment's libraries send the key as the user and no password: `key:`.
  const user = decoded.includes(':') ? decoded.slice(0, decoded.indexOf(':')) : decoded;
  return user || undefined;
}

/** The name of the active key `key` is, or undefined. */
export async function writeKeyName(db: Database, key: string): Promise<string | undefined> {
  // Longer than any key ever made: not hashed, not looked up.
  if (key.length > 512) return undefined;
  const hash = writeKeyHash(key);
  const fromEnv = envWriteKeys().find((entry) => entry.hash === hash);
  return fromEnv?.name ?? (await activeWriteKeyName(db, hash));
}

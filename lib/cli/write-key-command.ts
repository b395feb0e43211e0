// `npm run kairos -- write-key create --name NAME | list | revoke NAME`: the
// keys servers and Segment-compatible libraries send events with. The key is
// printed once, as the last line, so a script can take it with `tail -n 1`.
import { allWriteKeys, createWriteKey, revokeNamedWriteKey } from '../auth/write-keys';
import { openDatabase, migrateDatabase } from '../db';
import type { Database } from '../db/client';

const usage = 'Usage: kairos write-key create --name NAME | write-key list | write-key revoke NAME';

async function withDb<T>(work: (db: Database) => Promise<T>): Promise<T> {
  const handle = await openDatabase();
  try {
    await migrateDatabase(handle);
    return await work(handle.db);
  } finally {
    await handle.close();
  }
}

async function list(db: Database): Promise<void> {
  const keys = await allWriteKeys(db);
  if (keys.length === 0) {
    console.log('No write keys yet: npm run kairos -- write-key create --name NAME');
    return;
  }
  for (const key of keys) {
    const state = key.revokedAt ? `revoked ${key.revokedAt}` : 'active';
    const from = key.source === 'environment' ? 'KAIROS_WRITE_KEYS' : `created ${key.createdAt}`;
    console.log(`${key.name}\t${key.keyStart}…\t${from}\t${state}`);
  }
}

export async function writeKeyCommand(options: Record<string, unknown>, [action, name]: string[]): Promise<void> {
  if (action === 'list') return withDb(list);
  if (action === 'create') {
    if (typeof options.name !== 'string') throw new Error(usage);
    const created = await withDb((db) => createWriteKey(db, String(options.name)));
    if ('error' in created) throw new Error(created.error);
    console.log(`Write key "${created.writeKey.name}" created. It is shown this once; only its hash is stored:`);
    console.log(created.key);
    return;
  }
  if (action === 'revoke' && name) {
    const revoked = await withDb((db) => revokeNamedWriteKey(db, name));
    if (revoked === 'from-env') throw new Error(`"${name}" comes from KAIROS_WRITE_KEYS: remove it there.`);
    if (revoked === 'none') throw new Error(`No active write key is named "${name}".`);
    console.log(`Write key "${name}" revoked.`);
    return;
  }
  throw new Error(usage);
}

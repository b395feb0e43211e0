// Write keys: what a server or a Segment-compatible library sends events to
// /v1/batch and its siblings with. Created and revoked in the console
// (Settings) or with `npm run kairos -- write-key …`; KAIROS_WRITE_KEYS adds
// keys from the environment. Names are plain so they survive a shell and the
// `name:key,…` list of the environment variable.
import { z } from 'zod';

export const writeKeyNameSchema = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$/,
    'a name is 1 to 64 letters, digits, spaces, dots, dashes or underscores, starting with a letter or digit',
  );

export const createWriteKeySchema = z.object({ name: writeKeyNameSchema }).strict();

/** A key as the console and the CLI list it: never the key itself, which is shown once when made. */
export interface WriteKeyListing {
  /** Null for a key from KAIROS_WRITE_KEYS. */
  id: number | null;
  name: string;
  /** The key's first characters, to tell keys apart. */
  keyStart: string;
  source: 'stored' | 'environment';
  createdAt: string | null;
  revokedAt: string | null;
}

/** What creating a key answers: the key, once. */
export interface CreatedWriteKey {
  key: string;
  writeKey: WriteKeyListing;
}

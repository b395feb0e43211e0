import 'server-only';
import type { Pool, PoolClient } from 'pg';

// `COPY (query) TO STDOUT` on PostgreSQL, as rows of text fields. One
// statement streams the whole result: no keyset page to plan and sort again,
// no row description per page, and the server sends each row as one CopyData
// message (protocol docs, "COPY Operations"), which node-postgres hands to the
// active query's handleCopyData. This is the Submittable interface pg-cursor
// and pg-copy-streams use; it is written out here (60 lines) rather than
// adding pg-copy-streams for one reader.

/** Buffered rows above which the socket is paused until the reader catches up. */
const highWaterRows = 2_000;

type Field = string | null;

/** One field of COPY's text format: `\N` is null; backslash escapes as in the COPY documentation. */
export function copyTextField(raw: string): Field {
  if (raw === '\\N') return null;
  if (!raw.includes('\\')) return raw;
  return raw.replace(/\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2})|([\s\S]))/g, (_, octal, hex, char: string) => {
    if (octal) return String.fromCharCode(parseInt(octal as string, 8));
    if (hex) return String.fromCharCode(parseInt(hex as string, 16));
    return { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' }[char] ?? char;
  });
}

interface Connection {
  query(text: string): void;
  stream: { pause(): void; resume(): void };
}

class CopyOut {
  readonly rows: string[] = [];
  done = false;
  error: Error | undefined;
  paused = false;
  #connection: Connection | undefined;
  #wake: (() => void) | undefined;

  constructor(readonly text: string) {}

  submit(connection: Connection): void {
    this.#connection = connection;
    connection.query(this.text);
  }
  handleCopyData(message: { chunk: Buffer }): void {
    // Decoded now: the chunk is a view into the parser's buffer, which the next socket read may overwrite.
    // One row per message, ending in a newline.
    this.rows.push(message.chunk.toString('utf8', 0, message.chunk.length - 1));
    if (!this.paused && this.rows.length >= highWaterRows) {
      this.paused = true;
      this.#connection?.stream.pause();
    }
    this.#notify();
  }
  handleReadyForQuery(): void {
    this.done = true;
    this.#notify();
  }
  handleError(error: Error): void {
    this.error = error;
    this.done = true;
    this.#notify();
  }
  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}

  resume(): void {
    if (this.paused) {
      this.paused = false;
      this.#connection?.stream.resume();
    }
  }
  wait(): Promise<void> {
    return new Promise((resolve) => (this.#wake = resolve));
  }
  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}

/**
 * The rows of `COPY (select …) TO STDOUT`, each as its fields, read on one
 * pooled connection held until the iteration ends (or is abandoned).
 */
export async function* copyOutRows(pool: Pool, select: string): AsyncGenerator<Field[]> {
  const client: PoolClient = await pool.connect();
  const copy = new CopyOut(`copy (${select}) to stdout`);
  let broken = false;
  try {
    client.query(copy as never);
    for (;;) {
      const row = copy.rows.shift();
      if (row !== undefined) {
        if (copy.rows.length < highWaterRows / 2) copy.resume();
        yield row.split('\t').map(copyTextField);
        continue;
      }
      if (copy.error) throw copy.error;
      if (copy.done) return;
      await copy.wait();
    }
  } catch (error) {
    broken = true;
    throw error;
  } finally {
    // Abandoned mid-stream, the connection still carries the rest of the COPY: close it rather than reuse it.
    const unfinished = !copy.done;
    if (unfinished) copy.resume();
    client.release(broken || unfinished ? true : undefined);
  }
}

// Many Arrow record batches as ONE IPC stream, written as they are produced
// (the server's event export). Each page is encoded on its own by tableToIPC;
// the first page's schema message opens the stream, every page contributes its
// batch messages, and one end-of-stream marker closes it. The Arrow IPC stream
// format: https://arrow.apache.org/docs/format/Columnar.html#ipc-streaming-format
import { type Table, tableToIPC } from 'apache-arrow';

/** 0xFFFFFFFF continuation, then a zero metadata length. */
export const ipcEndOfStream = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

/** The schema message of a single-table IPC stream, and its batch messages without the end marker. */
export function splitIpcStream(ipc: Uint8Array): { schema: Uint8Array; batches: Uint8Array } {
  const view = new DataView(ipc.buffer, ipc.byteOffset, ipc.byteLength);
  const continued = view.getUint32(0, true) === 0xffffffff;
  const metadataLength = view.getInt32(continued ? 4 : 0, true);
  // A schema message has metadata only (no body); its length is already 8-byte padded.
  const schemaEnd = (continued ? 8 : 4) + metadataLength;
  const tail = ipc.subarray(ipc.length - ipcEndOfStream.length);
  const end = tail.every((byte, i) => byte === ipcEndOfStream[i]) ? ipc.length - ipcEndOfStream.length : ipc.length;
  return { schema: ipc.subarray(0, schemaEnd), batches: ipc.subarray(schemaEnd, end) };
}

/** Tables of one schema, as the chunks of one Arrow IPC stream. */
export async function* arrowStreamChunks(tables: AsyncIterable<Table>): AsyncGenerator<Uint8Array> {
  let opened = false;
  for await (const table of tables) {
    if (table.numRows === 0) continue;
    const { schema, batches } = splitIpcStream(tableToIPC(table, 'stream'));
    if (!opened) {
      yield schema;
      opened = true;
    }
    yield batches;
  }
  if (opened) yield ipcEndOfStream;
}

/** The schema message of an IPC stream (its first message). */
export const ipcSchemaMessage = (ipc: Uint8Array) => splitIpcStream(ipc).schema;

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((byte, i) => byte === b[i]);

/**
 * Several IPC streams of one schema as one stream: the first one's schema
 * message, every stream's batches, one end marker. DuckDB then scans them as
 * one table in one insert instead of one insert each.
 */
export function joinIpcStreams(streams: readonly Uint8Array[]): Uint8Array {
  const [first] = streams;
  if (!first) throw new Error('Nothing to join.');
  const schema = ipcSchemaMessage(first);
  const parts = streams.map((stream) => {
    const split = splitIpcStream(stream);
    if (!sameBytes(split.schema, schema)) throw new Error('Arrow streams of different schemas cannot be joined.');
    return split.batches;
  });
  const out = new Uint8Array(schema.length + parts.reduce((n, part) => n + part.length, 0) + ipcEndOfStream.length);
  let offset = 0;
  for (const part of [schema, ...parts, ipcEndOfStream]) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export const sameIpcSchema = (a: Uint8Array, b: Uint8Array) => sameBytes(ipcSchemaMessage(a), ipcSchemaMessage(b));

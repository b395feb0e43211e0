import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';

const inflate = promisify(gunzip);

/** Why a body could not be read as text. */
export type UnreadBody = 'too-large' | 'bad-gzip' | 'unsupported-encoding';

/** How a route reads its body. */
export interface BodyReading {
  /**
   * Accept `Content-Encoding: gzip` (RudderStack's libraries gzip every batch).
   * `maxBytes` bounds the bytes sent and, again, the bytes they inflate to, so a
   * small body that inflates past it (a gzip bomb) costs at most that much memory.
   */
  gzip?: boolean;
}

/** The body's bytes, stopping as soon as they pass `maxBytes`. */
async function readBytes(request: Request, maxBytes: number): Promise<Buffer | 'too-large'> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > maxBytes) return 'too-large';
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return 'too-large';
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

const isTooLarge = (error: unknown) =>
  error instanceof RangeError || (error as { code?: unknown } | null)?.code === 'ERR_BUFFER_TOO_LARGE';

/**
 * Reads a request body as text, stopping as soon as it passes `maxBytes`, so an
 * oversized upload costs at most that much memory.
 */
export async function readBodyText(
  request: Request,
  maxBytes: number,
  { gzip = false }: BodyReading = {},
): Promise<string | UnreadBody> {
  const encoding = (request.headers.get('content-encoding') ?? 'identity').trim().toLowerCase();
  const compressed = gzip && encoding === 'gzip';
  if (gzip && !compressed && encoding !== 'identity') return 'unsupported-encoding';
  const bytes = await readBytes(request, maxBytes);
  if (bytes === 'too-large' || !compressed) return bytes === 'too-large' ? bytes : bytes.toString('utf8');
  try {
    return (await inflate(bytes, { maxOutputLength: maxBytes })).toString('utf8');
  } catch (error) {
    return isTooLarge(error) ? 'too-large' : 'bad-gzip';
  }
}

import type { z } from 'zod';
import { problemText, storableJson } from '../contracts/storable-json';
import { type BodyReading, readBodyText } from './body';
import { badRequest, errorResponse, payloadTooLarge } from './response';

export type Parsed<T> = { ok: true; data: T } | { ok: false; response: Response };

export interface BodyLimits extends BodyReading {
  /** Bytes past which the body is refused unread (64 KiB unless the route says). */
  maxBytes?: number;
  /** What to send, put before the schema's complaint for callers who never read our contracts. */
  usage?: string;
  /** A size limit the JSON itself can break (a list too long): a 413 before its shape is checked. */
  oversized?: (json: unknown) => string | undefined;
  /**
   * The body goes to the schema as parsed, for a handler that makes each item
   * of a batch storable on its own so one bad item does not sink the others.
   */
  itemsCheckedByHandler?: boolean;
}

export const defaultMaxBodyBytes = 64 * 1024;

/**
 * A bounded JSON body checked against a schema; the failure is the response to
 * send. The Content-Type is not looked at: the tracker's sendBeacon and
 * keepalive calls send their JSON as text/plain, which needs no CORS preflight.
 * Its text is made storable first (lib/contracts/storable-json.ts), so no
 * schema or store ever sees a NUL or a lone surrogate.
 */
export async function parseJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  { maxBytes = defaultMaxBodyBytes, usage, oversized, itemsCheckedByHandler, gzip }: BodyLimits = {},
): Promise<Parsed<z.output<S>>> {
  const text = await readBodyText(request, maxBytes, { gzip });
  if (text === 'too-large') {
    const inflated = gzip && request.headers.has('content-encoding') ? ' (inflated, for a gzipped body)' : '';
    return { ok: false, response: payloadTooLarge(`The body is over ${maxBytes} bytes${inflated}.`) };
  }
  if (text === 'bad-gzip') return { ok: false, response: badRequest('The body is not valid gzip.') };
  if (text === 'unsupported-encoding') {
    return { ok: false, response: errorResponse('unsupported_encoding', 'Send the body as is or gzipped.') };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, response: errorResponse('malformed_json', 'The body is not valid JSON.') };
  }
  const tooLarge = oversized?.(json);
  if (tooLarge) return { ok: false, response: payloadTooLarge(tooLarge) };
  if (!itemsCheckedByHandler) {
    const storable = storableJson(json);
    if (!storable.ok) return { ok: false, response: badRequest(problemText(storable.problem)) };
    json = storable.value;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const problem = `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`;
    return { ok: false, response: badRequest(usage ? `${usage} ${problem}` : problem) };
  }
  return { ok: true, data: parsed.data };
}

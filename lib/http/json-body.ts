import type { z } from 'zod';
import { readBodyText } from './body';
import { badRequest, errorResponse } from './response';

export type Parsed<T> = { ok: true; data: T } | { ok: false; response: Response };

/** A bounded JSON body checked against a schema; the failure is the response to send. */
export async function parseJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  maxBytes = 64 * 1024,
): Promise<Parsed<z.infer<S>>> {
  const text = await readBodyText(request, maxBytes);
  if (text === 'too-large') {
    return { ok: false, response: errorResponse(413, 'payload_too_large', `The body is over ${maxBytes} bytes.`) };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, response: errorResponse(400, 'malformed_json', 'The body is not valid JSON.') };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, response: badRequest(`${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`) };
  }
  return { ok: true, data: parsed.data };
}

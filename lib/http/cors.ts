/** The Access-Control-* headers a public route answers with. */
export type CorsPolicy = Readonly<Record<`Access-Control-${string}`, string>>;

// Sites on any origin post to the public endpoints (the tracker is embedded
// elsewhere). No credentials are involved, so a wildcard origin is safe.
export const publicPostCors = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type',
  'Access-Control-Max-Age': '86400',
} as const satisfies CorsPolicy;

export function withCors(response: Response, policy: CorsPolicy): Response {
  for (const [key, value] of Object.entries(policy)) response.headers.set(key, value);
  return response;
}

/** The answer to a CORS preflight: no body, the policy's headers. */
export const preflight = (policy: CorsPolicy) => () => withCors(new Response(null, { status: 204 }), policy);

// Every code an API error can carry, each with the one status it is sent
// with: a client branches on the code alone, and two routes cannot pair the
// same code with different statuses.
export const errorStatus = {
  bad_request: 400,
  malformed_json: 400,
  invalid_password: 401,
  unauthorized: 401,
  invalid_write_key: 401,
  forbidden: 403,
  not_found: 404,
  no_subscription: 404,
  campaign_locked: 409,
  name_taken: 409,
  no_segment: 422,
  payload_too_large: 413,
  unsupported_encoding: 415,
  endpoint_refused: 422,
  rate_limited: 429,
  internal_error: 500,
  storage_unavailable: 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof errorStatus;

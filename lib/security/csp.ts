// The Content Security Policy of every page and API response. Scripts run only
// with the per-request nonce ('strict-dynamic' lets those load the chunks they
// need); no 'unsafe-inline' for scripts. See Next's CSP guide (nonces).
export function contentSecurityPolicy(nonce: string, isDev: boolean): string {
  return [
    "default-src 'self'",
    // 'wasm-unsafe-eval' compiles DuckDB-WASM; React needs eval only in development.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic' 'wasm-unsafe-eval'${isDev ? " 'unsafe-eval'" : ''}`,
    // Next's development server injects unnonced styles; production styles are files or nonced.
    isDev ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    // Charts and React set style attributes; attributes cannot run script.
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

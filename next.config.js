// @ts-check

/** Headers for every response, static files included; pages and API routes also get a CSP from proxy.ts. */
const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // PGlite loads its wasm and data files next to its own module; bundling breaks that.
  // DuckDB's native addon (.node) is loaded by Node at run time; a bundle cannot hold it.
  serverExternalPackages: [
    '@electric-sql/pglite',
    'pg',
    'web-push',
    '@duckdb/node-api',
    '@duckdb/node-bindings',
    '@duckdb/node-bindings-linux-x64',
  ],
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders },
      // kairos.js on other sites import()s kairos-push.js: a module script, fetched with CORS.
      { source: '/kairos-push.js', headers: [{ key: 'Access-Control-Allow-Origin', value: '*' }] },
      // The service worker must be revalidated on every check, or updates stall (Workbox, Next PWA guide).
      {
        source: '/sw.js',
        headers: [
          { key: 'Cache-Control', value: 'no-cache, no-store, must-revalidate' },
          { key: 'Service-Worker-Allowed', value: '/' },
        ],
      },
    ];
  },
};

export default nextConfig;

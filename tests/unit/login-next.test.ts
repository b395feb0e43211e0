// Where the login sends the admin back to: the console page that asked, and
// never another site (an open redirect would hand anyone's link the logged-in
// session's page). Each case injects a `next` an attacker or the framework would send.
import { describe, expect, it } from 'vitest';
import { loginPath, requestedPage, safeNext } from '@/lib/auth/login-next';

describe('safeNext', () => {
  it.each(['/console', '/console/segments', '/console/data/import-2', '/console/segments?id=3&tab=members'])(
    'keeps the console path %s',
    (next) => {
      expect(safeNext(next)).toBe(next);
    },
  );

  it.each([
    ['https://evil.example/console', 'another site'],
    ['//evil.example/console', 'a protocol-relative URL'],
    ['/\\evil.example', 'a backslash browsers read as a slash'],
    ['/consolefoo', 'a look-alike prefix'],
    ['/api/admin/summary', 'a path outside the console'],
    ['/console/x?a=<script>', 'markup in the query'],
    ['/console/../api', 'a dot segment'],
    ['javascript:alert(1)', 'a script URL'],
    ['', 'nothing'],
  ])('replaces %s (%s) with the console home', (next) => {
    expect(safeNext(next)).toBe('/console');
  });
});

describe('loginPath', () => {
  it('carries a console path as next, and drops anything else', () => {
    expect(loginPath('/console/segments?id=3')).toBe('/console/login?next=%2Fconsole%2Fsegments%3Fid%3D3');
    expect(loginPath('https://evil.example/')).toBe('/console/login');
    expect(loginPath(null)).toBe('/console/login');
    expect(loginPath('')).toBe('/console/login');
  });
});

describe('requestedPage', () => {
  it("is the path and query, without Next's data-fetch marker (injected: a client navigation's ?_rsc=)", () => {
    expect(requestedPage(new URL('http://k.test/console/rfm'))).toBe('/console/rfm');
    expect(requestedPage(new URL('http://k.test/console/rfm?_rsc=1x2y'))).toBe('/console/rfm');
    expect(requestedPage(new URL('http://k.test/console/rfm?tab=2&_rsc=1x2y'))).toBe('/console/rfm?tab=2');
  });
});

import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  clientAddress,
  clientAddressHeader,
  clientProtocolHeader,
  stampClientAddress,
} from '@/lib/http/client-address';
import { clientKey } from '@/lib/http/client-key';
import { addressBlock, normaliseAddress } from '@/lib/http/ip-address';
import { parseTrustedProxies } from '@/lib/http/trusted-proxies';

const proxies = parseTrustedProxies('10.0.0.0/8, 192.0.2.1, 2001:db8:ff::/48');

describe('addresses', () => {
  it('spells one address one way (injected: mapped IPv6, ports, brackets, case, junk)', () => {
    expect(normaliseAddress('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(normaliseAddress('::FFFF:203.0.113.7')).toBe('203.0.113.7');
    expect(normaliseAddress(' 203.0.113.7:51234 ')).toBe('203.0.113.7');
    expect(normaliseAddress('[2001:DB8::1]:443')).toBe('2001:db8::1');
    expect(normaliseAddress('2001:db8::1')).toBe('2001:db8::1');
    for (const junk of ['', ' ', 'unknown', 'localhost', '999.1.1.1', '1.2.3', '_hidden']) {
      expect(normaliseAddress(junk)).toBeUndefined();
    }
  });

  it('keys IPv6 by its /64, IPv4 by the address (injected: a client rotating within its /64)', () => {
    expect(addressBlock('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressBlock('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(addressBlock('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressBlock('::1')).toBe('0:0:0:0::/64');
    expect(addressBlock('64:ff9b::203.0.113.7')).toBe('64:ff9b:0:0::/64');
    expect(addressBlock('203.0.113.7')).toBe('203.0.113.7');
  });
});

describe('trusted proxies', () => {
  it('reads addresses and CIDRs of both families, mapped IPv6 included', () => {
    expect(proxies?.has('10.1.2.3')).toBe(true);
    expect(proxies?.has('192.0.2.1')).toBe(true);
    expect(proxies?.has('192.0.2.2')).toBe(false);
    expect(proxies?.has('2001:db8:ff:1::9')).toBe(true);
    expect(proxies?.has('2001:db8:fe::9')).toBe(false);
    expect(parseTrustedProxies('::ffff:192.0.2.9')?.has('192.0.2.9')).toBe(true);
    expect(parseTrustedProxies(undefined)).toBeUndefined();
    expect(parseTrustedProxies(' , ')).toBeUndefined();
  });

  it('refuses at start a list it cannot read (injected: typos)', () => {
    for (const bad of [
      '10.0.0.0/33',
      '10.0.0/8',
      'proxy.local',
      '::1/129',
      '10.0.0.0/8/8',
      '10.0.0.0/x',
      '1.2.3.4, nope',
    ]) {
      expect(() => parseTrustedProxies(bad), bad).toThrow(
        /KAIROS_TRUSTED_PROXIES: ".+" is not an IPv4 or IPv6 address or CIDR/,
      );
    }
  });
});

describe('the client address', () => {
  it('is the socket peer when no proxy is trusted (injected: a forged X-Forwarded-For)', () => {
    expect(clientAddress('::ffff:198.51.100.4', '203.0.113.9', undefined)).toBe('198.51.100.4');
    expect(clientAddress('198.51.100.4', '203.0.113.9', proxies)).toBe('198.51.100.4');
  });

  it('from a trusted proxy, is the right-most untrusted hop (injected: hops the client prepended)', () => {
    expect(clientAddress('10.0.0.1', '203.0.113.9', proxies)).toBe('203.0.113.9');
    expect(clientAddress('10.0.0.1', '1.1.1.1, 198.51.100.77, 203.0.113.9', proxies)).toBe('203.0.113.9');
    // A chain of trusted proxies, one of them IPv6 and one written mapped, with a port.
    expect(
      clientAddress('::ffff:10.0.0.1', '6.6.6.6, 203.0.113.9, 2001:db8:ff::2, [::ffff:192.0.2.1]:80', proxies),
    ).toBe('203.0.113.9');
  });

  it('never lets junk hops pick a key or share one (injected: empty, garbage and missing hops)', () => {
    // The walk stops at the last address a trusted proxy vouched for.
    expect(clientAddress('10.0.0.1', undefined, proxies)).toBe('10.0.0.1');
    expect(clientAddress('10.0.0.1', '', proxies)).toBe('10.0.0.1');
    expect(clientAddress('10.0.0.1', '203.0.113.9, , 10.0.0.2', proxies)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.1', 'unknown, 203.0.113.9', proxies)).toBe('203.0.113.9');
    expect(clientAddress('10.0.0.1', ', 203.0.113.9', proxies)).toBe('203.0.113.9');
    // An untrusted peer's junk header: the peer, as ever.
    expect(clientAddress('198.51.100.4', ', , ', undefined)).toBe('198.51.100.4');
    expect(clientAddress(undefined, '203.0.113.9', proxies)).toBeUndefined();
  });

  it('is stamped on the request over any client-sent value (injected: a forged x-kairos-client-address)', () => {
    const request = {
      headers: { [clientAddressHeader]: '192.0.2.200', 'x-forwarded-for': '192.0.2.201' },
      socket: { remoteAddress: '::ffff:198.51.100.4' },
    } as unknown as IncomingMessage;
    stampClientAddress(request, undefined);
    expect(request.headers[clientAddressHeader]).toBe('198.51.100.4');

    const gone = { headers: { [clientAddressHeader]: '192.0.2.200' }, socket: {} } as unknown as IncomingMessage;
    stampClientAddress(gone, undefined);
    expect(gone.headers[clientAddressHeader]).toBeUndefined();
  });

  it('says https only for a TLS socket or a trusted proxy (injected: a client-sent X-Forwarded-Proto)', () => {
    const stamped = (peer: string, headers: Record<string, string>, encrypted = false) => {
      const request = {
        headers: { ...headers },
        socket: { remoteAddress: peer, encrypted },
      } as unknown as IncomingMessage;
      stampClientAddress(request, proxies);
      return request.headers[clientProtocolHeader];
    };
    expect(stamped('198.51.100.4', { 'x-forwarded-proto': 'https' })).toBeUndefined();
    expect(stamped('198.51.100.4', { [clientProtocolHeader]: 'https' })).toBeUndefined();
    expect(stamped('198.51.100.4', {}, true)).toBe('https');
    expect(stamped('10.0.0.1', { 'x-forwarded-proto': 'https' })).toBe('https');
    // The right-most value is the trusted proxy's; one to its left is the client's.
    expect(stamped('10.0.0.1', { 'x-forwarded-proto': 'https, http' })).toBeUndefined();
  });

  it('is what the rate-limit key reads, never X-Forwarded-For (injected: a forged header per request)', () => {
    const request = (headers: Record<string, string>) => new Request('http://kairos.test/api/collect', { headers });
    expect(clientKey(request({ [clientAddressHeader]: '198.51.100.4', 'x-forwarded-for': '203.0.113.1' }))).toBe(
      '198.51.100.4',
    );
    expect(clientKey(request({ [clientAddressHeader]: '2001:db8:1:2::99' }))).toBe('2001:db8:1:2::/64');
    // Not started by server.ts: one key for all, whatever the header says.
    expect(clientKey(request({ 'x-forwarded-for': '203.0.113.1' }))).toBe(
      clientKey(request({ 'x-forwarded-for': '203.0.113.2' })),
    );
  });
});

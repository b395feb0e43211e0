// The place of a client address (lib/geo/ip-geo.ts) in the DB-IP Lite City
// database the package ships: well-known public resolvers and ISP ranges whose
// country DB-IP has kept for years (their cities move between releases, so the
// city is asserted only where a block is a city's own), the KAIROS_GEO levels,
// and the addresses no database can place.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { eventLocator, requestGeo } from '@/lib/collect/event-geo';
import { geoLevel } from '@/lib/geo/geo-level';
import { lookupGeo } from '@/lib/geo/ip-geo';
import { isPublicAddress } from '@/lib/geo/public-address';
import { clientAddressHeader } from '@/lib/http/client-address';

describe('lookupGeo: a public address to its country', () => {
  it.each([
    ['8.8.8.8', 'US'],
    ['1.1.1.1', 'AU'],
    ['81.2.69.160', 'GB'],
    ['80.67.169.12', 'FR'],
    ['194.25.0.60', 'DE'],
    ['193.0.6.139', 'NL'],
    ['2a00:1450:4001::1', 'DE'],
  ])('%s is in %s', (address, country) => {
    expect(lookupGeo(address, 'country')).toEqual({ country });
  });

  it('adds the region and the city at the city level, without DB-IP’s district in brackets', () => {
    const paris = lookupGeo('80.67.169.12', 'city');
    expect(paris).toMatchObject({ country: 'FR', region: expect.any(String), city: expect.any(String) });
    // DB-IP writes "Amsterdam (Amsterdam-Centrum)": the city is the part before the brackets.
    expect(lookupGeo('193.0.6.139', 'city')?.city).not.toMatch(/[()]/);
  });

  it('derives nothing when off', () => {
    expect(lookupGeo('8.8.8.8', 'off')).toBeUndefined();
  });

  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '192.168.1.1',
    '172.20.0.5',
    '100.64.0.1',
    '169.254.1.1',
    '203.0.113.7',
    '::1',
    'fe80::1',
    'fd12::1',
    '2001:db8::5',
  ])('places no private, loopback or documentation address (%s)', (address) => {
    expect(isPublicAddress(address)).toBe(false);
    expect(lookupGeo(address, 'city')).toBeUndefined();
  });
});

describe('KAIROS_GEO', () => {
  it('is city unless set, and reads off, country and city in any case', () => {
    expect(geoLevel(undefined)).toBe('city');
    expect(geoLevel('')).toBe('city');
    expect(geoLevel('off')).toBe('off');
    expect(geoLevel(' Country ')).toBe('country');
    expect(geoLevel('CITY')).toBe('city');
  });

  it('refuses any other value with the accepted ones in the message (injected: a typo)', () => {
    expect(() => geoLevel('contry')).toThrow('KAIROS_GEO: "contry" is not one of off, country, city.');
  });
});

const requestFrom = (address: string | undefined, headers: Record<string, string> = {}) =>
  new Request('http://kairos.test/v1/batch', {
    method: 'POST',
    headers: { ...(address && { [clientAddressHeader]: address }), ...headers },
  });

describe('which address places an event', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('a tracker batch is placed by the request’s client address, at the configured level', () => {
    expect(requestGeo(requestFrom('8.8.8.8'), 'country')).toEqual({ country: 'US' });
    expect(requestGeo(requestFrom('8.8.8.8'), 'off')).toBeUndefined();
    expect(requestGeo(requestFrom(undefined), 'city')).toBeUndefined();
    vi.stubEnv('KAIROS_GEO', 'country');
    expect(requestGeo(requestFrom('81.2.69.160'))).toEqual({ country: 'GB' });
  });

  it('a Segment call is placed by its context.ip, the visitor’s, not the sending server’s', () => {
    const locate = eventLocator(requestFrom('8.8.8.8'), 'country');
    expect(locate('80.67.169.12')).toEqual({ country: 'FR' });
    expect(locate('::ffff:81.2.69.160')).toEqual({ country: 'GB' });
  });

  it('a server’s call without context.ip gets no place; a browser’s (it sends Origin) gets its own', () => {
    expect(eventLocator(requestFrom('8.8.8.8'), 'country')(undefined)).toBeUndefined();
    const browser = eventLocator(requestFrom('8.8.8.8', { Origin: 'https://shop.test' }), 'country');
    expect(browser(undefined)).toEqual({ country: 'US' });
    // A context.ip that is no address is not used: the browser's own address places the call.
    expect(browser('not an address')).toEqual({ country: 'US' });
  });
});

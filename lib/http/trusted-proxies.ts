import { BlockList, isIP } from 'node:net';
import { normaliseAddress } from './ip-address';

/** The proxies whose X-Forwarded-For is believed (KAIROS_TRUSTED_PROXIES). */
export interface TrustedProxies {
  has(address: string): boolean;
}

/**
 * Parses a comma-separated list of IPv4/IPv6 addresses and CIDRs
 * (`10.0.0.0/8, ::1, 2001:db8::/32`). Throws on any entry it cannot read, so
 * a typo stops the server at start instead of silently trusting nobody (or
 * everybody). An empty or missing list is undefined: no proxy is trusted.
 */
export function parseTrustedProxies(text: string | undefined): TrustedProxies | undefined {
  const entries = (text ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) return undefined;
  const list = new BlockList();
  for (const entry of entries) {
    const [rawAddress = '', prefixText, extra] = entry.split('/');
    const address = normaliseAddress(rawAddress);
    const family = address ? isIP(address) : 0;
    const bits = family === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? bits : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
    if (!address || extra !== undefined || !(prefix >= 0 && prefix <= bits)) {
      throw new Error(
        `KAIROS_TRUSTED_PROXIES: "${entry}" is not an IPv4 or IPv6 address or CIDR (for example 10.0.0.0/8, ::1, 2001:db8::/32).`,
      );
    }
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === bits) list.addAddress(address, type);
    else list.addSubnet(address, prefix, type);
  }
  return { has: (address) => list.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6') };
}

import 'server-only';
import dns from 'node:dns';
import net from 'node:net';

// A push endpoint is a URL the server POSTs to on a visitor's say-so: unchecked,
// it is a server-side request forgery hole (cloud metadata at 169.254.169.254,
// an admin port on localhost, the office network). So it must be https on a
// public address — checked on the name's every DNS answer at subscribe time,
// and again on the address each connection actually uses (guardedLookup), so
// a name re-pointed after the check (DNS rebinding) is refused too.

/** The test setting: `KAIROS_ALLOW_LOCAL_PUSH_ENDPOINTS=1` lets http and local addresses through. */
export function localEndpointsAllowed(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return env.KAIROS_ALLOW_LOCAL_PUSH_ENDPOINTS === '1';
}

const blocked = new net.BlockList();
for (const [prefix, bits] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private (RFC 1918)
  ['100.64.0.0', 10], // carrier-grade NAT (RFC 6598)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  blocked.addSubnet(prefix, bits, 'ipv4');
}
for (const [prefix, bits] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['64:ff9b::', 96], // NAT64 (reaches IPv4 through a translator)
  ['100::', 64], // discard
  ['2001::', 32], // Teredo
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) {
  blocked.addSubnet(prefix, bits, 'ipv6');
}

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), -compatible or 6to4 IPv6 address, if any. */
function embeddedIpv4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|::ffff:0:|::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const high = parseInt(hex[1] ?? '0', 16);
    const low = parseInt(hex[2] ?? '0', 16);
    return [high >> 8, high & 255, low >> 8, low & 255].join('.');
  }
  const sixToFour = /^2002:([0-9a-f]{1,4}):([0-9a-f]{1,4}):/.exec(lower);
  if (sixToFour) {
    const high = parseInt(sixToFour[1] ?? '0', 16);
    const low = parseInt(sixToFour[2] ?? '0', 16);
    return [high >> 8, high & 255, low >> 8, low & 255].join('.');
  }
  return undefined;
}

/** True for an address on the public internet; false for loopback, private, link-local, CGNAT, multicast, reserved. */
export function isPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = net.isIP(bare);
  if (family === 4) return !blocked.check(bare, 'ipv4');
  if (family !== 6) return false;
  const inner = embeddedIpv4(bare);
  if (inner !== undefined) return net.isIPv4(inner) && !blocked.check(inner, 'ipv4');
  return !blocked.check(bare, 'ipv6');
}

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Every address a host name resolves to (injected in tests instead of real DNS). */
export type AddressResolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: AddressResolver = (hostname) => dns.promises.lookup(hostname, { all: true });

export interface GuardOptions {
  allowLocal?: boolean;
  resolve?: AddressResolver;
}

export type EndpointCheck = { ok: true; url: URL } | { ok: false; reason: string };

/** Checks an endpoint's scheme and every address its host resolves to. */
export async function checkPushEndpoint(endpoint: string, options: GuardOptions = {}): Promise<EndpointCheck> {
  const allowLocal = options.allowLocal ?? localEndpointsAllowed();
  if (!URL.canParse(endpoint)) return { ok: false, reason: 'The endpoint is not a URL.' };
  const url = new URL(endpoint);
  if (allowLocal) {
    return url.protocol === 'https:' || url.protocol === 'http:'
      ? { ok: true, url }
      : { ok: false, reason: 'The endpoint must be an http(s) URL.' };
  }
  if (url.protocol !== 'https:') return { ok: false, reason: 'The endpoint must use https.' };
  if (url.username || url.password) return { ok: false, reason: 'The endpoint must not carry credentials.' };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host)) {
    return isPublicAddress(host) ? { ok: true, url } : { ok: false, reason: `${host} is not a public address.` };
  }
  let addresses: ResolvedAddress[];
  try {
    addresses = await (options.resolve ?? systemResolver)(host);
  } catch {
    return { ok: false, reason: `The endpoint's host ${host} does not resolve.` };
  }
  if (addresses.length === 0) return { ok: false, reason: `The endpoint's host ${host} does not resolve.` };
  const local = addresses.find((entry) => !isPublicAddress(entry.address));
  return local
    ? { ok: false, reason: `The endpoint's host ${host} resolves to ${local.address}, which is not a public address.` }
    : { ok: true, url };
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for the sender's sockets: resolves like dns.lookup, then refuses a
 * non-public answer, so the address checked is the address connected to.
 */
export function guardedLookup(allowLocal: boolean, resolve: AddressResolver = systemResolver) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    resolve(hostname).then(
      (addresses) => {
        const refused = allowLocal ? undefined : addresses.find((entry) => !isPublicAddress(entry.address));
        if (refused || addresses.length === 0) {
          const error: NodeJS.ErrnoException = new Error(
            refused
              ? `Push endpoint ${hostname} resolves to ${refused.address}, which is not a public address.`
              : `${hostname} does not resolve.`,
          );
          error.code = refused ? 'EKAIROSBLOCKED' : 'ENOTFOUND';
          callback(error, '');
          return;
        }
        const wanted = options.family === 6 || options.family === 4 ? options.family : undefined;
        const usable = wanted ? addresses.filter((entry) => entry.family === wanted) : addresses;
        if (options.all) callback(null, usable);
        else callback(null, usable[0]?.address ?? '', usable[0]?.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
}

import 'server-only';
import dns from 'node:dns';
import net from 'node:net';

// A push endpoint is a URL the server POSTs to on a visitor's say-so: unchecked,
// it is a server-side request forgery hole (cloud metadata at 169.254.169.254,
// an admin port on localhost, the office network, SSH or Redis on a public
// host). So it must be https, on port 443 (or a configured one), at a public
// address — checked on the name's every DNS answer at subscribe time,
// and again on the address each connection actually uses (guardedLookup), so
// a name re-pointed after the check (DNS rebinding) is refused too.

/** The test setting: `KAIROS_ALLOW_LOCAL_PUSH_ENDPOINTS=1` lets http and local addresses through. */
export function localEndpointsAllowed(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return env.KAIROS_ALLOW_LOCAL_PUSH_ENDPOINTS === '1';
}

/** The https port; push services (FCM, Mozilla, Apple, WNS) all listen on it. */
const HTTPS_PORT = 443;

/**
 * The ports a push endpoint may name: 443 and those in `KAIROS_PUSH_ENDPOINT_PORTS`
 * (comma-separated). Any port on a public host would let a visitor aim the
 * server at SSH, Redis or an admin panel there; an entry that is not a port is
 * skipped, so a typo narrows the list rather than widening it.
 */
export function endpointPorts(env: Readonly<Record<string, string | undefined>> = process.env): ReadonlySet<number> {
  const ports = new Set([HTTPS_PORT]);
  for (const entry of (env.KAIROS_PUSH_ENDPOINT_PORTS ?? '').split(',')) {
    const port = Number(entry.trim());
    if (entry.trim() !== '' && Number.isInteger(port) && port > 0 && port < 65536) ports.add(port);
  }
  return ports;
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
  ['192.88.99.0', 24], // 6to4 relay anycast (deprecated, RFC 7526): a relay, never a push service
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  blocked.addSubnet(prefix, bits, 'ipv4');
}
// Prefixes refused whole, whatever IPv4 address some of them embed: a translator
// on the server's network could turn them into any IPv4 address, private ones
// included, and no push service is reached through them.
for (const [prefix, bits] of [
  ['::', 96], // unspecified, loopback and the deprecated IPv4-compatible ::a.b.c.d
  ['::ffff:0:0:0', 96], // IPv4-translated ::ffff:0:a.b.c.d (RFC 2765, stateless translators)
  ['64:ff9b::', 96], // well-known NAT64 (RFC 6052)
  ['64:ff9b:1::', 48], // local-use NAT64 (RFC 8215): the operator's own translator
  ['100::', 64], // discard (RFC 6666)
  ['100:0:0:1::', 64], // dummy prefix (RFC 9780)
  ['2001::', 23], // IETF protocol assignments: Teredo, benchmarking, ORCHID
  ['2001:db8::', 32], // documentation
  ['3fff::', 20], // documentation (RFC 9637)
  ['5f00::', 16], // segment-routing SIDs (RFC 9602), not routed on the internet
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) {
  blocked.addSubnet(prefix, bits, 'ipv6');
}

/** The eight 16-bit groups of an IPv6 address (a trailing dotted IPv4 part counts as two). */
function ipv6Groups(address: string): number[] | undefined {
  let text = address.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const front = parse(head);
  const back = tail === undefined ? [] : parse(tail);
  const groups =
    tail === undefined ? front : [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
  return groups.length === 8 && groups.every((group) => group >= 0 && group <= 0xffff) ? groups : undefined;
}

/** The IPv4 address an IPv4-mapped (::ffff:a.b.c.d) or 6to4 (2002:aabb:ccdd::) address stands for, if any. */
function embeddedIpv4(address: string): string | undefined {
  const groups = ipv6Groups(address);
  if (!groups) return undefined;
  const dotted = (high: number, low: number) => [high >> 8, high & 255, low >> 8, low & 255].join('.');
  const mapped = groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
  if (mapped) return dotted(groups[6] ?? 0, groups[7] ?? 0);
  if (groups[0] === 0x2002) return dotted(groups[1] ?? 0, groups[2] ?? 0);
  return undefined;
}

/**
 * True for an address on the public internet; false for loopback, private,
 * link-local, CGNAT, multicast, documentation, reserved and translation ranges,
 * and for IPv4-mapped or 6to4 forms of a non-public IPv4 address.
 */
export function isPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = net.isIP(bare);
  if (family === 4) return !blocked.check(bare, 'ipv4');
  if (family !== 6) return false;
  if (blocked.check(bare, 'ipv6')) return false;
  const inner = embeddedIpv4(bare);
  return inner === undefined || (net.isIPv4(inner) && !blocked.check(inner, 'ipv4'));
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
  /** The ports an endpoint may name (endpointPorts(): 443 and the configured ones). */
  ports?: ReadonlySet<number>;
}

export type EndpointCheck = { ok: true; url: URL } | { ok: false; reason: string };

/**
 * The checks that need no DNS: scheme, credentials, port and an address
 * literal. Shared by the subscribe route and the sender, which checks again
 * because a stored endpoint may predate a rule.
 */
export function checkEndpointUrl(url: URL, options: Omit<GuardOptions, 'resolve'> = {}): EndpointCheck {
  if (options.allowLocal ?? localEndpointsAllowed()) {
    return url.protocol === 'https:' || url.protocol === 'http:'
      ? { ok: true, url }
      : { ok: false, reason: 'The endpoint must be an http(s) URL.' };
  }
  if (url.protocol !== 'https:') return { ok: false, reason: 'The endpoint must use https.' };
  if (url.username || url.password) return { ok: false, reason: 'The endpoint must not carry credentials.' };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host) && !isPublicAddress(host)) return { ok: false, reason: `${host} is not a public address.` };
  // The URL parser drops a port equal to the scheme's default, so '' is 443.
  const port = url.port === '' ? HTTPS_PORT : Number(url.port);
  if (!(options.ports ?? endpointPorts()).has(port)) {
    return { ok: false, reason: `The endpoint's port ${port} is not allowed (443, or KAIROS_PUSH_ENDPOINT_PORTS).` };
  }
  return { ok: true, url };
}

/** Checks an endpoint's scheme, port and every address its host resolves to. */
export async function checkPushEndpoint(endpoint: string, options: GuardOptions = {}): Promise<EndpointCheck> {
  const allowLocal = options.allowLocal ?? localEndpointsAllowed();
  if (!URL.canParse(endpoint)) return { ok: false, reason: 'The endpoint is not a URL.' };
  const url = new URL(endpoint);
  const shape = checkEndpointUrl(url, { ...options, allowLocal });
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!shape.ok || allowLocal || net.isIP(host)) return shape;
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

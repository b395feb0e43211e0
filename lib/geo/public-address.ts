// Addresses no IP-location database can place: private networks, loopback,
// link-local, carrier-grade NAT, documentation and other special-purpose
// ranges (the IANA IPv4 and IPv6 Special-Purpose Address Registries, RFC 6890).
// Checked before the database is opened, so a server that only ever sees
// local traffic (a trial, the tests) never loads its 60 MB. IPv4-mapped IPv6
// (::ffff:0:0/96) is not listed: BlockList matches IPv4 addresses against it,
// and lib/http/ip-address.ts has already written such addresses as IPv4.
import { BlockList, isIP } from 'node:net';

const special = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 3],
] as const) {
  special.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 127],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  special.addSubnet(network, prefix, 'ipv6');
}

/** Whether `address` (normalised: lib/http/ip-address.ts) is a public unicast address, one a location can be found for. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return !special.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

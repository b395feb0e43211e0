import { isIP } from 'node:net';

/**
 * One spelling per address, so one client is one key: IPv4-mapped IPv6
 * (`::ffff:1.2.3.4`, what a dual-stack socket reports for IPv4) becomes
 * `1.2.3.4`, IPv6 is lower case, and the forms proxies write into
 * X-Forwarded-For (`1.2.3.4:5678`, `[2001:db8::1]:443`) lose the port.
 * Anything else (empty, `unknown`, a name) is undefined.
 */
export function normaliseAddress(text: string): string | undefined {
  let address = text.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed?.[1]) address = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(address)) address = address.slice(0, address.indexOf(':'));
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped?.[1]) address = mapped[1];
  return isIP(address) ? address : undefined;
}

/**
 * The /64 an IPv6 address is in (`2001:db8:1:2::/64`): one subscriber gets a
 * whole /64 and may pick any address in it, so a limit per address would be a
 * limit per nothing. IPv4 addresses are their own key.
 */
export function addressBlock(address: string): string {
  if (isIP(address) !== 6) return address;
  const [head = '', tail] = address.split('::');
  const groups = (part: string) => (part ? part.split(':') : []);
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const last = right.length > 0 ? right : left;
  const dotted = last[last.length - 1];
  if (dotted?.includes('.')) {
    // An embedded IPv4 tail (64:ff9b::1.2.3.4) counts as two groups; it is past the /64 anyway.
    last.splice(last.length - 1, 1, '0', '0');
  }
  const full = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${full
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}

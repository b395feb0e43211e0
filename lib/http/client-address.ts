import type { IncomingMessage } from 'node:http';
import { normaliseAddress } from './ip-address';
import type { TrustedProxies } from './trusted-proxies';

/**
 * The header the Kairos server (server.ts) sets on every request to the
 * client's address, after deleting whatever a client sent under that name.
 * Route handlers get a web Request with no socket, so this is how the socket
 * reaches them; X-Forwarded-For cannot serve, as `next start` sets it only
 * when the client did not.
 */
export const clientAddressHeader = 'x-kairos-client-address';

/**
 * Set (to "https") by the Kairos server when the client's connection is TLS:
 * the socket is, or a trusted proxy says so in X-Forwarded-Proto. Decides the
 * session cookie's Secure flag; a client's own X-Forwarded-Proto counts for
 * nothing, as its X-Forwarded-For does not.
 */
export const clientProtocolHeader = 'x-kairos-client-protocol';

/**
 * Who sent a request. With no trusted proxies, or from a peer that is not one,
 * the socket's peer is the client and X-Forwarded-For is ignored (anyone can
 * write it). From a trusted proxy, the hops are read from the right, each
 * appended by the proxy that saw it: trusted hops are skipped and the first
 * untrusted one is the client; hops to its left were written by the client
 * and are never read. A hop that is no address stops the walk at the last
 * address a trusted proxy vouched for, so junk never becomes a key a client
 * picks (nor one bucket every client shares).
 */
export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | undefined,
  trusted: TrustedProxies | undefined,
): string | undefined {
  const socket = peer === undefined ? undefined : normaliseAddress(peer);
  if (!socket || !trusted?.has(socket)) return socket;
  let client = socket;
  const hops = (forwardedFor ?? '').split(',');
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normaliseAddress(hops[i] ?? '');
    if (!hop) break;
    client = hop;
    if (!trusted.has(hop)) break;
  }
  return client;
}

/** Replaces any client-sent client-address and protocol headers with what the socket says. */
export function stampClientAddress(request: IncomingMessage, trusted: TrustedProxies | undefined): void {
  delete request.headers[clientAddressHeader];
  delete request.headers[clientProtocolHeader];
  if (connectionIsTls(request, trusted)) request.headers[clientProtocolHeader] = 'https';
  const forwarded = request.headers['x-forwarded-for'];
  const address = clientAddress(
    request.socket.remoteAddress,
    Array.isArray(forwarded) ? forwarded.join(',') : forwarded,
    trusted,
  );
  if (address) request.headers[clientAddressHeader] = address;
}

/** The right-most X-Forwarded-Proto is the one the nearest (trusted) proxy wrote. */
function connectionIsTls(request: IncomingMessage, trusted: TrustedProxies | undefined): boolean {
  if ('encrypted' in request.socket && request.socket.encrypted) return true;
  const peer = request.socket.remoteAddress === undefined ? undefined : normaliseAddress(request.socket.remoteAddress);
  if (!peer || !trusted?.has(peer)) return false;
  const forwarded = request.headers['x-forwarded-proto'];
  const last = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? '')).split(',').pop();
  return last?.trim().toLowerCase() === 'https';
}

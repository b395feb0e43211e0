import { clientAddressHeader } from './client-address';
import { addressBlock } from './ip-address';

// Without the header the app was not started by server.ts (`next dev`, a bare
// `next start`): there is no address a client cannot forge, so every client
// shares one key and the global limits are what remains.
const unstamped = 'unstamped';
let warned = false;

/**
 * The client a request comes from, for rate limits: the address server.ts
 * read from the socket (or, behind KAIROS_TRUSTED_PROXIES, from the hop the
 * proxy vouched for), IPv6 by its /64.
 */
export function clientKey(request: Request): string {
  const address = request.headers.get(clientAddressHeader);
  if (address) return addressBlock(address);
  if (!warned && process.env.NODE_ENV === 'production') {
    warned = true;
    console.warn('Kairos was not started with `npm start` (server.ts): per-client limits see all clients as one.');
  }
  return unstamped;
}

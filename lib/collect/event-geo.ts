// Where each event of a request happened, for its `context.geo`
// (docs/geography.md): a tracker batch and a browser's Segment call are placed
// by the request's client address (the socket, or the trusted proxy's hop);
// a Segment call carrying `context.ip` by that address, Segment's convention
// for servers sending on a visitor's behalf. A call from a server without
// `context.ip` gets no geo: the server's own address says where the server is,
// not the visitor. The addresses are used for the lookup only, never stored.
import type { GeoLevel, VisitorGeo } from '../contracts/geo';
import { geoLevel } from '../geo/geo-level';
import { lookupGeo } from '../geo/ip-geo';
import { clientAddressHeader } from '../http/client-address';
import { normaliseAddress } from '../http/ip-address';

export type EventLocator = (contextIp?: unknown) => VisitorGeo | undefined;

/** Browsers send Origin with every POST; server libraries (analytics-node, rudder-sdk-node) send none. */
const fromBrowser = (request: Request) => request.headers.has('origin');

/** A locator for one request's events: each address is looked up once per request. */
export function eventLocator(request: Request, level: GeoLevel = geoLevel()): EventLocator {
  const found = new Map<string, VisitorGeo | undefined>();
  const locate = (address: string | undefined) => {
    if (level === 'off' || !address) return undefined;
    if (!found.has(address)) found.set(address, lookupGeo(address, level));
    return found.get(address);
  };
  const requestAddress = request.headers.get(clientAddressHeader) ?? undefined;
  const own = fromBrowser(request) ? requestAddress : undefined;
  return (contextIp) => {
    if (typeof contextIp === 'string' && contextIp.length <= 45) {
      const address = normaliseAddress(contextIp);
      if (address) return locate(address);
    }
    return locate(own);
  };
}

/** The tracker's batches come from the device itself: every event is placed by the request's address. */
export function requestGeo(request: Request, level: GeoLevel = geoLevel()): VisitorGeo | undefined {
  const address = request.headers.get(clientAddressHeader) ?? undefined;
  return level === 'off' || !address ? undefined : lookupGeo(address, level);
}

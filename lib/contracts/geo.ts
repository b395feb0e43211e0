// Where a visitor is, as the server derives it from the client's address at
// ingest (docs/geography.md): stored in an event's `context.geo`, read by the
// segment compiler and predicate, and sent to a device with its config. The
// address itself is never stored.

/** ISO 3166-1 alpha-2 country code, the region (state, province) and the city, in DB-IP's English names. */
export interface VisitorGeo {
  country: string;
  region?: string;
  city?: string;
}

export const geoFields = ['country', 'region', 'city'] as const;
export type GeoField = (typeof geoFields)[number];

/** KAIROS_GEO: nothing, the country only, or country, region and city (the default). */
export const geoLevels = ['off', 'country', 'city'] as const;
export type GeoLevel = (typeof geoLevels)[number];

/** The geo of an event's context, if it is one (a stored event's context is free-form JSON). */
export function contextGeo(context: { geo?: unknown }): VisitorGeo | undefined {
  const geo = context.geo;
  if (typeof geo !== 'object' || geo === null) return undefined;
  const { country, region, city } = geo as Record<string, unknown>;
  if (typeof country !== 'string') return undefined;
  return {
    country,
    ...(typeof region === 'string' && { region }),
    ...(typeof city === 'string' && { city }),
  };
}

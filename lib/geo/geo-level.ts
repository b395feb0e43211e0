import { type GeoLevel, geoLevels } from '../contracts/geo';

/**
 * What the server keeps of a visitor's place (KAIROS_GEO, docs/geography.md):
 * `off`, `country`, or `city` (country, region and city; the default). A value
 * that is none of these throws, so a typo stops the server at start
 * (server.ts) instead of silently keeping more, or less, than was meant.
 */
export function geoLevel(text: string | undefined = process.env.KAIROS_GEO): GeoLevel {
  const value = (text ?? '').trim().toLowerCase();
  if (value === '') return 'city';
  const level = geoLevels.find((known) => known === value);
  if (!level) throw new Error(`KAIROS_GEO: "${text}" is not one of ${geoLevels.join(', ')}.`);
  return level;
}

// A country code's English name ("FR" → "France") for the console, from the
// browser's own Intl data: nothing to ship. A code Intl does not know stays a code.
const names = typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames(['en'], { type: 'region' }) : null;

export function countryName(code: string): string {
  try {
    return names?.of(code) ?? code;
  } catch {
    return code;
  }
}

/** "Paris, Ile-de-France, France": the parts that are known, most precise first. */
export function placeText(place: { country?: string | null; region?: string | null; city?: string | null }): string {
  return [place.city, place.region, place.country ? countryName(place.country) : null]
    .filter((part): part is string => Boolean(part))
    .join(', ');
}

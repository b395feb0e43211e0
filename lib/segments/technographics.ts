// Browser family from a user agent, for the technographic condition. Order
// matters: Edge and Samsung Internet also say "Chrome", Chrome also says "Safari".
const families = [
  ['edge', /\bEdg(e|A|iOS)?\//],
  ['samsung', /\bSamsungBrowser\//],
  ['opera', /\b(OPR|Opera)\//],
  ['firefox', /\b(Firefox|FxiOS)\//],
  ['chrome', /\b(Chrome|CriOS|Chromium)\//],
  ['safari', /\bVersion\/[\d.]+.*\bSafari\//],
] as const;

export function browserFamily(userAgent: string | undefined | null): string | null {
  if (!userAgent) return null;
  for (const [family, pattern] of families) if (pattern.test(userAgent)) return family;
  return 'other';
}

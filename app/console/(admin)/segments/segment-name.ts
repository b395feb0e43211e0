// "Save as new segment" under a name already taken would leave two segments
// nobody can tell apart in lists and campaigns: the new one becomes "… (copy)",
// then "… (copy 2)", ... (names are at most 120 characters).
const maxName = 120;

export function unusedSegmentName(name: string, taken: readonly string[]): string {
  const names = new Set(taken);
  if (!names.has(name)) return name;
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? ' (copy)' : ` (copy ${n})`;
    const candidate = name.slice(0, maxName - suffix.length) + suffix;
    if (!names.has(candidate)) return candidate;
  }
}

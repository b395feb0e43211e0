// Typo tolerance: the optimal-string-alignment form of Damerau–Levenshtein
// (insert, delete, substitute, swap two neighbours: "hotles" → "hotels" is one
// edit). Bounded: only a band of width 2·max around the diagonal is computed,
// and the search stops as soon as a whole row exceeds the bound.

/** The edit distance of `a` and `b` if it is at most `max`, else `max + 1`. */
export function boundedEditDistance(a: string, b: string, max: number): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const over = max + 1;
  const width = b.length + 1;
  // Three rows: the one before last (for swaps), the last one, the current one.
  let before = new Array<number>(width).fill(over);
  let last = Array.from({ length: width }, (_, j) => (j <= max ? j : over));
  let current = new Array<number>(width).fill(over);
  for (let i = 1; i <= a.length; i++) {
    current.fill(over);
    if (i <= max) current[0] = i;
    const from = Math.max(1, i - max);
    const to = Math.min(b.length, i + max);
    let rowBest = current[0] ?? over;
    for (let j = from; j <= to; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((last[j] ?? over) + 1, (current[j - 1] ?? over) + 1, (last[j - 1] ?? over) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (before[j - 2] ?? over) + 1);
      }
      current[j] = Math.min(value, over);
      rowBest = Math.min(rowBest, current[j] ?? over);
    }
    // Early exit: every path from here on costs more than the bound.
    if (rowBest > max) return over;
    [before, last, current] = [last, current, before];
  }
  return Math.min(last[b.length] ?? over, over);
}

/** How many edits a word of this length may carry: none below `minWordLength`, else up to `maxEdits` (two only from 8 letters). */
export function allowedEdits(word: string, maxEdits: number, minWordLength: number): number {
  if (word.length < minWordLength || /^\d+$/.test(word)) return 0;
  return Math.min(maxEdits, word.length >= 8 ? 2 : 1);
}

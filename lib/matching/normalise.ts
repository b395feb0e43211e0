// Normalisation shared by queries and keyword sets, so both sides meet in the
// middle: "Hôtels pas chers à Mexico!" and "hotel" compare as plain words.
// Language-agnostic steps (Unicode case folding, accents stripped through NFD,
// punctuation and symbols as spaces), then stop words of a few languages and a
// deliberately small English-style stemmer. Being consistent on both sides
// matters more than being a linguist: a stem only has to be the same stem.

/** Frequent function words of English, Spanish, French, German and Portuguese (accents already stripped). */
const stopWordList = `
a an and are as at be by for from how i in into is it me my of on or our so than that the their this to was
what when where which who why will with you your
al como con de del el en es la las lo los mas mi para por que se sin su sus un una uno unos unas y o
au aux avec ce ces dans des du elle en est et il je le les leur mais ne nous ou par pas pour qui sa se ses
sur ta te tes ton tu un une vos votre
am an auf aus bei das dem den der des die ein eine einem einen einer es fur im ist mit nach oder und von
vom zu zum zur
ao aos as da das de do dos e em na nas no nos o os ou para pela pelo por um uma uns umas
`;
export const stopWords: ReadonlySet<string> = new Set(stopWordList.split(/\s+/).filter(Boolean));

/** Combining marks left by NFD (the accents of "é", "ñ", "ü"). */
const combiningMarks = /\p{M}+/gu;
/** Everything that is not a letter or a digit separates words ("walk-through", "mexico!"). */
const separators = /[^\p{L}\p{N}]+/gu;

/** Lower case, accents stripped, punctuation and symbols as spaces; `ß` folds to `ss`, ligatures split (NFKD). */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(combiningMarks, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(separators, ' ')
    .trim();
}

const isLatinWord = (word: string) => /^[a-z]+$/.test(word);

/**
 * A small suffix stemmer, applied the same way to queries and keywords:
 * - plurals: `-ies` → `-y` ("countries" → "country"), `-es` after s/x/z/ch/sh
 *   ("boxes" → "box"), otherwise a final `-s` but not `-ss` ("hotels" → "hotel");
 * - `-ing` and `-ed` with a doubled final consonant undone ("shopping" → "shop",
 *   "booked" → "book"), only when at least three letters remain.
 * Only plain a–z words are touched; other scripts and numbers pass as they are.
 * Spanish or French plurals that this misses ("hoteles" → "hotele") are one edit
 * away and caught by typo tolerance.
 */
export function stem(word: string): string {
  if (!isLatinWord(word) || word.length <= 3) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(s|x|z|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is')) {
    return word.slice(0, -1);
  }
  for (const suffix of ['ing', 'ed']) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) {
      const base = word.slice(0, -suffix.length);
      return /([b-df-hj-np-tv-z])\1$/.test(base) && !/(ll|ss|zz)$/.test(base) ? base.slice(0, -1) : base;
    }
  }
  return word;
}

/** The words of a text as the matcher compares them: folded, stop words dropped, stemmed. */
export function normaliseWords(text: string): string[] {
  const words = foldText(text).split(' ').filter(Boolean);
  const kept = words.filter((word) => !stopWords.has(word));
  // A text made only of stop words ("to be or not to be") keeps them: an empty query matches nothing.
  return (kept.length > 0 ? kept : words).map(stem);
}

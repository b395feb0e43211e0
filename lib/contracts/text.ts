// Cutting text to a length without splitting a character: a cut between the
// two halves of a surrogate pair (an emoji) leaves a lone surrogate, which
// JSON storage refuses. Plain code: safe for the tracker's size budget.

/** `text` cut to at most `max` UTF-16 units, never inside a surrogate pair. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  // A high surrogate as the last unit kept would lose its low half: cut before it.
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}

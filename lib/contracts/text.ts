// Text rules every entry applies. Cutting never splits a character: a cut
// between the two halves of a surrogate pair (an emoji) leaves a lone
// surrogate, which JSON storage refuses. Plain code: safe for the tracker's
// size budget.

/** `text` cut to at most `max` UTF-16 units, never inside a surrogate pair. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  // A high surrogate as the last unit kept would lose its low half: cut before it.
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}

/**
 * Text every store can hold, the one rule for visitor and admin input alike:
 * NUL removed (PostgreSQL's text and JSONB refuse U+0000; it carries no meaning
 * in text) and each lone surrogate replaced by U+FFFD (JSONB refuses them), as
 * a UTF-8 decoder does with bytes it cannot read. Ids pass through the same
 * rule at every entry, so a cleaned id still names the same visitor.
 */
export function storableText(text: string): string {
  const withoutNul = text.includes('\u0000') ? text.replaceAll('\u0000', '') : text;
  return withoutNul.isWellFormed() ? withoutNul : withoutNul.toWellFormed();
}

// Which arm of a campaign a visitor is in: the control, or one message
// variant. Decided by a hash of (campaign, visitor) alone, so the same visitor
// always lands in the same arm of a campaign (a resend, a send in chunks, a
// second server process all agree) and never in two; and a visitor's arm in
// one campaign says nothing about their arm in another.

/** An arm: the control (sent nothing), or the index of a variant (0 = A). */
export type CampaignArm = { control: true } | { control: false; variant: number };

/** FNV-1a over the UTF-8 bytes, then MurmurHash3's finaliser so every bit of the result depends on every input bit. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A uniform draw in [0, 1) fixed for this text. */
export const uniformDraw = (text: string): number => hash32(text) / 2 ** 32;

/** A uniform draw in [0, 1) fixed for this campaign and visitor. */
export function armDraw(campaignId: number, anonymousId: string): number {
  return uniformDraw(`${campaignId}\u0000${anonymousId}`);
}

/**
 * The visitor's arm: the control when the draw falls under `controlShare`,
 * else a variant by where the draw falls in the rest (equal shares).
 */
export function campaignArm(
  campaignId: number,
  anonymousId: string,
  options: { controlShare: number; variants: number },
): CampaignArm {
  const draw = armDraw(campaignId, anonymousId);
  const share = Math.min(Math.max(options.controlShare, 0), 1);
  if (draw < share) return { control: true };
  const variants = Math.max(1, Math.floor(options.variants));
  const variant = Math.min(variants - 1, Math.floor(((draw - share) / (1 - share)) * variants));
  return { control: false, variant };
}

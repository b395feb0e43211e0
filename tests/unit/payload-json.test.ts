import { describe, expect, it } from 'vitest';
import type { CampaignMessage } from '@/lib/contracts/campaign';
import { campaignPayload, traitNames } from '@/lib/contracts/campaign-message';
import { PayloadJson } from '@/lib/push/payload-json';

// The sender writes each delivery's id into a payload made once per campaign,
// variant and trait values: a visitor must get exactly the bytes the payload
// itself would serialise to, with their own name and their own delivery id.
const message: CampaignMessage = {
  title: 'Hello {{first_name|there}}',
  body: 'Your "deliveryId":9007199254740991 is {{city}}',
  url: '/deals?for={{first_name}}',
  actions: [{ action: 'open', title: 'Go {{first_name}}', url: '/go' }],
};

const expected = (id: number, variant: number, traits: Record<string, unknown>, m = message) =>
  JSON.stringify(campaignPayload(7, m, traits, { id, variant }));

describe('the payload JSON of each delivery', () => {
  it('is the payload serialised, per visitor, variant and delivery id', () => {
    const payloads = new PayloadJson();
    const cases: [number, number, Record<string, unknown>][] = [
      [1, 0, {}],
      [2, 0, {}],
      [3, 0, { first_name: 'Ana', city: 'Lisbon' }],
      [4, 1, { first_name: 'Ana', city: 'Lisbon' }],
      [5, 0, { first_name: 'Bo', plan: 'gold' }],
      [6, 0, { first_name: 'Ana', city: 'Lisbon', plan: 'x' }],
      [9_007_199_254_740_991, 0, { first_name: 42 }],
    ];
    for (const [id, variant, traits] of cases) {
      expect(payloads.of({ id, campaignId: 7, variant, message, traits })).toBe(expected(id, variant, traits));
    }
  });

  it('does not give one visitor another visitor’s name (the injected fault: a key without trait values)', () => {
    const payloads = new PayloadJson();
    payloads.of({ id: 1, campaignId: 7, variant: 0, message, traits: { first_name: 'Ana' } });
    expect(payloads.of({ id: 2, campaignId: 7, variant: 0, message, traits: { first_name: 'Bo' } })).toContain(
      'Hello Bo',
    );
  });

  it('reads the names a message uses from its texts, links and buttons', () => {
    expect(traitNames(message).sort()).toEqual(['city', 'first_name']);
    expect(traitNames({ title: 'Sale', body: 'Today only' })).toEqual([]);
  });
});

// The console composer's form → campaign conversion: what is sent to the API,
// and the marketer-facing reason when the form is not ready.
import { describe, expect, it } from 'vitest';
import {
  checkDraft,
  draftMessage,
  emptyDraft,
  placeholderTraits,
  traitsWithoutFallback,
} from '@/app/console/(admin)/campaigns/campaign-draft';
import { createCampaignSchema } from '@/lib/contracts/campaign';

const now = Date.parse('2026-07-01T10:00:00Z');
const filled = {
  ...emptyDraft,
  name: ' Summer ',
  title: 'Hi {{first_name|there}}',
  body: 'Sun for {{ city | you }}',
  url: '/deals',
  image: '',
  actions: [
    { title: 'Book', url: '/book' },
    { title: '', url: '/ignored' },
  ] as typeof emptyDraft.actions,
  segmentId: '3',
  ttlHours: '1.5',
  urgency: 'high' as const,
  topic: 'summer-deals',
};

describe('the campaign composer', () => {
  it('turns the form into a campaign the API accepts (buttons without a label are left out)', () => {
    const checked = checkDraft(filled, now);
    expect(checked).toEqual({
      ok: true,
      campaign: {
        name: 'Summer',
        message: {
          title: 'Hi {{first_name|there}}',
          body: 'Sun for {{ city | you }}',
          url: '/deals',
          icon: '/icons/icon-192.png',
          actions: [{ action: 'action-1', title: 'Book', url: '/book' }],
        },
        segmentId: 3,
        scheduledAt: null,
        ttlSeconds: 5_400,
        urgency: 'high',
        topic: 'summer-deals',
      },
    });
    if (checked.ok) expect(createCampaignSchema.safeParse(checked.campaign).success).toBe(true);
  });

  it('schedules in the marketer’s time and refuses a time in the past', () => {
    const later = checkDraft({ ...filled, when: 'later', scheduledAt: '2026-07-02T09:30' }, now);
    expect(later.ok && later.campaign.scheduledAt).toBe(new Date('2026-07-02T09:30').toISOString());
    expect(checkDraft({ ...filled, when: 'later', scheduledAt: '2026-06-30T09:30' }, now)).toEqual({
      ok: false,
      problem: 'The send time is in the past.',
    });
    expect(checkDraft({ ...filled, when: 'later', scheduledAt: '' }, now)).toEqual({
      ok: false,
      problem: 'Choose when to send.',
    });
  });

  it('says what to fix first (injected: no name, no title, a bad TTL, a bad topic)', () => {
    expect(checkDraft({ ...filled, name: ' ' }, now)).toEqual({ ok: false, problem: 'Give the campaign a name.' });
    expect(checkDraft({ ...filled, title: '' }, now)).toEqual({
      ok: false,
      problem: 'The notification needs a title.',
    });
    expect(checkDraft({ ...filled, ttlHours: '700' }, now)).toEqual({
      ok: false,
      problem: 'Time to live is 0 to 672 hours (28 days).',
    });
    expect(checkDraft({ ...filled, topic: 'has spaces' }, now)).toEqual({
      ok: false,
      problem: 'A topic is 1 to 32 letters, digits, "-" or "_".',
    });
  });

  it('lists the traits the placeholders use, for the preview', () => {
    expect(placeholderTraits(draftMessage(filled))).toEqual(['first_name', 'city']);
  });

  // Injected: a placeholder without a fallback; the preview warns about exactly those.
  it('finds the placeholders without a fallback, for the preview warning', () => {
    const message = draftMessage({ ...filled, title: 'Hi {{ first_name }}', body: 'In {{city|your city}}' });
    expect(traitsWithoutFallback(message)).toEqual(['first_name']);
    expect(traitsWithoutFallback(draftMessage(filled))).toEqual([]);
  });
});

// The console composer's form → campaign conversion: what is sent to the API,
// and the marketer-facing reason when the form is not ready.
import { describe, expect, it } from 'vitest';
import {
  checkDraft,
  checkTestMessage,
  draftMessage,
  draftOf,
  duplicateOf,
  emptyDraft,
  placeholderTraits,
  traitsWithoutFallback,
} from '@/app/console/(admin)/campaigns/campaign-draft';
import { type CampaignListItem, createCampaignSchema, testMessageRequestSchema } from '@/lib/contracts/campaign';

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
        variants: [],
        controlShare: 0.1,
        stagedSend: null,
        segmentId: 3,
        scheduledAt: null,
        ttlSeconds: 5_400,
        urgency: 'high',
        topic: 'summer-deals',
        timeMode: 'now',
        localTime: null,
        perMinute: null,
        important: false,
      },
    });
    if (checked.ok) expect(createCampaignSchema.safeParse(checked.campaign).success).toBe(true);
  });

  // Injected failures: a variant losing A's link and buttons; a blank variant title; a control share out of range.
  it('makes variants B to D from A in their own words, and checks the control share', () => {
    const checked = checkDraft(
      { ...filled, variants: [{ title: 'Last call', body: 'Ends tonight' }], controlPercent: '0' },
      now,
    );
    expect(checked.ok && checked.campaign.variants).toEqual([
      {
        title: 'Last call',
        body: 'Ends tonight',
        url: '/deals',
        icon: '/icons/icon-192.png',
        actions: [{ action: 'action-1', title: 'Book', url: '/book' }],
      },
    ]);
    expect(checked.ok && checked.campaign.controlShare).toBe(0);
    expect(checkDraft({ ...filled, variants: [{ title: ' ', body: '' }] }, now)).toEqual({
      ok: false,
      problem: 'Variant B needs a title.',
    });
    for (const controlPercent of ['', '-1', '51', 'ten']) {
      expect(checkDraft({ ...filled, controlPercent }, now).ok).toBe(false);
    }
  });

  // Injected failures: a test share or wait out of range; a staged send without a second variant.
  it('makes a staged send only with a variant B, and checks its share and wait', () => {
    const withB = { ...filled, variants: [{ title: 'Last call', body: '' }], staged: true };
    const checked = checkDraft({ ...withB, testPercent: '20', waitHours: '4', stageMetric: 'conversion' }, now);
    expect(checked.ok && checked.campaign.stagedSend).toEqual({ testShare: 0.2, waitHours: 4, metric: 'conversion' });
    if (checked.ok) expect(createCampaignSchema.safeParse(checked.campaign).success).toBe(true);
    // Ticked with no variant B left (it was removed): nothing to choose from, so not staged.
    const alone = checkDraft({ ...filled, staged: true }, now);
    expect(alone.ok && alone.campaign.stagedSend).toBeNull();
    for (const testPercent of ['', '4', '51', 'half']) {
      expect(checkDraft({ ...withB, testPercent }, now)).toEqual({
        ok: false,
        problem: 'The test share of a staged send is 5 to 50% of the audience.',
      });
    }
    for (const waitHours of ['0', '1.5', '169']) expect(checkDraft({ ...withB, waitHours }, now).ok).toBe(false);
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

describe('a saved campaign back in the composer', () => {
  const sent: CampaignListItem = {
    id: 41,
    name: 'Summer',
    segmentId: 3,
    segmentDefinition: null,
    message: {
      title: 'Hi {{first_name|there}}',
      body: 'Sun',
      url: '/deals',
      actions: [{ action: 'action-1', title: 'Book', url: '/book' }],
    },
    status: 'sent',
    scheduledAt: '2026-07-02T09:30:00.000Z',
    ttlSeconds: 5_400,
    urgency: 'high',
    topic: 'summer-deals',
    createdAt: '2026-07-01T10:00:00.000Z',
    updatedAt: '2026-07-02T09:31:00.000Z',
    variants: [
      {
        title: 'Hello {{first_name|there}}',
        body: 'Beach',
        url: '/deals',
        actions: [{ action: 'action-1', title: 'Book', url: '/book' }],
      },
    ],
    controlShare: 0.15,
    stagedSend: { testShare: 0.25, waitHours: 6, metric: 'conversion' },
    stage: null,
    counts: { queued: 0, sent: 12, failed: 1, expired: 2, skipped: 0 },
    timeMode: 'localTime',
    localTime: '09:30',
    perMinute: 50,
    important: true,
    skips: { capped: 0, quietHeld: 0, quietExpired: 0, guard: 0, control: 0, globalHoldout: 0 },
  };

  it('fills every field of the form, and saving it unchanged gives back the same campaign', () => {
    // Injected failure this catches: a field dropped on the way (icon, topic, the second button, the time).
    const draft = draftOf(sent);
    expect(draft).toMatchObject({
      name: 'Summer',
      segmentId: '3',
      when: 'later',
      ttlHours: '1.5',
      topic: 'summer-deals',
    });
    expect(draft.actions).toEqual([
      { title: 'Book', url: '/book' },
      { title: '', url: '' },
    ]);
    const again = checkDraft(draft, Date.parse('2026-07-01T00:00:00Z'));
    expect(again).toEqual({
      ok: true,
      campaign: {
        name: 'Summer',
        message: sent.message,
        variants: sent.variants,
        controlShare: 0.15,
        stagedSend: { testShare: 0.25, waitHours: 6, metric: 'conversion' },
        segmentId: 3,
        scheduledAt: sent.scheduledAt,
        ttlSeconds: 5_400,
        urgency: 'high',
        topic: 'summer-deals',
        timeMode: 'localTime',
        localTime: '09:30',
        perMinute: 50,
        important: true,
      },
    });
  });

  it('duplicates as a new, unscheduled draft with the same message and audience', () => {
    const copy = duplicateOf(sent);
    expect(copy).toEqual({
      name: 'Summer (copy)',
      message: sent.message,
      variants: sent.variants,
      controlShare: 0.15,
      stagedSend: { testShare: 0.25, waitHours: 6, metric: 'conversion' },
      segmentId: 3,
      scheduledAt: null,
      ttlSeconds: 5_400,
      urgency: 'high',
      topic: 'summer-deals',
      timeMode: 'localTime',
      localTime: '09:30',
      perMinute: 50,
      important: true,
    });
    expect(createCampaignSchema.safeParse(copy).success).toBe(true);
    // A name at the 120-character limit still fits once " (copy)" is added.
    expect(createCampaignSchema.safeParse(duplicateOf({ ...sent, name: 'x'.repeat(120) })).success).toBe(true);
  });
});

describe('a test send of the unsaved form', () => {
  it('needs only a message: no name, segment or send time, and the test API accepts it', () => {
    const checked = checkTestMessage({ ...filled, name: '', segmentId: '', when: 'later', scheduledAt: '' });
    expect(checked).toEqual({
      ok: true,
      test: {
        message: draftMessage(filled),
        ttlSeconds: 5_400,
        urgency: 'high',
        topic: 'summer-deals',
      },
    });
    if (checked.ok) {
      expect(testMessageRequestSchema.safeParse({ anonymousId: 'a-1', ...checked.test }).success).toBe(true);
    }
  });

  it('still says what to fix in the message itself', () => {
    expect(checkTestMessage({ ...filled, title: ' ' })).toEqual({
      ok: false,
      problem: 'The notification needs a title.',
    });
    expect(checkTestMessage({ ...filled, topic: 'no spaces allowed' })).toMatchObject({ ok: false });
  });
});

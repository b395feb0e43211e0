// What `npm run demo` sets up besides the storefront's events, so a first
// start shows the product working (docs/console.md#getting-started-with-the-demo): saved
// segments, moment rules from the classic micro-moments, and past campaigns
// with how their recipients behaved. Data only; lib/cli/demo-story.ts stores it
// through the same modules the console and the send path use.
import type { CampaignMessage, StagedSend } from '../contracts/campaign';
import type { MomentRuleInput } from '../contracts/moment-rule';
import type { SegmentTree } from '../contracts/segment';

/** The search the console's getting-started panel asks for; the budget travel rule turns it into a moment. */
export const gettingStartedQuery = 'cheap countries to visit';

export type DemoSegmentKey = 'champions' | 'atRisk' | 'budgetTravellers';

export interface DemoSegment {
  key: DemoSegmentKey;
  name: string;
  description: string;
  tree: SegmentTree;
}

/** A search whose query contains `text` (case-sensitive, as the segment compiler compares). */
const searched = (text: string): SegmentTree => ({
  kind: 'event',
  name: 'Products Searched',
  atLeast: 1,
  withinDays: 365,
  where: [{ property: 'query', compare: { op: 'contains', value: text } }],
});

export const demoSegments: readonly DemoSegment[] = [
  {
    key: 'champions',
    name: 'Champions',
    description: 'Bought recently and often: the RFM segment champions.',
    tree: { kind: 'rfmSegment', segments: ['champions'] },
  },
  {
    key: 'atRisk',
    name: 'At risk',
    description: 'Used to buy often, not lately: the RFM segments at risk and cannot lose them.',
    tree: { kind: 'rfmSegment', segments: ['at risk', 'cannot lose them'] },
  },
  {
    key: 'budgetTravellers',
    name: 'Budget travellers',
    description: 'Searched for cheap or budget trips in the last year, in any of the shop’s languages.',
    tree: {
      any: ['cheap', 'CHEAP', 'budget', 'Budget', 'last minute', 'barato', 'pas cher', 'günstig'].map(searched),
    },
  },
];

/** Budget travel: "cheap countries to visit", "budget hotels in Mexico" (docs/moments.md). */
const budgetTravel = {
  name: 'Budget travel',
  trigger: { kind: 'search' },
  match: {
    combine: 'all',
    sets: [
      {
        name: 'budget',
        terms: ['cheap', 'budget', 'deal', 'discount', 'affordable', 'bargain', 'barato', 'cher', 'günstig'],
        phrases: ['low cost', 'last minute'],
      },
      {
        name: 'travel',
        terms: ['hotel', 'hostel', 'country', 'visit', 'trip', 'travel', 'flight', 'vacation', 'holiday'],
        phrases: ['places to go', 'getaway'],
      },
    ],
    // "cheat" is one typo from "cheap": a game search must not become a travel offer.
    exclude: ['cheat', 'code', 'walkthrough'],
  },
  message: {
    title: 'Travel for less',
    body: 'Trips from $219 picked for “{{query}}”',
    url: '/search?q=trip&utm_source=kairos-moment',
  },
  cooldownMinutes: 60,
  frequencyCap: { count: 2, periodHours: 24 },
  // The getting-started walk-through's rule: a new user must see their moment happen, never be held out.
  holdoutShare: 0,
} satisfies MomentRuleInput;

/** Game frustration: "Worm Blasterz walk-through", "cheat codes" → an armour offer. */
const gameFrustration = {
  name: 'Game frustration: armour offer',
  trigger: { kind: 'search' },
  match: {
    sets: [
      {
        name: 'stuck in a game',
        terms: ['walkthrough', 'cheat', 'trainer', 'hint', 'trucos', 'soluce'],
        phrases: ['cheat codes', 'how to beat', 'boss fight', 'worm blasterz'],
      },
    ],
    exclude: ['cheap'],
  },
  message: {
    title: 'Stuck on “{{query}}”?',
    body: 'The Titan Armour Pack gets you past level 12: half price today.',
    url: '/products/game-worm-blasterz-armour?utm_source=kairos-moment',
  },
  priority: 50,
  // Three in ten of the visitors it matches see nothing, so its results measure the lift.
  holdoutShare: 0.3,
} satisfies MomentRuleInput;

export const demoMomentRules: readonly MomentRuleInput[] = [budgetTravel, gameFrustration];

/** How the visitors a moment reached behaved: shares of each step, drawn per decision. */
export interface MomentEngagement {
  /** The product the moment's notification offers (bought on conversion). */
  productId: string;
  /** Of moments shown: clicked. */
  clickThrough: number;
  /** Of those who clicked: bought the offer within two days. */
  clickConversion: number;
  /** Of every visitor the rule decided for (shown or held out): bought it anyway within the week. */
  baseConversion: number;
}

/**
 * The rules that ran before the demo starts, for this many days, and how the
 * visitors they reached behaved: the game rule's offer sells (its results show
 * a lift over its held-out visitors); the budget rule starts with the demo.
 */
export const demoMomentHistory: readonly { rule: string; daysAgo: number; engagement: MomentEngagement }[] = [
  {
    rule: gameFrustration.name,
    daysAgo: 45,
    engagement: {
      productId: 'game-worm-blasterz-armour',
      clickThrough: 0.4,
      clickConversion: 0.6,
      baseConversion: 0.04,
    },
  },
];

/** How the recipients of a past campaign behaved: shares of each step, drawn per visitor. */
export interface DemoEngagement {
  /** Of those sent: a device recorded `Notification Shown`. */
  shown: number;
  /** Of those shown, per variant (A, B, …): clicked. */
  clickThrough: readonly number[];
  /** Of those shown and not clicked: dismissed. */
  dismissed: number;
  /** Of those who clicked: bought within the next days. */
  clickConversion: number;
  /** Of everyone (sent or held out): bought anyway within the week, the control's baseline. */
  baseConversion: number;
}

export interface DemoCampaign {
  name: string;
  segment: DemoSegmentKey;
  message: CampaignMessage;
  variants: CampaignMessage[];
  controlShare: number;
  /** A staged send: the variants to a test share, the winner to the rest after the wait. */
  stagedSend?: StagedSend;
  /** Sent this many days before the demo starts. */
  daysAgo: number;
  engagement: DemoEngagement;
}

export const demoCampaigns: readonly DemoCampaign[] = [
  {
    name: 'Spring getaways for budget travellers',
    segment: 'budgetTravellers',
    message: {
      title: 'Cheap countries to visit this spring',
      body: 'Lisbon, Porto and Mexico City from $219, {{first_name|traveller}}.',
      url: '/search?q=trip',
    },
    variants: [
      { title: 'Travel more, spend less', body: 'Trips from $219: Lisbon, Porto, Mexico City.', url: '/search?q=trip' },
    ],
    controlShare: 0.1,
    daysAgo: 40,
    engagement: { shown: 0.93, clickThrough: [0.08, 0.14], dismissed: 0.4, clickConversion: 0.3, baseConversion: 0.03 },
  },
  {
    name: 'Weekend deals, staged',
    segment: 'budgetTravellers',
    message: {
      title: 'This weekend only: trips for less',
      body: 'City breaks from $149. Book by Sunday.',
      url: '/search?q=trip',
    },
    variants: [
      {
        title: '48 hours, trips from $149',
        body: 'Lisbon, Porto, Barcelona: the weekend sale ends Sunday.',
        url: '/search?q=trip',
      },
    ],
    controlShare: 0.1,
    stagedSend: { testShare: 0.3, waitHours: 4, metric: 'clickThrough' },
    daysAgo: 12,
    engagement: { shown: 0.93, clickThrough: [0.06, 0.17], dismissed: 0.4, clickConversion: 0.3, baseConversion: 0.03 },
  },
  {
    name: 'We miss you',
    segment: 'atRisk',
    message: {
      title: 'It has been a while, {{first_name|there}}',
      body: 'Here is 15% off your next order, for the next seven days.',
      url: '/',
    },
    variants: [],
    controlShare: 0.2,
    daysAgo: 21,
    engagement: { shown: 0.9, clickThrough: [0.07], dismissed: 0.45, clickConversion: 0.25, baseConversion: 0.02 },
  },
  {
    name: 'Champions: early access',
    segment: 'champions',
    message: {
      title: 'Early access for our best customers',
      body: 'The summer trips open to you a day before everyone else.',
      url: '/search?q=trip',
    },
    variants: [],
    controlShare: 0.1,
    daysAgo: 6,
    engagement: { shown: 0.95, clickThrough: [0.12], dismissed: 0.3, clickConversion: 0.35, baseConversion: 0.06 },
  },
];

/** Of the demo's visitors, this share has a push subscription when the past campaigns go out. */
export const demoSubscribedShare = 0.6;

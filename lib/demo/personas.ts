// Behaviour types of the demo visitors. Real shops are lopsided: most visitors
// never buy, most buyers buy once, a few loyal customers buy again and again,
// and some good customers drift away. That spread is what makes the RFM grid
// worth looking at, so each persona below fills a different part of it.

export interface Persona {
  /** Share of visitors; relative. */
  share: number;
  /** Mean visits per day while the visitor is active. */
  sessionsPerDay: number;
  /** Mean length, in days, of the period the visitor keeps coming back. */
  activeDays: number;
  /** Chance a visit ends in an order, before the bounds below are applied. */
  purchaseChance: number;
  minPurchases: number;
  maxPurchases: number;
  /** Chance a visit includes a search. */
  searchChance: number;
  /** Chance the visitor signs in or checks out with an account. */
  identifiedChance: number;
  /** Latest arrival, as a fraction of the demo period (1 = any time). */
  arrivesBefore: number;
  /** Visits stop at least this many days before the end of the data. */
  quietDays: number;
  /** Chance of coming back to search in the last week, after going quiet. */
  comebackChance: number;
}

export const personas = {
  /** Looks around, never buys. Mostly short-lived. */
  browser: {
    share: 0.45,
    sessionsPerDay: 0.1,
    activeDays: 20,
    purchaseChance: 0,
    minPurchases: 0,
    maxPurchases: 0,
    searchChance: 0.45,
    identifiedChance: 0.17,
    arrivesBefore: 1,
    quietDays: 0,
    comebackChance: 0,
  },
  /** Buys once and is rarely seen again. */
  oneTimeBuyer: {
    share: 0.23,
    sessionsPerDay: 0.08,
    activeDays: 35,
    purchaseChance: 0,
    minPurchases: 1,
    maxPurchases: 1,
    searchChance: 0.45,
    identifiedChance: 0.55,
    arrivesBefore: 1,
    quietDays: 0,
    comebackChance: 0,
  },
  /** Buys now and then over a few months. */
  occasionalBuyer: {
    share: 0.15,
    sessionsPerDay: 0.045,
    activeDays: 150,
    purchaseChance: 0.22,
    minPurchases: 1,
    maxPurchases: 6,
    searchChance: 0.45,
    identifiedChance: 0.62,
    arrivesBefore: 1,
    quietDays: 0,
    comebackChance: 0,
  },
  /** Frequent, long-lived customers: the champions and loyal cells. */
  loyalBuyer: {
    share: 0.07,
    sessionsPerDay: 0.09,
    activeDays: 420,
    purchaseChance: 0.4,
    minPurchases: 3,
    maxPurchases: 40,
    searchChance: 0.5,
    identifiedChance: 0.85,
    arrivesBefore: 0.85,
    quietDays: 0,
    comebackChance: 0,
  },
  /**
   * Bought several times, went quiet months ago: the "at risk" and "cannot
   * lose them" cells. Most come back in the last week to search without
   * buying, which is the micro-moment worth a notification.
   */
  lapsedBuyer: {
    share: 0.1,
    sessionsPerDay: 0.08,
    activeDays: 110,
    purchaseChance: 0.35,
    minPurchases: 2,
    maxPurchases: 12,
    searchChance: 0.5,
    identifiedChance: 0.7,
    arrivesBefore: 0.5,
    quietDays: 60,
    comebackChance: 0.6,
  },
} as const satisfies Record<string, Persona>;

export type PersonaName = keyof typeof personas;

export const personaShares = Object.fromEntries(
  Object.entries(personas).map(([name, persona]) => [name, persona.share]),
) as Record<PersonaName, number>;

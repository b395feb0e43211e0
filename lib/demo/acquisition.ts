// How a visit starts: the channel, the referrer, the landing page, and UTM
// campaign parameters for paid and email traffic, so campaign segments and
// referrer technographics have something to find.
import type { EventContext } from '../contracts/event';
import { type Product, type ProductCategory, productsByCategory } from './catalog';
import { type StorePage, storePages, withQuery } from './pages';
import type { Random } from './random';

export type Campaign = NonNullable<EventContext['campaign']>;

export interface Arrival {
  landing: StorePage;
  /** Set when the visit lands on a product page. */
  product?: Product;
  referrer: string;
  campaign?: Campaign;
}

const channelShare = { direct: 0.32, organic: 0.28, paid: 0.13, social: 0.12, email: 0.08, referral: 0.07 } as const;

const searchEngines = ['https://www.google.com/', 'https://www.bing.com/', 'https://duckduckgo.com/'] as const;
const socialSites = [
  'https://l.instagram.com/',
  'https://t.co/',
  'https://www.facebook.com/',
  'https://www.reddit.com/',
] as const;

/** Sites that send visitors to each section of the shop. */
const referralSites = {
  trips: ['https://www.tripadvisor.com/', 'https://www.lonelyplanet.com/'],
  'travel-gear': ['https://www.lonelyplanet.com/', 'https://blog.example.org/'],
  'video-games': ['https://www.ign.com/', 'https://www.reddit.com/'],
  books: ['https://www.goodreads.com/'],
  home: ['https://blog.example.org/', 'https://www.pinterest.com/'],
  outdoor: ['https://www.alltrails.com/', 'https://blog.example.org/'],
} as const satisfies Record<ProductCategory, readonly string[]>;

/** Campaign names per section, as a marketer would tag them. */
const campaignNames = {
  trips: ['last-minute-getaways', 'city-breaks', 'sun-for-less'],
  'travel-gear': ['travel-essentials', 'pack-light'],
  'video-games': ['game-week', 'new-releases', 'worm-blasterz-launch'],
  books: ['reading-list', 'guidebooks'],
  home: ['home-refresh', 'coffee-corner'],
  outdoor: ['outdoor-season', 'trail-ready'],
} as const satisfies Record<ProductCategory, readonly string[]>;

/** Paid traffic: search ads and social ads. */
const paidSources = [
  { source: 'google', medium: 'cpc', referrer: 'https://www.google.com/', weight: 0.6 },
  { source: 'facebook', medium: 'paid_social', referrer: 'https://l.facebook.com/', weight: 0.2 },
  { source: 'instagram', medium: 'paid_social', referrer: 'https://l.instagram.com/', weight: 0.2 },
] as const;

/**
 * Draws how this visit began. `hasAccount` gates email traffic: only visitors
 * who gave an address can click a newsletter.
 */
export function chooseArrival(rng: Random, focus: ProductCategory, hasAccount: boolean): Arrival {
  let channel = rng.weighted(channelShare);
  if (channel === 'email' && !hasAccount) channel = 'direct';

  switch (channel) {
    case 'direct':
      return { ...(rng.chance(0.8) ? homeLanding() : deepLanding(rng, focus)), referrer: '' };
    case 'organic':
      return {
        ...(rng.chance(0.25) ? homeLanding() : deepLanding(rng, focus)),
        referrer: rng.pick(searchEngines),
      };
    case 'social':
      return { ...deepLanding(rng, focus), referrer: rng.pick(socialSites) };
    case 'referral':
      return { ...deepLanding(rng, focus), referrer: rng.pick(referralSites[focus]) };
    case 'paid': {
      const source = rng.weightedBy(paidSources, (candidate) => candidate.weight);
      const utm = { source: source.source, medium: source.medium, name: rng.pick(campaignNames[focus]) };
      return tagged(deepLanding(rng, focus), source.referrer, utm);
    }
    case 'email': {
      const utm = { source: 'newsletter', medium: 'email', name: rng.pick(campaignNames[focus]) };
      return tagged(deepLanding(rng, focus), '', utm);
    }
  }
}

type Landing = Pick<Arrival, 'landing' | 'product'>;

function homeLanding(): Landing {
  return { landing: storePages.home() };
}

/** A section or product page: where links from outside usually point. */
function deepLanding(rng: Random, focus: ProductCategory): Landing {
  if (rng.chance(0.5)) return { landing: storePages.category(focus) };
  const product = rng.pick(productsByCategory[focus]);
  return { landing: storePages.product(product), product };
}

/** The landing URL carries the UTM parameters the campaign was tagged with. */
function tagged(target: Landing, referrer: string, utm: { source: string; medium: string; name: string }): Arrival {
  const landing = withQuery(target.landing, { utm_source: utm.source, utm_medium: utm.medium, utm_campaign: utm.name });
  return { ...target, landing, referrer, campaign: { ...utm } };
}

// Who a demo visitor is: identity, traits, device and tastes. What they do over
// time is journey.ts; this module only draws the person.
import type { DeviceType } from '../contracts/event';
import { type ProductCategory, productCategories } from './catalog';
import { type Country, countries, type TimeZone } from './countries';
import { deviceShare, userAgents } from './devices';
import { type PersonaName, personaShares, personas } from './personas';
import type { Random } from './random';

/** One row of the visitors table, as the seed script stores it. */
export interface DemoVisitor {
  anonymousId: string;
  userId: string | null;
  traits: Record<string, unknown>;
  firstSeen: Date;
  lastSeen: Date;
}

/** Everything the simulation needs to know about one visitor. */
export interface VisitorProfile {
  anonymousId: string;
  /** Set only for visitors who will sign in; events carry it after `identify`. */
  userId: string | null;
  persona: PersonaName;
  country: Country;
  timeZone: TimeZone;
  device: DeviceType;
  userAgent: string;
  /** Favourite catalog section first, then a second one. */
  interests: readonly [ProductCategory, ProductCategory];
  traits: Record<string, unknown>;
}

const ageBandShare = { '18-24': 0.18, '25-34': 0.32, '35-44': 0.24, '45-54': 0.15, '55+': 0.11 } as const;

/** Travel and games lead, because those are the demo's headline moments. */
const interestShare = {
  trips: 0.24,
  'travel-gear': 0.12,
  'video-games': 0.22,
  books: 0.14,
  home: 0.14,
  outdoor: 0.14,
} as const satisfies Record<ProductCategory, number>;

/** Paid plans come with an account, and loyal customers upgrade more often. */
const planShare = {
  regular: { free: 0.7, plus: 0.22, pro: 0.08 },
  loyal: { free: 0.3, plus: 0.42, pro: 0.28 },
} as const;

const emailDomains = ['example.com', 'example.org', 'example.net'] as const;

export function createVisitorProfile(rng: Random, index: number): VisitorProfile {
  const persona = rng.weighted(personaShares);
  const country = rng.weightedBy(countries, (candidate) => candidate.weight);
  const device = rng.weighted(deviceShare);
  const identified = rng.chance(personas[persona].identifiedChance);
  const primary = rng.weighted(interestShare);
  const secondary = pickOther(rng, primary);

  const traits: Record<string, unknown> = {
    country: country.code,
    device,
    age_band: rng.weighted(ageBandShare),
    plan: identified ? rng.weighted(persona === 'loyalBuyer' ? planShare.loyal : planShare.regular) : 'free',
  };
  if (identified) {
    const firstName = rng.pick(country.firstNames);
    traits.first_name = firstName;
    traits.email = `${asciiLower(firstName)}.${rng.hex(5)}@${rng.pick(emailDomains)}`;
  }

  return {
    anonymousId: rng.uuid(),
    // Sequential, so user ids are unique by construction.
    userId: identified ? `user_${String(index + 1).padStart(6, '0')}` : null,
    persona,
    country,
    timeZone: rng.pick(country.timeZones),
    device,
    userAgent: rng.pick(userAgents[device]),
    interests: [primary, secondary],
    traits,
  };
}

function pickOther(rng: Random, taken: ProductCategory): ProductCategory {
  const others = (Object.keys(productCategories) as ProductCategory[]).filter((category) => category !== taken);
  return rng.pick(others);
}

/** "Jürgen" -> "jurgen": email local parts stay ASCII. */
function asciiLower(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

// One visit to the storefront: land, maybe search, look at a few products,
// maybe fill a basket, maybe check out. The plan (buy or not, search or not)
// comes from journey.ts; this module plays it out page by page.
import { ecommerceEvents, type KairosEvent } from '../contracts/event';
import { chooseArrival } from './acquisition';
import {
  type Product,
  type ProductCategory,
  productsByCategory,
  type SearchLanguage,
  type SearchQuery,
  searchQueries,
} from './catalog';
import { storePages } from './pages';
import type { Random } from './random';
import { VisitRecorder } from './recorder';
import type { VisitorProfile } from './visitors';

export interface VisitPlan {
  start: number;
  /** The catalog section the visitor has in mind today. */
  focus: ProductCategory;
  search: boolean;
  purchase: boolean;
  /** Sign in during this visit (at checkout when buying). */
  identify: boolean;
}

interface BasketLine {
  product: Product;
  quantity: number;
}

export function recordVisit(
  rng: Random,
  visitor: VisitorProfile,
  plan: VisitPlan,
  userId: string | null,
  out: KairosEvent[],
): VisitRecorder {
  const recorder = new VisitRecorder(rng, visitor, rng.uuid(), plan.start, out, userId);
  const arrival = chooseArrival(rng, plan.focus, userId !== null);

  // Decide the whole path first, so "add to basket" happens on the page of
  // the product that is added.
  const queries: SearchQuery[] = [];
  let focus = plan.focus;
  if (plan.search) {
    const searches = rng.chance(0.25) ? 2 : 1;
    for (let i = 0; i < searches; i += 1) {
      const query = pickQuery(rng, focus, visitor.country.language);
      queries.push(query);
      focus = query.category;
    }
  }
  const views = plan.purchase ? rng.int(1, 4) : rng.weightedIndex(browseViewCounts);
  const browsed = Array.from({ length: views }, () => rng.pick(productsByCategory[focus]));
  const basket = fillBasket(rng, arrival.product ? [arrival.product, ...browsed] : browsed, plan.purchase);
  const notYetAdded = new Map(basket.map((line) => [line.product, line]));

  const viewProduct = (product: Product) => {
    recorder.track(ecommerceEvents.productViewed, productViewedProperties(product));
    const line = notYetAdded.get(product);
    if (!line) return;
    notYetAdded.delete(product);
    recorder.track(ecommerceEvents.productAdded, {
      product_id: product.id,
      price: product.price,
      quantity: line.quantity,
    });
  };

  recorder.land(arrival);
  if (arrival.product) viewProduct(arrival.product);
  for (const query of queries) {
    recorder.visit(storePages.search(query.text));
    recorder.track(ecommerceEvents.productsSearched, { query: query.text });
  }
  // From the home page, visitors who do not search browse a section instead.
  const onHomePage = arrival.landing.path === storePages.home().path;
  if (queries.length === 0 && onHomePage && rng.chance(0.7)) recorder.visit(storePages.category(focus));
  for (const product of browsed) {
    recorder.visit(storePages.product(product));
    viewProduct(product);
  }
  if (basket.length > 0 && (plan.purchase || rng.chance(0.5))) recorder.visit(storePages.cart());

  const accountId = visitor.userId;
  if (plan.purchase && basket.length > 0) {
    recorder.visit(storePages.checkout());
    if (plan.identify && accountId) recorder.identify(accountId, visitor.traits);
    recorder.visit(storePages.orderConfirmation());
    recorder.track(ecommerceEvents.orderCompleted, orderProperties(rng, basket));
  } else if (plan.identify && accountId) {
    signIn(recorder, visitor);
  }
  return recorder;
}

/** Signs in on the spot: used when a planned sign-in would otherwise be lost. */
export function signIn(recorder: VisitRecorder, visitor: VisitorProfile): void {
  if (!visitor.userId) return;
  recorder.visit(storePages.signIn());
  recorder.identify(visitor.userId, visitor.traits);
}

/** Chance of 0, 1, 2... product views in a visit without a purchase. */
const browseViewCounts = [0.2, 0.3, 0.25, 0.15, 0.07, 0.03] as const;
/** Chance of 1, 2 or 3 products in a basket that is bought. */
const basketSizes = [0.55, 0.3, 0.15] as const;
/** Chance of a quantity of 1, 2 or 3. */
const quantities = [0.85, 0.12, 0.03] as const;

function productViewedProperties(product: Product): Record<string, unknown> {
  return { product_id: product.id, name: product.name, category: product.category, price: product.price };
}

/**
 * A buyer puts one to three of the viewed products in the basket; a browser
 * sometimes adds one and leaves (the "cart left" moment).
 */
function fillBasket(rng: Random, viewed: readonly Product[], purchase: boolean): BasketLine[] {
  if (viewed.length === 0 || (!purchase && !rng.chance(0.18))) return [];
  const wanted = purchase ? 1 + rng.weightedIndex(basketSizes) : 1;
  // The most recently viewed products are the ones still in mind.
  const candidates = [...new Set(viewed)].reverse().slice(0, wanted);
  return candidates.map((product) => ({ product, quantity: 1 + rng.weightedIndex(quantities) }));
}

function orderProperties(rng: Random, basket: readonly BasketLine[]): Record<string, unknown> {
  // Sum in cents: adding dollar floats drifts (0.1 + 0.2).
  const cents = basket.reduce((sum, line) => sum + Math.round(line.product.price * 100) * line.quantity, 0);
  return {
    order_id: `ORD-${rng.hex(12).toUpperCase()}`,
    revenue: cents / 100,
    currency: 'USD',
    products: basket.map((line) => ({
      product_id: line.product.id,
      price: line.product.price,
      quantity: line.quantity,
    })),
  };
}

/** Queries by `${category}|${language}`, built once. */
const queriesBySection = new Map<string, SearchQuery[]>();
for (const query of searchQueries) {
  const key = `${query.category}|${query.language}`;
  const section = queriesBySection.get(key);
  if (section) section.push(query);
  else queriesBySection.set(key, [query]);
}

/** Visitors search in their own language about half the time, when the shop has such queries. */
function pickQuery(rng: Random, focus: ProductCategory, language: SearchLanguage): SearchQuery {
  const local = language === 'en' ? undefined : queriesBySection.get(`${focus}|${language}`);
  const english = queriesBySection.get(`${focus}|en`) ?? [];
  return rng.weightedBy(local && rng.chance(0.5) ? local : english, (query) => query.popularity);
}

// The demo storefront's pages: paths, query strings and titles, matching the
// routes of app/(site)/ so generated events look like the tracker's own.
import { type Product, type ProductCategory, productCategories } from './catalog';

export const shopOrigin = 'https://shop.example';
const shopName = 'Demo Shop';

export interface StorePage {
  path: string;
  /** Query string with its leading '?', or '' (Segment's `context.page.search`). */
  search: string;
  title: string;
}

const page = (path: string, title: string, search = ''): StorePage => ({
  path,
  search,
  title: `${title} · ${shopName}`,
});

export const storePages = {
  home: () => page('/', 'Trips, games and everyday finds'),
  category: (category: ProductCategory) => page(`/c/${category}`, productCategories[category]),
  product: (item: Product) => page(`/products/${item.id}`, item.name),
  search: (query: string) => page('/search', `Results for “${query}”`, `?${new URLSearchParams({ q: query })}`),
  cart: () => page('/cart', 'Your basket'),
  checkout: () => page('/checkout', 'Checkout'),
  orderConfirmation: () => page('/checkout/confirmation', 'Thank you for your order'),
  signIn: () => page('/account/sign-in', 'Sign in'),
} as const;

export function pageUrl(storePage: StorePage): string {
  return `${shopOrigin}${storePage.path}${storePage.search}`;
}

/** The same page reached through a link carrying UTM parameters. */
export function withQuery(storePage: StorePage, params: Record<string, string>): StorePage {
  const query = new URLSearchParams(params).toString();
  const search = storePage.search ? `${storePage.search}&${query}` : `?${query}`;
  return { ...storePage, search };
}

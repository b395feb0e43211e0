// Demo storefront data: a seeded generator of visitors and Segment-shaped
// events, plus the catalog and search queries it draws from.
export {
  type Product,
  type ProductCategory,
  productCategories,
  products,
  type SearchQuery,
  type SearchTopic,
  searchQueries,
  searchTopics,
} from './catalog';
export { type DemoData, type DemoOptions, demoDefaults, generateDemo } from './generate';
export { shopOrigin } from './pages';
export { Random } from './random';
export type { DemoVisitor } from './visitors';

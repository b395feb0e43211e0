// Micro-moment detection: pure, framework-free, the same code in the
// service worker, the console's "test a query" box, the benchmark's server way
// and the unit tests.
export * from './decision';
export * from '../matching/edit-distance';
export * from './local-time';
export * from '../matching/matcher';
export * from '../matching/normalise';
export * from './search-url';
export * from './template';

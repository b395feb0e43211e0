import { storableText } from '../contracts/text';
import type { Entity } from './response';

/**
 * A dynamic segment of the route's path, read into what the handler works
 * with. A value that cannot name a record answers 404, as a missing record
 * does: to the caller both are "no such thing".
 */
export interface RouteParam<T> {
  name: string;
  entity: Entity;
  read(raw: string): T | undefined;
}

/** The [id] of a stored record: a positive integer. */
export const recordId = (entity: Entity): RouteParam<number> => ({
  name: 'id',
  entity,
  read(raw) {
    const id = Number(raw);
    return Number.isSafeInteger(id) && id > 0 ? id : undefined;
  },
});

/**
 * A text segment (a visitor's anonymousId); it names no stored row, so it never
 * 404s. Its text follows the rule stored ids followed, so it finds them.
 */
export const pathText = (name: string): RouteParam<string> => ({
  name,
  entity: 'visitor',
  read: (raw) => storableText(raw),
});

// Parsed JSON made storable before any schema sees it: its text (values and
// keys) follows `storableText`, and what no store keeps as sent is refused
// with the path to it instead of being changed silently: nesting past a bound
// (JSON.stringify and the database would recurse through it), numbers JSON
// cannot write (1e309 parses to Infinity, which storage turns into null) and
// the key `__proto__` (object code drops it or, worse, takes it as a prototype).
import { storableText } from './text';

/** Levels of objects and arrays one value may nest: far past any honest event's properties. */
export const maxJsonDepth = 32;

export interface JsonProblem {
  /** Where, as `properties.items.0.name`; empty for the value itself. */
  path: string;
  reason: string;
}

export type StorableJson = { ok: true; value: unknown } | { ok: false; problem: JsonProblem };

class Unstorable extends Error {
  constructor(readonly problem: JsonProblem) {
    super(problem.reason);
  }
}

/** A cleaned copy of `value`, or the first part of it that storage cannot keep as sent. */
export function storableJson(value: unknown, maxDepth: number = maxJsonDepth): StorableJson {
  const path: (string | number)[] = [];
  const refuse = (reason: string) => new Unstorable({ path: path.join('.'), reason });

  // Recursion stops at maxDepth, so deep input cannot exhaust the stack.
  const clean = (item: unknown, depthLeft: number): unknown => {
    if (typeof item === 'string') return storableText(item);
    if (typeof item === 'number') {
      if (!Number.isFinite(item)) throw refuse('a number too large to store');
      return item;
    }
    if (item === null || typeof item !== 'object') return item;
    if (depthLeft === 0) throw refuse(`nested deeper than ${maxDepth} levels`);
    if (Array.isArray(item)) {
      return item.map((element, index) => {
        path.push(index);
        const cleaned = clean(element, depthLeft - 1);
        path.pop();
        return cleaned;
      });
    }
    const copy: Record<string, unknown> = {};
    for (const [key, element] of Object.entries(item)) {
      path.push(key);
      const name = storableText(key);
      if (name === '__proto__') throw refuse('a reserved key name');
      copy[name] = clean(element, depthLeft - 1);
      path.pop();
    }
    return copy;
  };

  try {
    return { ok: true, value: clean(value, maxDepth) };
  } catch (error) {
    if (error instanceof Unstorable) return { ok: false, problem: error.problem };
    throw error;
  }
}

/** A problem as one line: `path: reason`. */
export const problemText = ({ path, reason }: JsonProblem, root = 'body') => `${path || root}: ${reason}`;

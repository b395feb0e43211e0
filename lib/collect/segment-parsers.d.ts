// The types of segment-parsers.js, which lib/build/segment-parsers.ts compiles
// from the zod schemas named here; tests/unit/segment-parsers.test.ts holds
// each parser to zod's answers.
import type { keptContextObjects, keptContextValues, SegmentCall } from '../contracts/segment-api';

/** The value as its schema parses it, or undefined where the schema refuses it. */
type Parser<T = unknown> = (input: unknown) => T | undefined;

/** segmentCallSchema's parse. */
export declare const parseSegmentCall: Parser<SegmentCall>;

/** Per object of keptContextObjects, a parser per known field. */
export declare const contextObjectFields: {
  readonly [object in keyof typeof keptContextObjects]: Readonly<Record<string, Parser>>;
};

/** Per value of keptContextValues, its parser. */
export declare const contextValues: { readonly [value in keyof typeof keptContextValues]: Parser };

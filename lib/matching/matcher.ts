// Keyword-set matching: does a query carry a rule's intent? Keyword sets are
// compiled once per published config; each query is normalised once and then
// compared word by word with bounded typo tolerance.
import type { MomentMatch } from '../contracts/moment-rule';
import { allowedEdits, boundedEditDistance } from './edit-distance';
import { normaliseWords } from './normalise';

/** A term or phrase as normalised words; `joined` also matches a query's single word ("walk through" ~ "walkthrough"). */
interface Needle {
  source: string;
  words: string[];
  joined: string;
}

interface CompiledSet {
  name: string;
  require: 'any' | 'all';
  needles: Needle[];
}

export interface CompiledMatch {
  sets: CompiledSet[];
  combine: 'any' | 'all';
  exclude: Needle[];
  maxEdits: number;
  minWordLength: number;
}

/** Why a query matched or not, for the decision log and the console's "test a query". */
export interface MatchResult {
  matched: boolean;
  /** Per keyword set: whether it matched and which of its terms or phrases were found (as written in the rule). */
  sets: { name: string; matched: boolean; found: string[] }[];
  /** The exclude entry that vetoed the match. */
  excludedBy?: string;
  /** The query as the matcher saw it. */
  words: string[];
}

const needle = (source: string): Needle | undefined => {
  const words = normaliseWords(source);
  return words.length > 0 ? { source, words, joined: words.join('') } : undefined;
};
const needles = (sources: readonly string[]) => sources.flatMap((source) => needle(source) ?? []);

export function compileMatch(match: MomentMatch): CompiledMatch {
  return {
    sets: match.sets.map((set) => ({
      name: set.name,
      require: set.require,
      needles: [...needles(set.terms), ...needles(set.phrases)],
    })),
    combine: match.combine,
    exclude: needles(match.exclude),
    maxEdits: match.maxEdits,
    minWordLength: match.minWordLength,
  };
}

type Close = (queryWord: string, word: string) => boolean;

function closeness(maxEdits: number, minWordLength: number): Close {
  return (queryWord, word) => {
    if (queryWord === word) return true;
    const edits = allowedEdits(word, maxEdits, minWordLength);
    return edits > 0 && boundedEditDistance(queryWord, word, edits) <= edits;
  };
}

/** A needle is found as consecutive query words, or its words run together as one query word (and the reverse). */
function found(item: Needle, words: readonly string[], joinedPairs: readonly string[], close: Close): boolean {
  const [first] = item.words;
  if (item.words.length === 1 && first !== undefined) {
    return words.some((word) => close(word, first)) || joinedPairs.some((pair) => close(pair, first));
  }
  for (let start = 0; start + item.words.length <= words.length; start++) {
    if (item.words.every((word, offset) => close(words[start + offset] ?? '', word))) return true;
  }
  return words.some((word) => close(word, item.joined));
}

export function matchQuery(compiled: CompiledMatch, text: string): MatchResult {
  const words = normaliseWords(text);
  const joinedPairs = words.slice(1).map((word, index) => `${words[index] ?? ''}${word}`);
  const exact: Close = (a, b) => a === b;
  const veto = compiled.exclude.find((item) => found(item, words, joinedPairs, exact));
  const close = closeness(compiled.maxEdits, compiled.minWordLength);
  const sets = compiled.sets.map((set) => {
    const hits = set.needles.filter((item) => found(item, words, joinedPairs, close)).map((item) => item.source);
    const matched = set.require === 'all' ? hits.length === set.needles.length : hits.length > 0;
    return { name: set.name, matched, found: hits };
  });
  const combined = compiled.combine === 'all' ? sets.every((set) => set.matched) : sets.some((set) => set.matched);
  return {
    matched: words.length > 0 && combined && veto === undefined,
    sets,
    words,
    ...(veto ? { excludedBy: veto.source } : {}),
  };
}

// Moment matching over a table of real-looking searches: the classic
// micro-moments, near misses, typos, accents, other languages and negatives.
// Each row is a failure a visitor would notice: a missed moment or a wrong offer.
import { describe, expect, it } from 'vitest';
import { createMomentRuleSchema, momentRuleSchema, type MomentRule } from '@/lib/contracts/moment-rule';
import { boundedEditDistance, compileMatch, foldText, matchQuery, normaliseWords, stem } from '@/lib/moments';
import { budgetTravelRule, gameHelpRule } from '../fixtures/moment-rules';

const asRule = (input: unknown, id: number): MomentRule =>
  momentRuleSchema.parse({ ...createMomentRuleSchema.parse(input), id, version: 1 });
const travel = compileMatch(asRule(budgetTravelRule, 1).match!);
const games = compileMatch(asRule(gameHelpRule, 2).match!);

type Expect = 'travel' | 'games' | 'none';
const table: [string, Expect][] = [
  // The classics
  ['cheap countries to visit', 'travel'],
  ['budget hotels in Mexico', 'travel'],
  ['Worm Blasterz walk-through', 'games'],
  ['cheat codes', 'games'],
  // More plain English
  ['cheap flights to lisbon', 'travel'],
  ['budget travel europe', 'travel'],
  ['low cost flights madrid', 'travel'],
  ['last minute holiday deals', 'travel'],
  ['affordable vacation destinations', 'travel'],
  ['hostel deals in berlin', 'travel'], // "hostel" is a travel word; "deal" the budget one,
  ['discount hotel rooms', 'travel'],
  ['bargain trips for students', 'travel'],
  ['cheapest countries to visit in 2026', 'none'], // "cheapest" is two edits away: not a typo of "cheap"
  ['cheap places to go this summer', 'travel'],
  ['weekend getaway on a budget', 'travel'],
  ['worm blasterz walkthrough', 'games'],
  ['WORM BLASTERZ boss fight', 'games'],
  ['how to beat the final boss', 'games'],
  ['worm blasterz speedrun', 'games'],
  ['worm blasterz trainer', 'games'],
  ['cheat code for level 3', 'games'],
  // Case, punctuation, stemming
  ['CHEAP HOTELS!!!', 'travel'],
  ['Cheap... hotels?', 'travel'],
  ['budget-hotels', 'travel'],
  ['cheap hotel', 'travel'],
  ['visiting cheap countries', 'travel'],
  ['travelling on a budget', 'travel'], // "travelling" stems to "travel"
  ['booked a cheap trip', 'travel'],
  ['walk through worm blasterz', 'games'],
  ['walk-through', 'games'],
  ['cheats', 'games'],
  // Typos
  ['cheap hotles in mexico', 'travel'], // swapped letters
  ['budjet hotels', 'travel'],
  ['cheap flihgts', 'travel'],
  ['afordable vacation', 'travel'],
  ['chaep flights', 'travel'], // a swap of two neighbours is one edit
  ['wrom blasterz walkthrough', 'games'],
  ['walkthruogh', 'games'],
  ['speedrn worm blasterz', 'games'],
  // Accents and other languages
  ['hoteles baratos en México', 'travel'],
  ['vuelos baratos a cancún', 'travel'],
  ['viaje barato', 'travel'],
  ['vols pas chers pour Paris', 'travel'],
  ['voyage pas cher', 'travel'],
  ['günstige Hotels in Berlin', 'travel'],
  ['gunstige reise', 'travel'],
  ['GÜNSTIGE REISEN', 'travel'],
  ['passagens aéreas baratas', 'travel'],
  ['hotel barato em lisboa', 'travel'],
  ['trucos worm blasterz', 'games'],
  ['soluce worm blasterz', 'games'],
  ['Komplettlösung Worm Blasterz', 'games'],
  // Near misses and negatives
  ['cheat sheet for excel', 'games'], // a cheat is a cheat: the rule's author decides; shown so it is a known answer
  ['cheap codes', 'none'], // excluded from games ("cheap"), and no travel word
  ['hotel cheat codes', 'games'], // excluded from travel by "cheat"
  ['luxury hotels in mexico', 'none'],
  ['five star resort', 'none'],
  ['cheap socks', 'none'],
  ['budget spreadsheet template', 'none'],
  ['hotel california lyrics', 'none'],
  ['mexico city history', 'none'],
  ['worm composting bins', 'none'],
  ['blaster gun toy', 'none'],
  ['running shoes', 'none'],
  ['', 'none'],
  ['   ', 'none'],
  ['?!?', 'none'],
  ['to be or not to be', 'none'],
  ['the', 'none'],
  ['c', 'none'],
  ['hotels', 'none'],
  ['cheap', 'none'],
  ['chip hotels', 'none'], // "chip" is not a budget word, and short words get no typo tolerance
  ['cheep hotels', 'travel'], // one edit from "cheap"
  ['deal', 'none'],
  ['ホテル 安い', 'none'], // other scripts pass through untouched and match nothing here
];

describe('moment matching over a table of searches', () => {
  it(`has at least 60 queries (${table.length})`, () => expect(table.length).toBeGreaterThanOrEqual(60));

  it.each(table)('%j → %s', (query, expected) => {
    const got = {
      travel: matchQuery(travel, query).matched,
      games: matchQuery(games, query).matched,
    };
    expect(got).toEqual({ travel: expected === 'travel', games: expected === 'games' });
  });

  it('says which sets and terms matched, and what vetoed', () => {
    const hit = matchQuery(travel, 'Budget hotels in Mexico');
    expect(hit.sets).toEqual([
      { name: 'budget', matched: true, found: ['budget'] },
      // "hotel" is also one edit from "hostel".
      { name: 'travel', matched: true, found: ['hotel', 'hostel'] },
    ]);
    expect(matchQuery(travel, 'cheap hotel cheat').excludedBy).toBe('cheat');
  });
});

describe('normalisation', () => {
  it('folds case, accents, ligatures and punctuation', () => {
    expect(foldText('Hôtels À MEXICO—pas chers!')).toBe('hotels a mexico pas chers');
    expect(foldText('Straße')).toBe('strasse');
    expect(foldText('ﬁnd')).toBe('find');
  });
  it('drops stop words of five languages but keeps a text made only of them', () => {
    expect(normaliseWords('the cheap hotels in Mexico')).toEqual(['cheap', 'hotel', 'mexico']);
    expect(normaliseWords('hoteles en la playa')).toEqual(['hotele', 'playa']);
    expect(normaliseWords('die günstige Reise')).toEqual(['gunstige', 'reise']);
    expect(normaliseWords('to be')).toEqual(['to', 'be']);
  });
  it('stems plurals, -ing and -ed the same way on both sides', () => {
    expect(['countries', 'boxes', 'hotels', 'class', 'shopping', 'booked', 'bus', 'visiting'].map(stem)).toEqual([
      'country',
      'box',
      'hotel',
      'class',
      'shop',
      'book',
      'bus',
      'visit',
    ]);
  });
});

describe('bounded edit distance', () => {
  it.each([
    ['hotel', 'hotel', 1, 0],
    ['hotle', 'hotel', 1, 1],
    ['hotel', 'hostel', 1, 1],
    ['cheap', 'chaep', 1, 1],
    ['abc', 'xyz', 1, 2],
    ['cheapest', 'cheap', 2, 3],
    ['walkthrough', 'walkthruogh', 2, 1],
    ['', 'ab', 2, 2],
  ])('%s ~ %s within %d is %d', (a, b, max, expected) => {
    expect(boundedEditDistance(a, b, max)).toBe(expected);
  });
});

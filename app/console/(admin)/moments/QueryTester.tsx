'use client';
// "Test a query": runs the same lib/moments matcher as the service worker, in
// the page, on the keyword sets being edited, and says why it matched or not.
import { useMemo, useState } from 'react';
import { momentMatchSchema, type MomentRuleInput } from '@/lib/contracts/moment-rule';
import { compileMatch, matchQuery } from '@/lib/moments';

export function QueryTester({ match }: { match: MomentRuleInput['match'] }) {
  const [query, setQuery] = useState('');
  const compiled = useMemo(() => {
    const parsed = momentMatchSchema.safeParse(match);
    return parsed.success ? compileMatch(parsed.data) : null;
  }, [match]);
  const result = compiled && query.trim() ? matchQuery(compiled, query) : null;

  return (
    <section aria-labelledby="query-tester" className="space-y-2 rounded-md bg-slate-50 p-4">
      <h3 id="query-tester" className="font-medium">
        Test a query
      </h3>
      <label className="block text-sm">
        <span className="text-slate-700">A search a visitor might type</span>
        <input
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          maxLength={200}
          className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1"
          placeholder="cheap hotels in Mexico"
        />
      </label>
      <div aria-live="polite" className="text-sm">
        {!compiled ? <p className="text-slate-600">Add a keyword set to test queries.</p> : null}
        {result ? (
          <div className="space-y-1">
            <p className={result.matched ? 'font-semibold text-green-800' : 'font-semibold text-slate-800'}>
              {result.matched ? 'Matches: this rule would answer.' : 'No match.'}
            </p>
            <p className="text-slate-600">Read as: {result.words.join(' ') || '(nothing left after normalisation)'}</p>
            <ul className="list-disc pl-5">
              {result.sets.map((set, index) => (
                <li key={`${set.name}-${index}`}>
                  {set.name || 'Unnamed set'}: {set.matched ? 'matched' : 'not matched'}
                  {set.found.length > 0 ? ` (found ${set.found.join(', ')})` : ''}
                </li>
              ))}
            </ul>
            {result.excludedBy ? <p>Vetoed by the excluded word “{result.excludedBy}”.</p> : null}
          </div>
        ) : null}
      </div>
    </section>
  );
}

'use client';
// Event names, trait keys and places of the loaded data, offered as
// suggestions in the builder's inputs (<datalist>) and as the country list.
// They are visitor-sent text (a place is the server's, but shown the same way).
import { useEffect, useId, useState } from 'react';
import type { WorkerEngine } from '@/lib/analytics/worker-client';

export interface DatasetVocabulary {
  events: string[];
  traits: string[];
  /** Country codes of visitors' latest places, most visitors first. */
  countries: string[];
  regions: string[];
  cities: string[];
  eventListId: string;
  traitListId: string;
  regionListId: string;
  cityListId: string;
}

const noWords = { events: [], traits: [], countries: [], regions: [], cities: [] };
const placesSql = (column: 'country' | 'region' | 'city') =>
  `SELECT ${column} AS value FROM visitors WHERE ${column} IS NOT NULL GROUP BY ${column} ORDER BY count(*) DESC, ${column} LIMIT 300`;

export function useDatasetVocabulary(engine: WorkerEngine | null, generation: number): DatasetVocabulary {
  const [words, setWords] = useState<Omit<DatasetVocabulary, `${string}ListId`>>(noWords);
  const eventListId = useId();
  const traitListId = useId();
  const regionListId = useId();
  const cityListId = useId();
  useEffect(() => {
    if (!engine) return;
    let current = true;
    Promise.all([
      engine.query({ sql: 'SELECT event FROM events GROUP BY event ORDER BY count(*) DESC LIMIT 200' }),
      engine.query({ sql: 'SELECT DISTINCT key FROM visitor_traits ORDER BY key LIMIT 200' }),
      engine.query({ sql: placesSql('country') }),
      engine.query({ sql: placesSql('region') }),
      engine.query({ sql: placesSql('city') }),
    ]).then(
      ([events, traits, countries, regions, cities]) =>
        current &&
        setWords({
          events: events.rows.map((row) => String(row.event)),
          traits: traits.rows.map((row) => String(row.key)),
          countries: countries.rows.map((row) => String(row.value)),
          regions: regions.rows.map((row) => String(row.value)),
          cities: cities.rows.map((row) => String(row.value)),
        }),
      () => undefined, // suggestions only: the builder works without them
    );
    return () => {
      current = false;
    };
  }, [engine, generation]);
  return { ...words, eventListId, traitListId, regionListId, cityListId };
}

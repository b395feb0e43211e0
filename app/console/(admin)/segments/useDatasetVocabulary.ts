'use client';
// Event names and trait keys of the loaded data, offered as suggestions in the
// builder's inputs (<datalist>). They are visitor-sent text.
import { useEffect, useId, useState } from 'react';
import type { WorkerEngine } from '@/lib/analytics/worker-client';

export interface DatasetVocabulary {
  events: string[];
  traits: string[];
  eventListId: string;
  traitListId: string;
}

export function useDatasetVocabulary(engine: WorkerEngine | null, generation: number): DatasetVocabulary {
  const [words, setWords] = useState<{ events: string[]; traits: string[] }>({ events: [], traits: [] });
  const eventListId = useId();
  const traitListId = useId();
  useEffect(() => {
    if (!engine) return;
    let current = true;
    Promise.all([
      engine.query({ sql: 'SELECT event FROM events GROUP BY event ORDER BY count(*) DESC LIMIT 200' }),
      engine.query({ sql: 'SELECT DISTINCT key FROM visitor_traits ORDER BY key LIMIT 200' }),
    ]).then(
      ([events, traits]) =>
        current &&
        setWords({
          events: events.rows.map((row) => String(row.event)),
          traits: traits.rows.map((row) => String(row.key)),
        }),
      () => undefined, // suggestions only: the builder works without them
    );
    return () => {
      current = false;
    };
  }, [engine, generation]);
  return { ...words, eventListId, traitListId };
}

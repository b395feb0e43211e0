'use client';
// The intent model devices read now, fetched once per page: the page says
// whether one is published before any fit, and follows a new publish.
import { useCallback, useEffect, useState } from 'react';
import type { IntentModel } from '@/lib/contracts/device-config';
import { errorMessage } from './progress';

export type PublishedIntent =
  { status: 'loading' } | { status: 'ready'; model: IntentModel | null } | { status: 'error'; message: string };

export function usePublishedIntentModel() {
  const [published, setPublished] = useState<PublishedIntent>({ status: 'loading' });
  useEffect(() => {
    let current = true;
    fetch('/api/admin/intent-model')
      .then(async (response) => {
        if (!response.ok) throw new Error(`The server answered ${response.status}.`);
        return ((await response.json()) as { model: IntentModel | null }).model;
      })
      .then(
        (model) => {
          if (current) setPublished({ status: 'ready', model });
        },
        (error: unknown) => {
          if (current) setPublished({ status: 'error', message: errorMessage(error) });
        },
      );
    return () => {
      current = false;
    };
  }, []);
  const onPublished = useCallback((model: IntentModel) => setPublished({ status: 'ready', model }), []);
  return { published, onPublished };
}

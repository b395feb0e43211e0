'use client';
// After logging out: the events this browser kept for the console (its
// database and lake files) are deleted, and the page says whether they were.
import { useEffect, useState } from 'react';
import { forgetKeptConsoleData, type KeptDataForgotten } from '@/lib/analytics/kept-data';

const words: Record<KeptDataForgotten | 'working' | 'failed', string> = {
  working: 'You are logged out. Deleting the events this browser kept for the console…',
  deleted: 'You are logged out, and the events this browser kept for the console are deleted.',
  'nothing kept': 'You are logged out. This browser kept no events for the console.',
  'in use':
    'You are logged out, but another console tab still holds the events this browser kept: close it, then log out again to delete them.',
  failed:
    'You are logged out. The events this browser kept could not be deleted: use "Forget local data" on the Data page next time.',
};

export function LoggedOutNotice() {
  const [state, setState] = useState<keyof typeof words>('working');
  useEffect(() => {
    forgetKeptConsoleData().then(setState, () => setState('failed'));
  }, []);
  return (
    <p role="status" className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700" data-testid="logged-out">
      {words[state]}
    </p>
  );
}

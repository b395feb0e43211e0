'use client';
// The Overview's getting-started panel of `npm run demo`
// (docs/console.md#getting-started-with-the-demo): four steps that show a
// micro-moment happen, each ticked off when it has happened. The store, the
// search and the moment are read from the events the server received
// (GET /api/admin/getting-started, asked again every few seconds until all are
// done); allowing notifications is this browser's permission for this origin,
// which the demo store shares with the console.
import Link from 'next/link';
import { type ReactNode, useCallback, useEffect, useState } from 'react';
import type { GettingStartedAnswer, GettingStartedProgress } from '@/lib/contracts/getting-started';
import { adminApi } from './_api/admin-api';

const storeWindow = 'kairos-demo-store';
const pollMs = 3_000;

type Permission = NotificationPermission | 'unsupported';

function currentPermission(): Permission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

export function GettingStarted({ initial }: { initial: GettingStartedProgress }) {
  const [progress, setProgress] = useState(initial);
  const [permission, setPermission] = useState<Permission>('default');
  const [problem, setProblem] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    setPermission(currentPermission());
    try {
      const { progress: next } = await adminApi.get<GettingStartedAnswer>('/api/admin/getting-started');
      if (next) setProgress(next);
      setProblem(null);
    } catch {
      setProblem('The progress could not be read just now; it is asked again in a few seconds.');
    }
  }, []);

  const allDone = progress.storeOpened && permission === 'granted' && progress.searched && progress.momentFired;
  useEffect(() => {
    setPermission(currentPermission());
    if (allDone) return;
    const timer = setInterval(() => void refresh(), pollMs);
    return () => clearInterval(timer);
  }, [allDone, refresh]);

  const allow = async () => {
    if (typeof Notification === 'undefined') return;
    setPermission(await Notification.requestPermission());
  };

  const searchUrl = `/search?${new URLSearchParams({ q: progress.query })}`;
  const done = [progress.storeOpened, permission === 'granted', progress.searched, progress.momentFired !== null];
  const doneCount = done.filter(Boolean).length;

  return (
    <section
      aria-labelledby="getting-started"
      className="rounded-xl border border-brand-100 bg-brand-50 p-5 shadow-xs"
      data-testid="getting-started"
    >
      <h2 id="getting-started" className="font-semibold">
        Getting started: watch a micro-moment happen
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        A visitor of the demo store searches, and their own device answers with a notification. Each step is ticked off
        when it has happened.
      </p>
      <p role="status" className="mt-2 text-sm font-medium">
        {doneCount} of 4 steps done{doneCount === 4 ? ': that was a micro-moment.' : '.'}
      </p>
      <ol className="mt-3 space-y-3">
        <Step number={1} done={done[0] === true} title="Open the demo store in another window">
          <a href="/" target={storeWindow} className="text-brand-700 underline">
            Open the demo store
          </a>{' '}
          (it opens beside the console, so you can watch both).
        </Step>
        <Step number={2} done={done[1] === true} title="Allow notifications">
          {permission === 'denied' ? (
            <span>
              Notifications are blocked for this site: allow them in the site settings (the icon left of the address),
              then come back.
            </span>
          ) : permission === 'unsupported' ? (
            <span>This browser has no notifications: try a current Chrome, Edge or Firefox.</span>
          ) : permission === 'granted' ? (
            <span>The store may show notifications (the store and the console share this site’s permission).</span>
          ) : (
            <button
              type="button"
              onClick={() => void allow()}
              className="rounded-md bg-brand-600 px-3 py-1 text-sm font-medium text-white hover:bg-brand-700"
            >
              Allow notifications for the store
            </button>
          )}
        </Step>
        <Step number={3} done={done[2] === true} title={`Search “${progress.query}” in the store`}>
          <a href={searchUrl} target={storeWindow} className="text-brand-700 underline">
            Search “{progress.query}”
          </a>{' '}
          in the store’s window, or type it in its search box.
        </Step>
        <Step number={4} done={done[3] === true} title="Watch the notification, then the moment’s fire">
          The store’s service worker matched the search against the “Budget travel” rule and showed the notification
          itself, with no request to the server. Then see the fire counted on the{' '}
          <Link href="/console/moments" className="text-brand-700 underline">
            Moments page
          </Link>
          .
        </Step>
      </ol>
      {problem ? <p className="mt-3 text-sm text-amber-800">{problem}</p> : null}
    </section>
  );
}

function Step({
  number,
  done,
  title,
  children,
}: {
  number: number;
  done: boolean;
  title: string;
  children: ReactNode;
}) {
  return (
    <li className="flex gap-3" data-testid={`getting-started-step-${number}`} data-done={done}>
      <span
        aria-hidden="true"
        className={`mt-0.5 flex h-6 w-6 shrink-0 items-center justify-center rounded-full text-xs font-semibold ${
          done ? 'bg-green-600 text-white' : 'border border-slate-400 text-slate-600'
        }`}
      >
        {done ? '✓' : number}
      </span>
      <div className="text-sm">
        <p className="font-medium">
          {title} <span className={done ? 'text-green-700' : 'sr-only'}>{done ? '(done)' : '(to do)'}</span>
        </p>
        <p className="text-slate-700">{children}</p>
      </div>
    </li>
  );
}

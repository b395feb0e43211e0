'use client';

import { useEffect, useState } from 'react';
import type { Workbox } from 'workbox-window';

/**
 * Registers /sw.js with workbox-window and offers a reload when a new version
 * waits: the new worker takes over only when the visitor says so, never mid-task.
 */
export function ServiceWorkerRegistration() {
  const [waiting, setWaiting] = useState<Workbox | null>(null);

  useEffect(() => {
    if (!('serviceWorker' in navigator) || process.env.NODE_ENV !== 'production') return;
    let cancelled = false;
    void import('workbox-window').then(({ Workbox }) => {
      if (cancelled) return;
      const workbox = new Workbox('/sw.js', { scope: '/' });
      workbox.addEventListener('waiting', () => setWaiting(workbox));
      workbox.register().catch((error: unknown) => console.warn('Kairos: service worker registration failed', error));
    });
    return () => {
      cancelled = true;
    };
  }, []);

  if (!waiting) return null;
  return (
    <div
      role="status"
      className="fixed inset-x-4 bottom-4 z-50 mx-auto flex max-w-md items-center justify-between gap-4 rounded-lg bg-slate-900 px-4 py-3 text-sm text-white shadow-lg"
    >
      <span>A new version of this site is ready.</span>
      <button
        type="button"
        className="rounded-md bg-white px-3 py-1.5 font-medium text-slate-900 hover:bg-slate-100"
        onClick={() => {
          // Reload once the new worker controls the page, whether or not one controlled it at load.
          waiting.addEventListener('controlling', () => window.location.reload());
          waiting.messageSkipWaiting();
        }}
      >
        Reload
      </button>
    </div>
  );
}

import { headers } from 'next/headers';
import Link from 'next/link';
import { type ReactNode, Suspense } from 'react';
import { queueStub } from '@/lib/tracker/snippet';
import { PageViews } from './tracking';

/** The demo storefront: a small shop to try the tracker, moments and push on. */
export default async function SiteLayout({ children }: { children: ReactNode }) {
  // The store embeds the tracker as any site would: the stub, then kairos.js (CSP nonce from proxy.ts).
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return (
    <div className="min-h-screen bg-white">
      <script nonce={nonce} dangerouslySetInnerHTML={{ __html: `${queueStub}kairos.page();` }} />
      <script nonce={nonce} async src="/kairos.js" data-collector="/api/collect" />
      <Suspense>
        <PageViews />
      </Suspense>
      <header className="border-b border-slate-200">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-4 px-4 py-3 sm:px-6">
          <Link href="/" className="text-lg font-semibold text-brand-700">
            Kairos Demo Store
          </Link>
          <form action="/search" method="get" role="search" className="ml-auto flex w-full gap-2 sm:w-auto">
            <label htmlFor="site-search" className="sr-only">
              Search the store
            </label>
            <input
              id="site-search"
              name="q"
              type="search"
              placeholder="Search trips, games, gear…"
              className="w-full rounded-md border border-slate-300 px-3 py-1.5 text-sm sm:w-72"
            />
            <button type="submit" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white">
              Search
            </button>
          </form>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-8 sm:px-6">{children}</main>
      <footer className="border-t border-slate-200 py-6 text-center text-xs text-slate-500">
        A demo shop for Kairos.{' '}
        <Link href="/console" className="underline">
          Marketer console
        </Link>
      </footer>
    </div>
  );
}

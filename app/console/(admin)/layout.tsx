import type { ReactNode } from 'react';
import { ConsoleNav } from './ConsoleNav';
import { DatasetProvider } from './DatasetProvider';
import { WindowBanner } from './WindowBanner';

export default function ConsoleLayout({ children }: { children: ReactNode }) {
  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:bg-white focus:p-2"
      >
        Skip to content
      </a>
      <ConsoleNav />
      <main id="main" className="mx-auto max-w-6xl px-4 py-8 sm:px-6">
        {/* One analytics worker and dataset for every console page (loaded once, kept across navigation). */}
        <DatasetProvider>
          <WindowBanner />
          {children}
        </DatasetProvider>
      </main>
    </div>
  );
}

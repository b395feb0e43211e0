import type { Metadata } from 'next';
import { requireAdminPage } from '@/app/_server/session';
import { serverDatabase } from '@/lib/db';
import { gettingStartedProgress } from '@/lib/db/getting-started';
import { datasetSummary, eventBreakdown } from '@/lib/db/stats';
import { ConsoleHome } from './ConsoleHome';

export const metadata: Metadata = { title: 'Overview' };

export default async function ConsoleHomePage() {
  await requireAdminPage();
  const { db, kind } = await serverDatabase();
  const [summary, breakdown, gettingStarted] = await Promise.all([
    datasetSummary(db),
    eventBreakdown(db),
    gettingStartedProgress(db),
  ]);
  return <ConsoleHome summary={summary} breakdown={breakdown} storage={kind} gettingStarted={gettingStarted} />;
}

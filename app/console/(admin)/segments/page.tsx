import type { Metadata } from 'next';
import { requireAdminPage } from '@/app/_server/session';
import { SegmentsPage } from './SegmentsPage';

export const metadata: Metadata = { title: 'Segments' };

export default async function Page() {
  await requireAdminPage();
  return <SegmentsPage />;
}

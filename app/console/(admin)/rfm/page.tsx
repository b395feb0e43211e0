import type { Metadata } from 'next';
import { requireAdminPage } from '@/app/_server/session';
import { RfmPage } from './RfmPage';

export const metadata: Metadata = { title: 'RFM' };

export default async function Page() {
  await requireAdminPage();
  return <RfmPage />;
}

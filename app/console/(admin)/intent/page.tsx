import type { Metadata } from 'next';
import { requireAdminPage } from '@/app/_server/session';
import { IntentPage } from './IntentPage';

export const metadata: Metadata = { title: 'Intent' };

export default async function Page() {
  await requireAdminPage();
  return <IntentPage />;
}

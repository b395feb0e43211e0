import type { Metadata } from 'next';
import { requireAdminPage } from '@/app/_server/session';
import { AutomationsPage } from './AutomationsPage';

export const metadata: Metadata = { title: 'Automations' };

export default async function Automations() {
  await requireAdminPage();
  return <AutomationsPage />;
}

import type { Metadata } from 'next';
import { requireAdminPage } from '@/app/_server/session';
import { SettingsPage } from './SettingsPage';

export const metadata: Metadata = { title: 'Settings' };

export default async function Settings() {
  await requireAdminPage();
  return <SettingsPage />;
}

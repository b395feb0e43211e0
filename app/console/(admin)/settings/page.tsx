import type { Metadata } from 'next';
import { requireAdminPage } from '@/app/_server/session';
import manifest from '@/app/manifest';
import { homeScreenManifestProblems } from '@/lib/contracts/home-screen-manifest';
import { SettingsPage } from './SettingsPage';

export const metadata: Metadata = { title: 'Settings' };

export default async function Settings() {
  await requireAdminPage();
  return <SettingsPage homeScreenProblems={homeScreenManifestProblems(manifest())} />;
}

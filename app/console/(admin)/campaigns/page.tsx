import type { Metadata } from 'next';
import { requireAdminPage } from '@/app/_server/session';
import { CampaignsPanel } from './CampaignsPanel';

export const metadata: Metadata = { title: 'Campaigns' };

export default async function CampaignsPage() {
  await requireAdminPage();
  return <CampaignsPanel />;
}

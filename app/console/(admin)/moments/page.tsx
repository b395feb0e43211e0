import type { Metadata } from 'next';
import { requireAdminPage } from '@/app/_server/session';
import { MomentsPage } from './MomentsPage';

export const metadata: Metadata = { title: 'Moments' };

export default async function Moments() {
  await requireAdminPage();
  return <MomentsPage />;
}

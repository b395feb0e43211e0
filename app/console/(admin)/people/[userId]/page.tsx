import type { Metadata } from 'next';
import { requireAdminPage } from '@/app/_server/session';
import { PersonPage } from './PersonPage';

export const metadata: Metadata = { title: 'Person' };

export default async function Person({ params }: { params: Promise<{ userId: string }> }) {
  await requireAdminPage();
  return <PersonPage userId={decodeURIComponent((await params).userId)} />;
}

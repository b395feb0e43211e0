import type { Metadata } from 'next';
import { requireAdminPage } from '@/app/_server/session';
import { VisitorPage } from './VisitorPage';

export const metadata: Metadata = { title: 'Visitor' };

export default async function Visitor({ params }: { params: Promise<{ anonymousId: string }> }) {
  await requireAdminPage();
  return <VisitorPage anonymousId={decodeURIComponent((await params).anonymousId)} />;
}

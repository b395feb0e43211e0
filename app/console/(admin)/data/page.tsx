import type { Metadata } from 'next';
import { requireAdminPage } from '@/app/_server/session';
import { DataPanel } from './DataPanel';

export const metadata: Metadata = { title: 'Data' };

export default async function DataPage() {
  await requireAdminPage();
  return <DataPanel />;
}

import type { Metadata } from 'next';
import { requireAdminPage } from '@/app/_server/session';
import { FindPerson } from './FindPerson';

export const metadata: Metadata = { title: 'People' };

export default async function People() {
  await requireAdminPage();
  return <FindPerson />;
}

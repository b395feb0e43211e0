'use client';
// The write keys from the admin API, and the calls that change them.
import type { CreatedWriteKey, WriteKeyListing } from '@/lib/contracts/write-key';
import { adminApi } from '../_api/admin-api';
import { useAdminQuery } from '../_api/useAdminQuery';

const loadWriteKeys = async () =>
  (await adminApi.get<{ writeKeys: WriteKeyListing[] }>('/api/admin/write-keys')).writeKeys;

export const createWriteKey = (name: string) => adminApi.post<CreatedWriteKey>('/api/admin/write-keys', { name });
export const revokeWriteKey = (name: string) => adminApi.delete(`/api/admin/write-keys/${encodeURIComponent(name)}`);

export function useWriteKeysQuery() {
  return useAdminQuery(loadWriteKeys);
}

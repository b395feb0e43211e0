'use client';
// One person from the admin API, and the console's "Forget this person".
import { useMemo } from 'react';
import { type PersonView, personPath } from '@/lib/contracts/person';
import { adminApi } from '../../_api/admin-api';
import { useAdminQuery } from '../../_api/useAdminQuery';

export const forgetPerson = (userId: string) =>
  adminApi.delete<{ deleted: { events: number; subscriptions: number } }>(personPath(userId));

export function usePersonQuery(userId: string) {
  const load = useMemo(() => () => adminApi.get<PersonView>(personPath(userId)), [userId]);
  return useAdminQuery(load);
}

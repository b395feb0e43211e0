'use client';
// The intent model devices read now, fetched once per page: the page says
// whether one is published before any fit, and follows a new publish.
import type { IntentModel } from '@/lib/contracts/device-config';
import { adminApi } from '../_api/admin-api';
import { type AdminQuery, useAdminQuery } from '../_api/useAdminQuery';

/** The published model; `data` is null until the console publishes one. */
export type PublishedIntent = AdminQuery<IntentModel | null>;

const loadPublished = async () => (await adminApi.get<{ model: IntentModel | null }>('/api/admin/intent-model')).model;

export function usePublishedIntentModel() {
  const { state: published, replace: onPublished } = useAdminQuery(loadPublished);
  return { published, onPublished };
}

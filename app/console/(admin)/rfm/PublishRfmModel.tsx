'use client';
// Publishes the RFM model (reference time, cut points, segment grid) for devices:
// with it a visitor's service worker scores itself exactly as the engine does.
import { useState } from 'react';
import { sameJson } from '@/lib/contracts/canonical-json';
import type { RfmModel } from '@/lib/contracts/profile';
import { adminApi } from '../_api/admin-api';
import { type AdminQuery, useAdminQuery } from '../_api/useAdminQuery';
import { errorMessage } from '../data/format';

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });

type PublishState =
  | { status: 'loading' }
  | { status: 'saving' }
  | { status: 'ready'; published: RfmModel | null }
  | { status: 'error'; message: string };

function publishStatusText(state: PublishState, current: boolean): string {
  switch (state.status) {
    case 'loading':
      return 'Checking the published model…';
    case 'saving':
      return 'Publishing…';
    case 'error':
      return `Publishing failed: ${state.message}`;
    case 'ready':
      if (state.published === null) return 'No RFM model is published for devices yet.';
      return current
        ? `Devices score themselves with this model (as of ${dateFormat.format(state.published.asOf)}).`
        : `Devices use an older model (as of ${dateFormat.format(state.published.asOf)}).`;
  }
}

const loadPublished = async () => (await adminApi.get<{ model: RfmModel | null }>('/api/admin/rfm-model')).model;

/** The published model as the server has it, or what is happening to it. */
function publishState(query: AdminQuery<RfmModel | null>, saving: SaveState): PublishState {
  if (saving === 'saving') return { status: 'saving' };
  if (saving !== 'idle') return { status: 'error', message: saving.message };
  if (query.status === 'loaded') return { status: 'ready', published: query.data };
  return query;
}

type SaveState = 'idle' | 'saving' | { message: string };

export function PublishRfmModel({ model }: { model: RfmModel }) {
  const { state: query, replace } = useAdminQuery(loadPublished);
  const [saving, setSaving] = useState<SaveState>('idle');
  const state = publishState(query, saving);
  async function publish() {
    setSaving('saving');
    try {
      replace((await adminApi.put<{ model: RfmModel }>('/api/admin/rfm-model', model)).model);
      setSaving('idle');
    } catch (error) {
      setSaving({ message: errorMessage(error) });
    }
  }
  const current = state.status === 'ready' && sameJson(state.published, model);
  return (
    <div className="flex flex-wrap items-center gap-3 rounded-xl border border-slate-200 bg-white p-4 text-sm">
      <p className="flex-1" role="status" data-testid="rfm-published">
        {publishStatusText(state, current)}
      </p>
      <button
        type="button"
        onClick={() => void publish()}
        disabled={state.status === 'saving' || current}
        className="rounded-lg bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700 disabled:opacity-50"
      >
        Publish RFM model for devices
      </button>
    </div>
  );
}

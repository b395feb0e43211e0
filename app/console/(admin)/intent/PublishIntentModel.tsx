'use client';
// "Publish to devices": the fitted model goes to PUT /api/admin/intent-model;
// devices read it from their config and place themselves in a tier.
import { useState } from 'react';
import { sameJson } from '@/lib/contracts/canonical-json';
import type { IntentModel } from '@/lib/contracts/device-config';
import { adminApi } from '../_api/admin-api';
import { errorMessage } from './progress';

type PublishState = { status: 'idle' | 'publishing' | 'published' } | { status: 'error'; message: string };

interface PublishIntentModelProps {
  model: IntentModel;
  published: IntentModel | null | undefined;
  onPublished: (model: IntentModel) => void;
}

export function PublishIntentModel({ model, published, onPublished }: PublishIntentModelProps) {
  const [state, setState] = useState<PublishState>({ status: 'idle' });
  async function publish() {
    setState({ status: 'publishing' });
    try {
      await adminApi.put('/api/admin/intent-model', model);
      setState({ status: 'published' });
      onPublished(model);
    } catch (error) {
      setState({ status: 'error', message: errorMessage(error) });
    }
  }
  return (
    <div className="flex flex-wrap items-center gap-3">
      <button
        type="button"
        onClick={() => void publish()}
        disabled={state.status === 'publishing'}
        className="rounded-lg border border-brand-600 px-4 py-2 text-sm font-medium text-brand-700 hover:bg-brand-50 disabled:opacity-50"
      >
        Publish to devices
      </button>
      <p className="text-sm text-slate-600" role="status">
        {state.status === 'published' && 'Published: devices place themselves in these tiers from their own purchases.'}
        {state.status === 'idle' && published && sameJson(published, model) && 'Devices already use this model.'}
        {state.status === 'publishing' && 'Publishing…'}
        {state.status === 'error' && <span className="text-red-700">{state.message}</span>}
      </p>
    </div>
  );
}

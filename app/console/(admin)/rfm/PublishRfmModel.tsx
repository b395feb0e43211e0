'use client';
// Publishes the RFM model (reference time, cut points, segment grid) for devices:
// with it a visitor's service worker scores itself exactly as the engine does.
import { useEffect, useState } from 'react';
import { sameJson } from '@/lib/contracts/canonical-json';
import type { RfmModel } from '@/lib/contracts/profile';

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

export function PublishRfmModel({ model }: { model: RfmModel }) {
  const [state, setState] = useState<PublishState>({ status: 'loading' });
  useEffect(() => {
    fetch('/api/admin/rfm-model')
      .then(async (response) => {
        if (!response.ok) throw new Error(`The server answered ${response.status}.`);
        return ((await response.json()) as { model: RfmModel | null }).model;
      })
      .then(
        (published) => setState({ status: 'ready', published }),
        (error: unknown) =>
          setState({ status: 'error', message: error instanceof Error ? error.message : String(error) }),
      );
  }, []);
  async function publish() {
    setState({ status: 'saving' });
    try {
      const response = await fetch('/api/admin/rfm-model', {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(model),
      });
      const body = (await response.json()) as { model?: RfmModel; error?: { message: string } };
      if (!response.ok || !body.model)
        throw new Error(body.error?.message ?? `The server answered ${response.status}.`);
      setState({ status: 'ready', published: body.model });
    } catch (error) {
      setState({ status: 'error', message: error instanceof Error ? error.message : String(error) });
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

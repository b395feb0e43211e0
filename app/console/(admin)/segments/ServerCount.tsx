'use client';
// The segment's size on the server, on request: what a campaign sent now would
// reach, over every stored event (the live count above is over what this tab
// has loaded).
import { useState } from 'react';
import type { AudienceSizeRequest, AudienceSizeResponse } from '@/lib/contracts/audience';
import type { SegmentTree } from '@/lib/contracts/segment';
import { adminApi } from '../_api/admin-api';
import { errorMessage, numberFormat, secondsFormat } from '../data/format';
import { buttonClass } from './fields';

type ServerCountState =
  | { status: 'idle' }
  | { status: 'counting' }
  | { status: 'counted'; tree: string; size: AudienceSizeResponse }
  | { status: 'error'; message: string };

export function ServerCount({ tree }: { tree: SegmentTree }) {
  const [state, setState] = useState<ServerCountState>({ status: 'idle' });
  const key = JSON.stringify(tree);
  async function count() {
    setState({ status: 'counting' });
    try {
      const size = await adminApi.post<AudienceSizeResponse>('/api/admin/audience/size', {
        tree,
      } satisfies AudienceSizeRequest);
      setState({ status: 'counted', tree: key, size });
    } catch (error) {
      setState({ status: 'error', message: errorMessage(error) });
    }
  }
  return (
    <div className="flex flex-wrap items-center gap-3 text-sm" aria-live="polite">
      <button type="button" className={buttonClass} onClick={() => void count()} disabled={state.status === 'counting'}>
        Count on the server
      </button>
      <span data-testid="server-count" className="text-slate-700">
        {state.status === 'counting'
          ? 'Counting every stored event…'
          : state.status === 'counted'
            ? `${numberFormat.format(state.size.members)} members now, over ${numberFormat.format(state.size.events)} stored events (${secondsFormat.format(state.size.ms / 1000)} s)${state.tree === key ? '' : ' — for the segment before your last change'}.`
            : state.status === 'error'
              ? null
              : 'What a campaign sent now would reach.'}
      </span>
      {state.status === 'error' ? (
        <span role="alert" className="text-red-800">
          The server count failed: {state.message}
        </span>
      ) : null}
    </div>
  );
}

'use client';
// One visitor as the server stores them: the last known place (the server's
// context.geo, docs/geography.md) and their newest events. Everything shown is
// visitor-sent text, rendered as React text.
import { useCallback } from 'react';
import type { VisitorGeo } from '@/lib/contracts/geo';
import { adminApi } from '../../_api/admin-api';
import { useAdminQuery } from '../../_api/useAdminQuery';
import { placeText } from '../../_geo/country-name';
import { DbIpCredit } from '../../_geo/DbIpCredit';

interface VisitorEvents {
  anonymousId: string;
  count: number;
  place: VisitorGeo | null;
  events: { messageId: string; type: string; event: string | null; timestamp: string }[];
}

const shown = 50;
const timeFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

export function VisitorPage({ anonymousId }: { anonymousId: string }) {
  const load = useCallback(
    () => adminApi.get<VisitorEvents>(`/api/admin/visitors/${encodeURIComponent(anonymousId)}/events`),
    [anonymousId],
  );
  const { state } = useAdminQuery(load);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Visitor</h1>
        <p className="text-sm break-all text-slate-600">{anonymousId}</p>
      </div>
      {state.status === 'loading' ? <p className="text-sm text-slate-600">Loading…</p> : null}
      {state.status === 'error' ? (
        <p role="alert" className="text-sm text-red-700">
          {state.message}
        </p>
      ) : null}
      {state.status === 'loaded' ? (
        <>
          <section aria-labelledby="visitor-place" className="space-y-1">
            <h2 id="visitor-place" className="text-lg font-medium">
              Last known place
            </h2>
            <p data-testid="visitor-place">{state.data.place ? placeText(state.data.place) : 'Not known'}</p>
            {state.data.place ? <DbIpCredit /> : null}
          </section>
          <section aria-labelledby="visitor-events" className="space-y-1">
            <h2 id="visitor-events" className="text-lg font-medium">
              Events ({state.data.count}
              {state.data.count > shown ? `, the newest ${shown}` : ''})
            </h2>
            {state.data.count === 0 ? (
              <p className="text-sm text-slate-600">No stored events for this visitor.</p>
            ) : (
              <ul className="divide-y divide-slate-100 text-sm">
                {state.data.events.slice(0, shown).map((event) => (
                  <li key={event.messageId} className="flex gap-3 py-1">
                    <span className="tabular-nums text-slate-600">{timeFormat.format(new Date(event.timestamp))}</span>
                    <span>{event.event ?? event.type}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      ) : null}
    </div>
  );
}

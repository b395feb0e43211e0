'use client';
// One customer as a person (docs/people.md#the-person-view): the devices they
// signed in on, their traits, and the events of every device and of the
// backend in one timeline; "Forget this person" erases all of it.
import { useState } from 'react';
import type { PersonEventView } from '@/lib/contracts/person';
import { ConfirmDialog } from '../../_members/ConfirmDialog';
import { dateFormat, errorMessage, numberFormat } from '../../data/format';
import { forgetPerson, usePersonQuery } from './usePersonQuery';

/** A track call's name; a page view with its path (the tracker keeps it in the context). */
function eventName(event: PersonEventView): string {
  const page = event.context.page as { path?: unknown } | undefined;
  if (event.type === 'page' && typeof page?.path === 'string') return `page ${page.path}`;
  return event.event ?? event.type;
}
const propertiesText = (properties: Record<string, unknown>) =>
  Object.entries(properties)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');

function Devices({ events, anonymousIds }: { events: PersonEventView[]; anonymousIds: string[] }) {
  const counts = new Map<string, number>();
  for (const event of events) counts.set(event.anonymousId, (counts.get(event.anonymousId) ?? 0) + 1);
  const fromBackend = events.length - anonymousIds.reduce((n, id) => n + (counts.get(id) ?? 0), 0);
  return (
    <section aria-labelledby="devices-title" className="rounded-xl border border-slate-200 bg-white p-4">
      <h2 id="devices-title" className="font-semibold">
        Devices ({numberFormat.format(anonymousIds.length)})
      </h2>
      <ul className="mt-2 space-y-1 text-sm">
        {anonymousIds.map((id) => (
          <li key={id} data-testid="person-device">
            <span className="font-mono">{id}</span>: {numberFormat.format(counts.get(id) ?? 0)} events
          </li>
        ))}
        {fromBackend > 0 ? (
          <li>Sent by a server with only the userId: {numberFormat.format(fromBackend)} events</li>
        ) : null}
      </ul>
    </section>
  );
}

export function PersonPage({ userId }: { userId: string }) {
  const { state } = usePersonQuery(userId);
  const [confirming, setConfirming] = useState(false);
  const [outcome, setOutcome] = useState<string>();

  async function forget() {
    setConfirming(false);
    try {
      const answer = await forgetPerson(userId);
      setOutcome(
        `Forgotten: ${numberFormat.format(answer.deleted.events)} events and ` +
          `${numberFormat.format(answer.deleted.subscriptions)} push subscriptions deleted.`,
      );
    } catch (error) {
      setOutcome(`Not forgotten: ${errorMessage(error)}`);
    }
  }

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">
          Person <span className="font-mono">{userId}</span>
        </h1>
        <p className="text-sm text-slate-600">One customer across every device they signed in on.</p>
      </div>
      {outcome ? (
        <p role="status" className="rounded-lg bg-slate-100 p-3 text-sm">
          {outcome}
        </p>
      ) : state.status === 'loading' ? (
        <p className="text-sm text-slate-600">Loading…</p>
      ) : state.status === 'error' ? (
        <p role="alert" className="text-sm text-red-700">
          {state.message}
        </p>
      ) : (
        <>
          <Devices events={state.data.events} anonymousIds={state.data.anonymousIds} />
          <section aria-labelledby="traits-title" className="rounded-xl border border-slate-200 bg-white p-4">
            <h2 id="traits-title" className="font-semibold">
              Traits
            </h2>
            <p className="mt-2 text-sm">{propertiesText(state.data.traits) || 'None.'}</p>
          </section>
          <section aria-labelledby="events-title" className="rounded-xl border border-slate-200 bg-white p-4">
            <h2 id="events-title" className="font-semibold">
              Events ({numberFormat.format(state.data.events.length)}), newest first
            </h2>
            <div className="mt-2 overflow-x-auto">
              <table className="w-full text-left text-sm">
                <thead className="text-slate-600">
                  <tr>
                    <th className="py-1 pr-3 font-medium">When (UTC)</th>
                    <th className="pr-3 font-medium">Device</th>
                    <th className="pr-3 font-medium">Event</th>
                    <th className="font-medium">Properties</th>
                  </tr>
                </thead>
                <tbody>
                  {state.data.events.map((event) => (
                    <tr key={event.messageId} data-testid="person-event" className="border-t border-slate-100">
                      <td className="py-1 pr-3 whitespace-nowrap">{dateFormat.format(new Date(event.timestamp))}</td>
                      <td className="pr-3 font-mono">{event.anonymousId}</td>
                      <td className="pr-3">{eventName(event)}</td>
                      <td className="break-all">{propertiesText(event.properties)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <button
            type="button"
            onClick={() => setConfirming(true)}
            className="rounded-lg border border-red-300 px-3 py-1.5 text-sm font-medium text-red-700 hover:bg-red-50"
          >
            Forget this person
          </button>
        </>
      )}
      <ConfirmDialog
        open={confirming}
        title="Forget this person?"
        message={`Every event, push subscription and lake entry of ${userId}'s devices is deleted. This cannot be undone.`}
        confirmLabel="Forget"
        onConfirm={() => void forget()}
        onCancel={() => setConfirming(false)}
      />
    </div>
  );
}

'use client';
// The create form: the trigger (an event, a segment's entries or exits, or a
// schedule), the segment builder's conditions or a saved segment where a
// segment is needed, the delay, the exit event, entry rules and the message.
import { type FormEvent, useId, useState } from 'react';
import type { AutomationListItem } from '@/lib/contracts/automation';
import { adminApi } from '../_api/admin-api';
import { errorMessage } from '../data/format';
import type { SegmentsState } from '../campaigns/useSegmentsQuery';
import { SegmentBuilder } from '../segments/SegmentBuilder';
import { ServerCount } from '../segments/ServerCount';
import { Field, NumberField, TextField, inputClass, primaryButtonClass } from '../segments/fields';
import { type AutomationDraft, type TriggerChoice, automationRequest, emptyDraft } from './automation-draft';
import { PolicyFields } from '../campaigns/PolicyFields';

const triggerLabels: Record<TriggerChoice, string> = {
  event: 'When a visitor does something',
  enter: 'When a visitor enters a segment',
  exit: 'When a visitor leaves a segment',
  recurring: 'On a schedule, to a segment',
};

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

export function AutomationForm({
  segments,
  onCreated,
}: {
  segments: SegmentsState;
  onCreated: (item: AutomationListItem) => void;
}) {
  const [draft, setDraft] = useState<AutomationDraft>(() => emptyDraft(browserZone()));
  const [status, setStatus] = useState<{ kind: 'idle' | 'working' } | { kind: 'error'; message: string }>({
    kind: 'idle',
  });
  const eventListId = useId();
  const traitListId = useId();
  const regionListId = useId();
  const cityListId = useId();
  const change = (patch: Partial<AutomationDraft>) => setDraft((current) => ({ ...current, ...patch }));
  const needsSegment = draft.trigger !== 'event';
  const savedTree =
    segments.status === 'loaded'
      ? segments.data.find((segment) => segment.id === draft.segment)?.definition
      : undefined;
  // Who is in the segment now: a recurring run would send to them; a check would compare with them.
  const previewTree = draft.segment === 'conditions' ? draft.conditions : savedTree;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setStatus({ kind: 'working' });
    try {
      const { automation } = await adminApi.post<{ automation: AutomationListItem }>(
        '/api/admin/automations',
        automationRequest(draft),
      );
      setDraft(emptyDraft(draft.timeZone));
      setStatus({ kind: 'idle' });
      onCreated(automation);
    } catch (error) {
      setStatus({ kind: 'error', message: errorMessage(error) });
    }
  }

  return (
    <form
      onSubmit={(event) => void submit(event)}
      className="space-y-6 rounded-xl border border-slate-200 bg-white p-4"
    >
      <h2 className="text-lg font-semibold">New automation</h2>
      <TextField label="Name" value={draft.name} onChange={(name) => change({ name })} />

      <fieldset className="space-y-3">
        <legend className="font-semibold">Trigger</legend>
        <Field label="Starts">
          {(id) => (
            <select
              id={id}
              className={inputClass}
              value={draft.trigger}
              onChange={(e) => change({ trigger: e.target.value as TriggerChoice })}
            >
              {Object.entries(triggerLabels).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        {draft.trigger === 'event' ? (
          <div className="flex flex-wrap items-end gap-3">
            <TextField label="Event" value={draft.eventName} onChange={(eventName) => change({ eventName })} />
            <TextField
              label="Unless they then do (optional)"
              value={draft.unlessEvent}
              onChange={(unlessEvent) => change({ unlessEvent })}
            />
            <NumberField
              label="Within (minutes)"
              value={draft.unlessMinutes}
              min={1}
              max={43_200}
              onChange={(unlessMinutes) => change({ unlessMinutes: unlessMinutes ?? 60 })}
            />
          </div>
        ) : null}
        {draft.trigger === 'enter' || draft.trigger === 'exit' ? (
          <NumberField
            label="Check every (minutes, at least 15)"
            value={draft.everyMinutes}
            min={15}
            max={10_080}
            onChange={(everyMinutes) => change({ everyMinutes: everyMinutes ?? 60 })}
          />
        ) : null}
        {draft.trigger === 'recurring' ? (
          <div className="flex flex-wrap items-end gap-3">
            <Field label="Every">
              {(id) => (
                <select
                  id={id}
                  className={inputClass}
                  value={draft.every}
                  onChange={(e) => change({ every: e.target.value as AutomationDraft['every'] })}
                >
                  <option value="day">Day</option>
                  <option value="weekday">Weekday (Monday to Friday)</option>
                  <option value="month">Month</option>
                </select>
              )}
            </Field>
            {draft.every === 'month' ? (
              <NumberField
                label="Day of the month"
                value={draft.dayOfMonth}
                min={1}
                max={28}
                onChange={(dayOfMonth) => change({ dayOfMonth: dayOfMonth ?? 1 })}
              />
            ) : null}
            <Field label="At">
              {(id) => (
                <input
                  id={id}
                  type="time"
                  className={inputClass}
                  value={draft.at}
                  onChange={(e) => change({ at: e.target.value })}
                />
              )}
            </Field>
            <TextField label="Time zone" value={draft.timeZone} onChange={(timeZone) => change({ timeZone })} />
          </div>
        ) : null}
        {needsSegment ? (
          <div className="space-y-3">
            <Field label="Segment">
              {(id) => (
                <select
                  id={id}
                  className={inputClass}
                  value={String(draft.segment)}
                  onChange={(e) =>
                    change({ segment: e.target.value === 'conditions' ? 'conditions' : Number(e.target.value) })
                  }
                >
                  <option value="conditions">These conditions</option>
                  {segments.status === 'loaded'
                    ? segments.data.map((segment) => (
                        <option key={segment.id} value={segment.id}>
                          Saved segment: {segment.name}
                        </option>
                      ))
                    : null}
                </select>
              )}
            </Field>
            {draft.segment === 'conditions' ? (
              <SegmentBuilder
                tree={draft.conditions}
                onChange={(conditions) => change({ conditions })}
                vocabulary={{
                  events: [],
                  traits: [],
                  countries: [],
                  regions: [],
                  cities: [],
                  eventListId,
                  traitListId,
                  regionListId,
                  cityListId,
                }}
              />
            ) : null}
            {previewTree ? <ServerCount tree={previewTree} /> : null}
          </div>
        ) : null}
      </fieldset>

      <fieldset className="flex flex-wrap items-end gap-3">
        <legend className="mb-2 font-semibold">Wait and exit</legend>
        <NumberField
          label="Then wait (minutes)"
          value={draft.delayMinutes}
          min={0}
          max={43_200}
          onChange={(delayMinutes) => change({ delayMinutes: delayMinutes ?? 0 })}
        />
        <TextField
          label="Exit when they do (goal, optional)"
          value={draft.exitEvent}
          onChange={(exitEvent) => change({ exitEvent })}
        />
        <NumberField
          label="Enter again after (days; empty: once)"
          value={draft.reentryAfterDays || undefined}
          min={1}
          max={3_650}
          optional
          onChange={(days) => change({ reentryAfterDays: days ?? 0 })}
        />
        <Field label="Ends on (optional)">
          {(id) => (
            <input
              id={id}
              type="date"
              className={inputClass}
              value={draft.endsOn}
              onChange={(e) => change({ endsOn: e.target.value })}
            />
          )}
        </Field>
      </fieldset>

      <fieldset className="space-y-3">
        <legend className="font-semibold">Delivery</legend>
        <PolicyFields
          idPrefix="automation"
          draft={draft.policy}
          change={(patch) => change({ policy: { ...draft.policy, ...patch } })}
        />
      </fieldset>

      <fieldset className="space-y-3">
        <legend className="font-semibold">Message</legend>
        <TextField label="Title" value={draft.title} onChange={(title) => change({ title })} />
        <TextField label="Text" value={draft.body} onChange={(body) => change({ body })} />
        <TextField label="Link" value={draft.url} onChange={(url) => change({ url })} />
      </fieldset>

      {status.kind === 'error' ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          The automation was not created: {status.message}
        </p>
      ) : null}
      <button type="submit" className={primaryButtonClass} disabled={status.kind === 'working'}>
        Create automation
      </button>
    </form>
  );
}

'use client';
// Who gets the campaign and how it is delivered: segment, time, TTL, urgency, topic.
import { urgencies } from '@/lib/contracts/campaign';
import type { CampaignDraft } from './campaign-draft';
import { Field, inputClass } from './Field';
import { PolicyFields } from './PolicyFields';
import type { SegmentsState } from './useSegmentsQuery';

type Change = (patch: Partial<CampaignDraft>) => void;

export function DeliveryFields({
  draft,
  change,
  segments,
}: {
  draft: CampaignDraft;
  change: Change;
  segments: SegmentsState;
}) {
  return (
    <fieldset className="space-y-4">
      <legend className="font-semibold">Audience and delivery</legend>
      <Field label="Campaign name" hint="For you; visitors never see it.">
        {(props) => (
          <input
            {...props}
            name="campaign-name"
            value={draft.name}
            onChange={(e) => change({ name: e.target.value })}
            className={inputClass}
            maxLength={120}
          />
        )}
      </Field>
      <Field
        label="Segment"
        hint={
          segments.status === 'error'
            ? `The segments could not be loaded: ${segments.message}`
            : segments.status === 'loaded' && segments.data.length === 0
              ? 'No saved segments yet: save one first.'
              : 'Members are computed in this browser from the latest events when you send.'
        }
      >
        {(props) => (
          <select
            {...props}
            value={draft.segmentId}
            onChange={(e) => change({ segmentId: e.target.value })}
            className={inputClass}
          >
            <option value="">{segments.status === 'loading' ? 'Loading segments…' : 'Choose a segment'}</option>
            {segments.status === 'loaded'
              ? segments.data.map((segment) => (
                  <option key={segment.id} value={segment.id}>
                    {segment.name}
                  </option>
                ))
              : null}
          </select>
        )}
      </Field>
      <div className="space-y-2">
        <p className="text-sm font-medium text-slate-800" id="when-label">
          When
        </p>
        <div role="radiogroup" aria-labelledby="when-label" className="flex flex-wrap items-center gap-4 text-sm">
          <label className="flex items-center gap-2">
            <input type="radio" name="when" checked={draft.when === 'now'} onChange={() => change({ when: 'now' })} />
            Now
          </label>
          <label className="flex items-center gap-2">
            <input
              type="radio"
              name="when"
              checked={draft.when === 'later'}
              onChange={() => change({ when: 'later' })}
            />
            At
          </label>
          <input
            type="datetime-local"
            aria-label="Send time"
            value={draft.scheduledAt}
            disabled={draft.when !== 'later'}
            onChange={(e) => change({ scheduledAt: e.target.value })}
            className="rounded-md border border-slate-300 px-2 py-1 disabled:opacity-50"
          />
        </div>
      </div>
      <PolicyFields
        idPrefix="campaign"
        draft={draft.policy}
        change={(patch) => change({ policy: { ...draft.policy, ...patch } })}
      />
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label="Time to live (hours)" hint="How long the push service keeps it for an offline device.">
          {(props) => (
            <input
              {...props}
              type="number"
              min={0}
              max={672}
              value={draft.ttlHours}
              onChange={(e) => change({ ttlHours: e.target.value })}
              className={inputClass}
            />
          )}
        </Field>
        <Field label="Urgency">
          {(props) => (
            <select
              {...props}
              value={draft.urgency}
              onChange={(e) => change({ urgency: e.target.value as CampaignDraft['urgency'] })}
              className={inputClass}
            >
              {urgencies.map((urgency) => (
                <option key={urgency} value={urgency}>
                  {urgency}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Topic" hint="A newer message with the same topic replaces an undelivered one.">
          {(props) => (
            <input
              {...props}
              value={draft.topic}
              onChange={(e) => change({ topic: e.target.value })}
              className={inputClass}
              maxLength={32}
            />
          )}
        </Field>
      </div>
    </fieldset>
  );
}

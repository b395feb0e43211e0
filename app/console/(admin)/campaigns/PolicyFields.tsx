'use client';
// The delivery-policy fields of the campaign and automation composers
// (docs/delivery-policy.md): time mode, messages a minute, important.
import { Field, inputClass } from './Field';
import type { PolicyDraft } from './policy-draft';

export function PolicyFields({
  draft,
  change,
  idPrefix,
}: {
  draft: PolicyDraft;
  change: (patch: Partial<PolicyDraft>) => void;
  idPrefix: string;
}) {
  const label = `${idPrefix}-time-mode-label`;
  return (
    <div className="space-y-3" data-testid={`${idPrefix}-policy`}>
      <p className="text-sm font-medium text-slate-800" id={label}>
        Each visitor’s copy goes out
      </p>
      <div role="radiogroup" aria-labelledby={label} className="flex flex-wrap items-center gap-4 text-sm">
        <label className="flex items-center gap-2">
          <input
            type="radio"
            name={`${idPrefix}-time-mode`}
            checked={draft.timeMode === 'now'}
            onChange={() => change({ timeMode: 'now' })}
          />
          At the send time
        </label>
        <label className="flex items-center gap-2">
          <input
            type="radio"
            name={`${idPrefix}-time-mode`}
            checked={draft.timeMode === 'localTime'}
            onChange={() => change({ timeMode: 'localTime' })}
          />
          At a local time
        </label>
        <input
          type="time"
          aria-label="Local time in each visitor’s zone"
          value={draft.localTime}
          disabled={draft.timeMode === 'now'}
          onChange={(e) => change({ localTime: e.target.value })}
          className="rounded-md border border-slate-300 px-2 py-1 disabled:opacity-50"
        />
        <span className="text-slate-600">in each visitor’s zone</span>
        <label className="flex items-center gap-2">
          <input
            type="radio"
            name={`${idPrefix}-time-mode`}
            checked={draft.timeMode === 'bestTime'}
            onChange={() => change({ timeMode: 'bestTime' })}
          />
          At each visitor’s best time
        </label>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Messages a minute" hint="This campaign’s own rate; empty for none (the global rate still holds).">
          {(props) => (
            <input
              {...props}
              type="number"
              min={1}
              value={draft.perMinute}
              onChange={(e) => change({ perMinute: e.target.value })}
              className={inputClass}
            />
          )}
        </Field>
        <label className="flex items-start gap-2 pt-6 text-sm">
          <input type="checkbox" checked={draft.important} onChange={(e) => change({ important: e.target.checked })} />
          <span>
            Important
            <span className="block text-slate-600">Also sent to subscriptions the engagement guard holds back.</span>
          </span>
        </label>
      </div>
    </div>
  );
}

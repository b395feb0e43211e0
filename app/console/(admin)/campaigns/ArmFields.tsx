'use client';
// The campaign's arms: variants B to D (their own title and text; the link,
// images and buttons are A's) and the share of the audience held out as the
// control, which is sent nothing and measures what the campaign changed.
import { campaignLimits, type StageMetric } from '@/lib/contracts/campaign';
import { variantLetter } from '@/lib/contracts/campaign-message';
import type { CampaignDraft } from './campaign-draft';
import { Field, inputClass } from './Field';

type Change = (patch: Partial<CampaignDraft>) => void;

export function ArmFields({ draft, change }: { draft: CampaignDraft; change: Change }) {
  const setVariant = (index: number, patch: Partial<CampaignDraft['variants'][number]>) =>
    change({ variants: draft.variants.map((variant, i) => (i === index ? { ...variant, ...patch } : variant)) });
  const canAdd = draft.variants.length < campaignLimits.maxVariants - 1;
  return (
    <fieldset className="space-y-4">
      <legend className="font-semibold">Variants and control</legend>
      <p className="text-sm text-slate-600">
        The message above is variant A. Each visitor gets one variant, always the same one, and the results compare
        them.
      </p>
      {draft.variants.map((variant, index) => {
        const letter = variantLetter(index + 1);
        return (
          <div
            key={letter}
            className="space-y-3 rounded-lg border border-slate-200 p-3"
            data-testid={`variant-${letter}`}
          >
            <div className="flex items-center justify-between">
              <h3 className="text-sm font-semibold">Variant {letter}</h3>
              <button
                type="button"
                onClick={() => change({ variants: draft.variants.filter((_, i) => i !== index) })}
                className="text-sm text-brand-700 underline"
              >
                Remove variant {letter}
              </button>
            </div>
            <Field label={`Variant ${letter} title`}>
              {(props) => (
                <input
                  {...props}
                  value={variant.title}
                  onChange={(e) => setVariant(index, { title: e.target.value })}
                  className={inputClass}
                  maxLength={200}
                />
              )}
            </Field>
            <Field label={`Variant ${letter} text`}>
              {(props) => (
                <textarea
                  {...props}
                  value={variant.body}
                  onChange={(e) => setVariant(index, { body: e.target.value })}
                  className={inputClass}
                  rows={2}
                  maxLength={1000}
                />
              )}
            </Field>
          </div>
        );
      })}
      {canAdd ? (
        <button
          type="button"
          onClick={() => change({ variants: [...draft.variants, { title: draft.title, body: draft.body }] })}
          className="rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50"
        >
          Add variant {variantLetter(draft.variants.length + 1)}
        </button>
      ) : null}
      <Field
        label="Control group (% of the audience)"
        hint={`Held out and sent nothing, so the lift can be measured: 0 to ${campaignLimits.maxControlShare * 100}%, 0 for none.`}
      >
        {(props) => (
          <input
            {...props}
            type="number"
            min={0}
            max={campaignLimits.maxControlShare * 100}
            step="any"
            value={draft.controlPercent}
            onChange={(e) => change({ controlPercent: e.target.value })}
            className={`${inputClass} max-w-32`}
          />
        )}
      </Field>
      {draft.variants.length > 0 ? <StageFields draft={draft} change={change} /> : null}
    </fieldset>
  );
}

/** A staged send (docs/campaigns-and-push.md#staged-send): test the variants on a share, then send the winner. */
function StageFields({ draft, change }: { draft: CampaignDraft; change: Change }) {
  return (
    <div className="space-y-3 rounded-lg border border-slate-200 p-3" data-testid="staged-send">
      <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
        <input type="checkbox" checked={draft.staged} onChange={(e) => change({ staged: e.target.checked })} />
        Staged send: test the variants on part of the audience, then send the winner to the rest
      </label>
      {draft.staged ? (
        <div className="grid gap-3 sm:grid-cols-3">
          <Field label="Test share (%)" hint="5 to 50% of the audience gets the variants first.">
            {(props) => (
              <input
                {...props}
                type="number"
                min={5}
                max={50}
                step="any"
                value={draft.testPercent}
                onChange={(e) => change({ testPercent: e.target.value })}
                className={inputClass}
              />
            )}
          </Field>
          <Field label="Wait (hours)" hint="Then the winner goes to the rest: 1 to 168 hours.">
            {(props) => (
              <input
                {...props}
                type="number"
                min={1}
                max={168}
                step={1}
                value={draft.waitHours}
                onChange={(e) => change({ waitHours: e.target.value })}
                className={inputClass}
              />
            )}
          </Field>
          <Field label="Winner by" hint="No significant winner: variant A is sent, and the campaign says why.">
            {(props) => (
              <select
                {...props}
                value={draft.stageMetric}
                onChange={(e) => change({ stageMetric: e.target.value as StageMetric })}
                className={inputClass}
              >
                <option value="clickThrough">Click-through</option>
                <option value="conversion">Conversion rate</option>
              </select>
            )}
          </Field>
        </div>
      ) : null}
    </div>
  );
}

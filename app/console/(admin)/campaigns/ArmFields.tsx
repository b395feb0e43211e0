'use client';
// The campaign's arms: variants B to D (their own title and text; the link,
// images and buttons are A's) and the share of the audience held out as the
// control, which is sent nothing and measures what the campaign changed.
import { campaignLimits } from '@/lib/contracts/campaign';
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
    </fieldset>
  );
}

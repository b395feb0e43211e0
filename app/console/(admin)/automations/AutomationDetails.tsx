'use client';
// One automation opened from the list: how it sends (its delivery-policy
// fields), why visitors were skipped, its results (a campaign's: variants,
// control, conversions, lift; docs/results.md), and deleting it after a confirmation.
import { useState } from 'react';
import type { AutomationListItem } from '@/lib/contracts/automation';
import { CampaignResultsView } from '../campaigns/CampaignResultsView';
import { SkipReasons } from '../campaigns/SkipReasons';
import { timeModeText } from '../campaigns/policy-draft';
import { numberFormat } from '../data/format';
import { buttonClass } from '../segments/fields';

export function AutomationDetails({
  item,
  busy,
  onDelete,
  onClose,
}: {
  item: AutomationListItem;
  busy: boolean;
  onDelete: () => void;
  onClose: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  return (
    <section
      aria-labelledby="automation-details-heading"
      className="space-y-4 rounded-xl border border-slate-200 bg-white p-4"
      data-testid="automation-details"
    >
      <div className="flex items-start justify-between gap-3">
        <h2 id="automation-details-heading" className="text-lg font-semibold">
          {item.name}
        </h2>
        <button type="button" className="text-sm text-brand-700 underline" onClick={onClose}>
          Close
        </button>
      </div>
      <dl className="grid gap-2 text-sm sm:grid-cols-3">
        <div>
          <dt className="text-slate-600">Each visitor’s copy</dt>
          <dd data-testid="automation-time-mode">{timeModeText(item.policy)}</dd>
        </div>
        <div>
          <dt className="text-slate-600">Messages a minute</dt>
          <dd>{item.policy.perMinute === null ? 'no limit of its own' : numberFormat.format(item.policy.perMinute)}</dd>
        </div>
        <div>
          <dt className="text-slate-600">Important</dt>
          <dd>{item.policy.important ? 'yes' : 'no'}</dd>
        </div>
      </dl>
      <section aria-labelledby="automation-skips-heading">
        <h3 id="automation-skips-heading" className="font-semibold">
          Skipped, and why
        </h3>
        <SkipReasons skips={item.skips} testId="automation-skips" />
      </section>
      <CampaignResultsView
        campaignId={item.campaignId}
        name={item.name}
        source={`/api/admin/automations/${item.id}/results`}
      />
      <div className="flex flex-wrap items-center gap-3 border-t border-slate-100 pt-3 text-sm">
        {confirming ? (
          <>
            <p role="alert" className="text-red-800">
              Delete “{item.name}”? Its waiting visitors get nothing, and its deliveries and results go with it.
            </p>
            <button
              type="button"
              className="rounded-lg bg-red-700 px-3 py-1 font-medium text-white hover:bg-red-800 disabled:opacity-50"
              disabled={busy}
              onClick={onDelete}
            >
              Yes, delete it
            </button>
            <button type="button" className={buttonClass} onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </>
        ) : (
          <button type="button" className={buttonClass} onClick={() => setConfirming(true)}>
            Delete automation
          </button>
        )}
      </div>
    </section>
  );
}

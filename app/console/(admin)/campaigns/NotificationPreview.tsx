'use client';
// What a visitor will see: the notification as the operating system shows it,
// personalised with preview values, and whether it fits one push message.
// Everything is rendered as text (React escapes it): no HTML from a template.
import { useState } from 'react';
import type { CampaignMessage } from '@/lib/contracts/campaign';
import { campaignPayload, payloadBytes, payloadSizeProblem } from '@/lib/contracts/campaign-message';
import { maxPushPayloadBytes } from '@/lib/contracts/push';
import { placeholderTraits, traitsWithoutFallback } from './campaign-draft';

export function NotificationPreview({ message }: { message: CampaignMessage }) {
  const [values, setValues] = useState<Record<string, string>>({});
  const traits = placeholderTraits(message);
  const gaps = traitsWithoutFallback(message).filter((trait) => !values[trait]);
  const payload = campaignPayload(0, { ...message, title: message.title || 'Title' }, values);
  if (payload.kind !== 'notification') return null;
  const problem = payloadSizeProblem(payload);
  const host = typeof window === 'undefined' ? '' : window.location.host;

  return (
    <section aria-labelledby="preview-heading" className="space-y-3">
      <h2 id="preview-heading" className="font-semibold">
        Preview
      </h2>
      <div
        className="w-full max-w-sm rounded-xl bg-slate-800 p-3 text-white shadow-lg"
        data-testid="notification-preview"
      >
        <div className="flex gap-3">
          {payload.icon ? <img src={payload.icon} alt="" className="h-10 w-10 shrink-0 rounded" /> : null}
          <div className="min-w-0">
            <p className="truncate text-sm font-semibold">{payload.title}</p>
            <p className="line-clamp-3 text-sm text-slate-200">{payload.body}</p>
            <p className="mt-1 text-xs text-slate-400">{host}</p>
          </div>
        </div>
        {payload.image ? (
          <img src={payload.image} alt="" className="mt-2 max-h-40 w-full rounded object-cover" />
        ) : null}
        {payload.actions?.length ? (
          <div className="mt-2 flex gap-2 border-t border-slate-600 pt-2">
            {payload.actions.map((action) => (
              <span key={action.action} className="flex-1 rounded bg-slate-700 px-2 py-1 text-center text-xs">
                {action.title}
              </span>
            ))}
          </div>
        ) : null}
      </div>
      {traits.length ? (
        <fieldset className="space-y-2">
          <legend className="text-sm text-slate-600">
            Preview as a visitor with these traits (empty: the fallback)
          </legend>
          {traits.map((trait) => (
            <label key={trait} className="flex items-center gap-2 text-sm">
              <span className="w-32 truncate font-mono">{trait}</span>
              <input
                value={values[trait] ?? ''}
                onChange={(event) => setValues({ ...values, [trait]: event.target.value })}
                className="flex-1 rounded-md border border-slate-300 px-2 py-1"
              />
            </label>
          ))}
        </fieldset>
      ) : null}
      {gaps.map((trait) => (
        <p key={trait} className="text-sm text-amber-800" data-testid="placeholder-warning">
          {`${trait} is empty for some visitors: add a fallback like {{${trait}|there}}`}
        </p>
      ))}
      <p
        className={`text-sm ${problem ? 'font-medium text-red-700' : 'text-slate-600'}`}
        role={problem ? 'alert' : undefined}
      >
        {problem ?? `${payloadBytes(payload)} of ${maxPushPayloadBytes} bytes in one push message.`}
      </p>
    </section>
  );
}

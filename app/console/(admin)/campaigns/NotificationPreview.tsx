'use client';
// What a visitor will see: the notification as each browser shows it
// (browser-previews.ts: buttons and big image only where the browser draws
// them, text cut about where it cuts it), personalised with preview values,
// and whether it fits one push message. Everything is rendered as text (React
// escapes it): no HTML from a template.
import { useState } from 'react';
import type { CampaignMessage } from '@/lib/contracts/campaign';
import { campaignPayload, payloadBytes, payloadSizeProblem } from '@/lib/contracts/campaign-message';
import { maxPushPayloadBytes } from '@/lib/contracts/push';
import { placeholderTraits, traitsWithoutFallback } from './campaign-draft';
import { browserCapabilities, browserPreview, buttonOnlyLinkWarnings, type PreviewBrowserId } from './browser-previews';

/** Each platform's look, roughly: enough to tell them apart and to judge the layout. */
const frame: Record<PreviewBrowserId, string> = {
  'chrome-windows': 'rounded-md bg-slate-800 text-white',
  'chrome-android': 'rounded-2xl bg-white text-slate-900 ring-1 ring-slate-200',
  firefox: 'rounded-md bg-zinc-700 text-white',
  'safari-macos': 'rounded-2xl bg-slate-100/95 text-slate-900 ring-1 ring-slate-300',
  'safari-ios': 'rounded-3xl bg-slate-200/95 text-slate-900',
};

export function NotificationPreview({ message }: { message: CampaignMessage }) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [browserId, setBrowserId] = useState<PreviewBrowserId>('chrome-windows');
  const traits = placeholderTraits(message);
  const gaps = traitsWithoutFallback(message).filter((trait) => !values[trait]);
  const payload = campaignPayload(0, { ...message, title: message.title || 'Title' }, values);
  const problem = payloadSizeProblem(payload);
  const host = typeof window === 'undefined' ? '' : window.location.host;
  const browser = browserCapabilities.find((each) => each.id === browserId) ?? browserCapabilities[0];
  const shown = browserPreview(browser, payload);
  const dark = browser.id === 'chrome-windows' || browser.id === 'firefox';

  return (
    <section aria-labelledby="preview-heading" className="space-y-3">
      <h2 id="preview-heading" className="font-semibold">
        Preview
      </h2>
      <div role="group" aria-label="Browser" className="flex flex-wrap gap-1">
        {browserCapabilities.map((each) => (
          <button
            key={each.id}
            type="button"
            aria-pressed={each.id === browser.id}
            onClick={() => setBrowserId(each.id)}
            className={`rounded-full border px-3 py-1 text-xs ${
              each.id === browser.id
                ? 'border-indigo-600 bg-indigo-600 text-white'
                : 'border-slate-300 bg-white text-slate-700 hover:bg-slate-50'
            }`}
          >
            {each.name}
          </button>
        ))}
      </div>
      <div
        className={`w-full max-w-sm p-3 shadow-lg ${frame[browser.id]}`}
        data-testid="notification-preview"
        data-browser={browser.id}
      >
        <div className="flex gap-3">
          {shown.icon ? (
            <img src={shown.icon} alt="" className="h-10 w-10 shrink-0 rounded" />
          ) : (
            <span aria-hidden="true" className="h-10 w-10 shrink-0 rounded bg-slate-400/40" title="The site's icon" />
          )}
          <div className="min-w-0">
            <p className="text-sm font-semibold break-words">{shown.title}</p>
            <p className={`text-sm break-words ${dark ? 'text-slate-200' : 'text-slate-700'}`}>{shown.body}</p>
            <p className={`mt-1 text-xs ${dark ? 'text-slate-400' : 'text-slate-500'}`}>{host}</p>
          </div>
        </div>
        {shown.image ? <img src={shown.image} alt="" className="mt-2 max-h-40 w-full rounded object-cover" /> : null}
        {shown.actions.length ? (
          <div className="mt-2 flex gap-2 border-t border-slate-500/40 pt-2" data-testid="preview-actions">
            {shown.actions.map((action) => (
              <span
                key={action.action}
                className={`flex-1 rounded px-2 py-1 text-center text-xs ${dark ? 'bg-slate-700' : 'bg-slate-100'}`}
              >
                {action.title}
              </span>
            ))}
          </div>
        ) : null}
      </div>
      <p className="text-xs text-slate-500">
        {`${browser.name} shows about ${browser.titleChars} characters of the title and ${browser.bodyChars} of the body`}
        {browser.actions === 0 ? ', no buttons' : ''}
        {browser.image ? '' : ', no big image'}
        {shown.titleCut + shown.bodyCut > 0 ? ` (${shown.titleCut + shown.bodyCut} characters cut here).` : '.'}
      </p>
      {buttonOnlyLinkWarnings(payload).map((warning) => (
        <p key={warning} className="text-sm text-amber-800" data-testid="button-link-warning">
          {warning}
        </p>
      ))}
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

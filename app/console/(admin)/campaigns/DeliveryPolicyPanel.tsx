'use client';
// The global delivery policy on the Campaigns page (docs/delivery-policy.md):
// caps across every message, quiet hours, the fallback zone, the global rate,
// and the engagement guard with how many subscriptions it holds back now.
import { useEffect, useState } from 'react';
import type { DeliveryPolicy, DeliveryPolicyResponse } from '@/lib/contracts/delivery-policy';
import { adminApi } from '../_api/admin-api';
import { useAdminQuery } from '../_api/useAdminQuery';
import { errorMessage, numberFormat } from '../data/format';

const loadPolicy = () => adminApi.get<DeliveryPolicyResponse>('/api/admin/delivery-policy');

interface PolicyForm {
  perDay: string;
  perWeek: string;
  quietStart: string;
  quietEnd: string;
  fallbackTimeZone: string;
  globalPerMinute: string;
  guardUnclicked: string;
}

const text = (value: number | null | undefined) => (value === null || value === undefined ? '' : String(value));

const formOf = (policy: DeliveryPolicy): PolicyForm => ({
  perDay: text(policy.caps.perDay),
  perWeek: text(policy.caps.perWeek),
  quietStart: text(policy.quietHours?.startHour),
  quietEnd: text(policy.quietHours?.endHour),
  fallbackTimeZone: policy.fallbackTimeZone,
  globalPerMinute: text(policy.globalPerMinute),
  guardUnclicked: String(policy.guardUnclicked),
});

/** The form as a policy, or the first thing to fix (the server checks again). */
function policyOf(form: PolicyForm, base: DeliveryPolicy): DeliveryPolicy | string {
  const whole = (value: string, name: string, min: number): number | null | string => {
    if (value.trim() === '') return null;
    const n = Number(value);
    return Number.isInteger(n) && n >= min ? n : `${name} is a whole number of at least ${min}, or empty.`;
  };
  const perDay = whole(form.perDay, 'A day', 1);
  const perWeek = whole(form.perWeek, 'A week', 1);
  const rate = whole(form.globalPerMinute, 'Messages a minute', 1);
  const start = whole(form.quietStart, 'Quiet from', 0);
  const end = whole(form.quietEnd, 'Quiet until', 0);
  const guard = whole(form.guardUnclicked, 'The guard', 0);
  for (const value of [perDay, perWeek, rate, start, end, guard]) if (typeof value === 'string') return value;
  if ((start === null) !== (end === null)) return 'Quiet hours need both hours, or neither.';
  if ((start as number) > 23 || (end as number) > 23) return 'Quiet hours are hours 0 to 23.';
  return {
    ...base,
    caps: { perDay: perDay as number | null, perWeek: perWeek as number | null },
    quietHours: start === null ? null : { startHour: start as number, endHour: end as number },
    fallbackTimeZone: form.fallbackTimeZone.trim(),
    globalPerMinute: rate as number | null,
    guardUnclicked: (guard as number | null) ?? 0,
  };
}

const fields: { key: keyof PolicyForm; label: string; hint: string; type?: string }[] = [
  { key: 'perDay', label: 'Messages a visitor gets a day', hint: 'Campaigns, automations and moments together.' },
  { key: 'perWeek', label: 'Messages a visitor gets a week', hint: 'Empty: no cap.' },
  { key: 'quietStart', label: 'Quiet from (hour, visitor’s zone)', hint: 'For example 21.' },
  { key: 'quietEnd', label: 'Quiet until (hour)', hint: 'For example 8; held until then.' },
  { key: 'fallbackTimeZone', label: 'Zone of visitors with none', hint: 'For example Europe/Paris.', type: 'text' },
  { key: 'globalPerMinute', label: 'Messages a minute, all campaigns', hint: 'Empty: as fast as the sender goes.' },
  { key: 'guardUnclicked', label: 'Engagement guard after', hint: 'Unclicked notifications in a row; 0: off.' },
];

export function DeliveryPolicyPanel() {
  const { state, replace } = useAdminQuery(loadPolicy);
  const [form, setForm] = useState<PolicyForm | null>(null);
  const [status, setStatus] = useState<{ error: boolean; text: string } | null>(null);
  const loaded = state.status === 'loaded' ? state.data : null;
  useEffect(() => {
    if (loaded && !form) setForm(formOf(loaded.policy));
  }, [loaded, form]);

  const save = async () => {
    if (!loaded || !form) return;
    const policy = policyOf(form, loaded.policy);
    if (typeof policy === 'string') {
      setStatus({ error: true, text: policy });
      return;
    }
    setStatus({ error: false, text: 'Saving…' });
    try {
      const saved = await adminApi.put<DeliveryPolicyResponse>('/api/admin/delivery-policy', policy);
      replace(saved);
      setForm(formOf(saved.policy));
      setStatus({ error: false, text: 'Delivery policy saved; devices get the caps with their next config.' });
    } catch (error) {
      setStatus({ error: true, text: errorMessage(error) });
    }
  };

  return (
    <section
      aria-labelledby="policy-heading"
      className="space-y-3 rounded-xl border border-slate-200 bg-white p-4"
      data-testid="delivery-policy"
    >
      <h2 id="policy-heading" className="text-lg font-semibold">
        Delivery policy
      </h2>
      <p className="text-sm text-slate-600">
        Caps across every message a visitor receives, quiet hours in their own time zone, a global rate, and the
        engagement guard: a subscription whose last notifications drew no click gets only important campaigns until it
        engages again.
      </p>
      {state.status === 'error' ? (
        <p role="alert" className="rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          The delivery policy could not be read: {state.message}
        </p>
      ) : null}
      {loaded ? (
        <p className="text-sm font-medium" data-testid="guard-held">
          {loaded.policy.guardUnclicked > 0
            ? `The engagement guard holds back ${numberFormat.format(loaded.guardedSubscriptions)} subscription${loaded.guardedSubscriptions === 1 ? '' : 's'}.`
            : 'The engagement guard is off.'}
        </p>
      ) : null}
      {form ? (
        <form
          className="grid gap-3 text-sm sm:grid-cols-2 lg:grid-cols-4"
          aria-label="Delivery policy settings"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          {fields.map((field) => (
            <label key={field.key} className="space-y-1">
              <span className="block text-slate-700">{field.label}</span>
              <input
                type={field.type ?? 'number'}
                min={0}
                value={form[field.key]}
                onChange={(e) => setForm({ ...form, [field.key]: e.target.value })}
                className="w-full rounded-md border border-slate-300 px-2 py-1"
                name={`policy-${field.key}`}
              />
              <span className="block text-xs text-slate-500">{field.hint}</span>
            </label>
          ))}
          <div className="flex items-end">
            <button
              type="submit"
              className="rounded-lg border border-slate-300 bg-white px-3 py-1 font-medium hover:bg-slate-50"
            >
              Save delivery policy
            </button>
          </div>
        </form>
      ) : null}
      {status ? (
        <p
          role={status.error ? 'alert' : 'status'}
          className={`text-sm ${status.error ? 'text-red-800' : 'text-slate-700'}`}
          data-testid="policy-status"
        >
          {status.text}
        </p>
      ) : null}
    </section>
  );
}

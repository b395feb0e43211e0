'use client';
// Create or edit a moment rule. The server validates with the same contract;
// its message is shown as it comes (text only).
import { type ReactNode, useMemo, useState } from 'react';
import type { MomentRule } from '@/lib/contracts/moment-rule';
import { adminApi } from '../_api/admin-api';
import { errorMessage } from '../data/format';
import { QueryTester } from './QueryTester';
import { formFromRule, inputFromForm, matchFromForm, type RuleForm, type SetForm } from './rule-form';

const inputClass = 'mt-1 w-full rounded-md border border-slate-300 px-2 py-1';

function Field({ label, children, hint }: { label: string; children: ReactNode; hint?: string }) {
  return (
    <label className="block text-sm">
      <span className="text-slate-700">{label}</span>
      {children}
      {hint ? <span className="mt-0.5 block text-xs text-slate-500">{hint}</span> : null}
    </label>
  );
}

interface Props {
  rule: MomentRule | null;
  onDone: () => void;
  onCancel: () => void;
}

export function RuleEditor({ rule, onDone, onCancel }: Props) {
  const [form, setForm] = useState<RuleForm>(() => formFromRule(rule));
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const match = useMemo(() => matchFromForm(form), [form]);
  const set = <K extends keyof RuleForm>(key: K, value: RuleForm[K]) => setForm((old) => ({ ...old, [key]: value }));
  const text = (key: keyof RuleForm) => ({
    value: String(form[key]),
    onChange: (event: { target: { value: string } }) => set(key, event.target.value as never),
    className: inputClass,
  });
  const setKeywordSet = (index: number, change: Partial<SetForm>) =>
    set(
      'sets',
      form.sets.map((entry, i) => (i === index ? { ...entry, ...change } : entry)),
    );

  async function send(method: 'POST' | 'PATCH' | 'DELETE') {
    setSaving(true);
    setError(null);
    try {
      const path = rule ? (`/api/admin/moments/${rule.id}` as const) : '/api/admin/moments';
      if (method === 'DELETE') await adminApi.delete(path);
      else if (method === 'PATCH') await adminApi.patch(path, inputFromForm(form));
      else await adminApi.post(path, inputFromForm(form));
      onDone();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form
      aria-labelledby="rule-editor"
      className="space-y-5 rounded-xl border border-slate-200 bg-white p-5"
      onSubmit={(event) => {
        event.preventDefault();
        void send(rule ? 'PATCH' : 'POST');
      }}
    >
      <h2 id="rule-editor" className="text-lg font-semibold">
        {rule ? `Edit “${rule.name}” (version ${rule.version})` : 'New moment rule'}
      </h2>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Name">
          <input required maxLength={120} {...text('name')} />
        </Field>
        <Field label="Status">
          <select
            value={form.enabled ? 'on' : 'off'}
            onChange={(event) => set('enabled', event.target.value === 'on')}
            className={inputClass}
          >
            <option value="on">On</option>
            <option value="off">Off</option>
          </select>
        </Field>
      </div>

      <fieldset className="space-y-3">
        <legend className="font-medium">Trigger</legend>
        <Field label="When the visitor…">
          <select
            value={form.trigger}
            onChange={(event) => set('trigger', event.target.value as RuleForm['trigger'])}
            className={inputClass}
          >
            <option value="search">searches (URL or search box)</option>
            <option value="productView">views a product</option>
            <option value="categoryView">views a category</option>
            <option value="cartAbandoned">leaves a cart</option>
          </select>
        </Field>
        {form.trigger === 'search' ? (
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="URL parameters" hint="Comma-separated, e.g. q, s, query">
              <input {...text('parameters')} />
            </Field>
            <Field label="Search paths" hint="Optional, e.g. /search*; empty: any path">
              <input {...text('pathPatterns')} />
            </Field>
          </div>
        ) : null}
        {form.trigger === 'productView' || form.trigger === 'categoryView' ? (
          <Field label="Categories" hint="Comma-separated; empty: any">
            <input {...text('categories')} />
          </Field>
        ) : null}
        {form.trigger === 'cartAbandoned' ? (
          <Field label="Minutes without an order">
            <input type="number" min={1} {...text('afterMinutes')} />
          </Field>
        ) : null}
      </fieldset>

      <fieldset className="space-y-3">
        <legend className="font-medium">Intent to match</legend>
        {form.sets.map((entry, index) => (
          <div
            key={index}
            className="grid gap-3 rounded-md border border-slate-200 p-3 sm:grid-cols-[1fr_2fr_auto_auto]"
          >
            <Field label="Set name">
              <input
                value={entry.name}
                onChange={(event) => setKeywordSet(index, { name: event.target.value })}
                className={inputClass}
              />
            </Field>
            <Field label="Words and phrases" hint="Comma-separated; “low cost” is a phrase">
              <input
                value={entry.words}
                onChange={(event) => setKeywordSet(index, { words: event.target.value })}
                className={inputClass}
              />
            </Field>
            <Field label="Needs">
              <select
                value={entry.require}
                onChange={(event) => setKeywordSet(index, { require: event.target.value as 'any' | 'all' })}
                className={inputClass}
              >
                <option value="any">any of them</option>
                <option value="all">all of them</option>
              </select>
            </Field>
            <button
              type="button"
              className="self-end text-sm text-red-700 underline"
              onClick={() =>
                set(
                  'sets',
                  form.sets.filter((_, i) => i !== index),
                )
              }
            >
              Remove set
            </button>
          </div>
        ))}
        <button
          type="button"
          className="text-sm text-brand-700 underline"
          onClick={() => set('sets', [...form.sets, { name: '', words: '', require: 'any' }])}
        >
          Add a keyword set
        </button>
        <div className="grid gap-4 sm:grid-cols-3">
          <Field label="Sets needed">
            <select
              value={form.combine}
              onChange={(event) => set('combine', event.target.value as 'any' | 'all')}
              className={inputClass}
            >
              <option value="any">any set</option>
              <option value="all">every set</option>
            </select>
          </Field>
          <Field label="Never when the query has" hint="Comma-separated, exact">
            <input {...text('exclude')} />
          </Field>
          <Field label="Typos allowed per word">
            <select {...text('maxEdits')}>
              <option value="0">none</option>
              <option value="1">1</option>
              <option value="2">2 (long words)</option>
            </select>
          </Field>
        </div>
        <QueryTester match={match} />
      </fieldset>

      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="font-medium">Message</legend>
        <Field label="Title" hint="{{query}} inserts what the visitor searched or viewed">
          <input required maxLength={120} {...text('title')} />
        </Field>
        <Field label="Body">
          <input maxLength={400} {...text('body')} />
        </Field>
        <Field label="Link">
          <input required maxLength={1000} {...text('url')} />
        </Field>
        <Field label="Icon URL">
          <input maxLength={1000} {...text('icon')} />
        </Field>
      </fieldset>

      <fieldset className="grid gap-4 sm:grid-cols-3">
        <legend className="font-medium">Who and how often</legend>
        <Field label="Only for segment (id)" hint="Empty: everyone">
          <input type="number" min={1} {...text('segmentId')} />
        </Field>
        <Field label="At most (notifications)">
          <input type="number" min={1} max={100} {...text('capCount')} />
        </Field>
        <Field label="per (hours)">
          <input type="number" min={1} {...text('capHours')} />
        </Field>
        <Field label="Cooldown (minutes)">
          <input type="number" min={0} {...text('cooldownMinutes')} />
        </Field>
        <Field label="Holdout (% of visitors)" hint="Shown nothing, to measure the lift; 0: none">
          <input type="number" min={0} max={50} {...text('holdoutPercent')} />
        </Field>
        <Field label="Daily cap, all rules">
          <input type="number" min={1} max={50} {...text('globalDailyCap')} />
        </Field>
        <Field label="Priority" hint="Higher wins when rules overlap">
          <input type="number" min={0} max={1000} {...text('priority')} />
        </Field>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={form.quiet} onChange={(event) => set('quiet', event.target.checked)} />
          Quiet hours (visitor&apos;s time)
        </label>
        {form.quiet ? (
          <>
            <Field label="From hour">
              <input type="number" min={0} max={23} {...text('quietStart')} />
            </Field>
            <Field label="Until hour">
              <input type="number" min={0} max={23} {...text('quietEnd')} />
            </Field>
          </>
        ) : null}
        <Field label="Starts">
          <input type="datetime-local" {...text('startsAt')} />
        </Field>
        <Field label="Ends">
          <input type="datetime-local" {...text('endsAt')} />
        </Field>
      </fieldset>

      {error ? (
        <p role="alert" className="rounded-md bg-red-50 p-2 text-sm text-red-800">
          {error}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-3">
        <button
          type="submit"
          disabled={saving}
          className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60"
        >
          {saving ? 'Saving…' : rule ? 'Save a new version' : 'Create rule'}
        </button>
        <button type="button" onClick={onCancel} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm">
          Cancel
        </button>
        {rule ? (
          <button
            type="button"
            disabled={saving}
            onClick={() => void send('DELETE')}
            className="ml-auto text-sm text-red-700 underline"
          >
            Delete rule
          </button>
        ) : null}
      </div>
    </form>
  );
}

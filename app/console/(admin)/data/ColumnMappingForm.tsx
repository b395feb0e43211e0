'use client';
// How the file's columns become events: customer and time are required; amount
// is a column or a SQL expression; event name, order and a "where" filter are optional.
import { useId, useState, type ReactNode } from 'react';
import type { ColumnMapping, FileColumn, FilePreview } from '@/lib/contracts/analytics';

interface Draft {
  customer: string;
  time: string;
  event: string;
  order: string;
  amount: string;
  where: string;
}

const inputClass = 'mt-1 block w-full rounded-lg border border-slate-300 bg-white px-2 py-1.5 text-sm';

function mappingOf(draft: Draft): ColumnMapping {
  const optional = (value: string) => value.trim() || undefined;
  const amount = optional(draft.amount);
  const event = optional(draft.event);
  const order = optional(draft.order);
  const where = optional(draft.where);
  return {
    customer: draft.customer,
    time: draft.time,
    ...(amount && { amount }),
    ...(event && { event }),
    ...(order && { order }),
    ...(where && { where }),
  };
}

interface ColumnMappingFormProps {
  preview: FilePreview;
  loading: boolean;
  onLoad: (mapping: ColumnMapping) => void;
}

export function ColumnMappingForm({ preview, loading, onLoad }: ColumnMappingFormProps) {
  const { suggested, columns } = preview;
  const [draft, setDraft] = useState<Draft>({
    customer: suggested.customer ?? '',
    time: suggested.time ?? '',
    event: suggested.event ?? '',
    order: suggested.order ?? '',
    amount: suggested.amount ?? '',
    where: suggested.where ?? '',
  });
  const set = (field: keyof Draft) => (value: string) => setDraft((current) => ({ ...current, [field]: value }));
  const complete = draft.customer !== '' && draft.time !== '';
  return (
    <form
      aria-label="Column mapping"
      className="space-y-4 rounded-xl border border-slate-200 bg-white p-5"
      onSubmit={(event) => {
        event.preventDefault();
        if (complete) onLoad(mappingOf(draft));
      }}
    >
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <ColumnSelect label="Customer" columns={columns} value={draft.customer} onChange={set('customer')} required />
        <ColumnSelect label="Time" columns={columns} value={draft.time} onChange={set('time')} required />
        <ColumnSelect label="Event name (optional)" columns={columns} value={draft.event} onChange={set('event')} />
        <ColumnSelect label="Order (optional)" columns={columns} value={draft.order} onChange={set('order')} />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="Amount (column or SQL expression)" value={draft.amount} onChange={set('amount')} />
        <TextField label="Where (optional SQL filter)" value={draft.where} onChange={set('where')} />
      </div>
      <button
        type="submit"
        disabled={!complete || loading}
        className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50"
      >
        Load
      </button>
    </form>
  );
}

interface FieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
}

function ColumnSelect({ label, columns, required = false, ...field }: FieldProps & { columns: FileColumn[]; required?: boolean }) {
  return (
    <Field label={label}>
      {(id) => (
        <select
          id={id}
          value={field.value}
          required={required}
          onChange={(event) => field.onChange(event.target.value)}
          className={inputClass}
        >
          <option value="">{required ? 'Choose a column' : 'None'}</option>
          {columns.map((column) => (
            <option key={column.name} value={column.name}>
              {column.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

function TextField({ label, value, onChange }: FieldProps) {
  return (
    <Field label={label}>
      {(id) => (
        <input
          id={id}
          type="text"
          value={value}
          spellCheck={false}
          onChange={(event) => onChange(event.target.value)}
          className={`${inputClass} font-mono`}
        />
      )}
    </Field>
  );
}

function Field({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children(id)}
    </div>
  );
}

'use client';
// A comparison of a trait or event property: operator, value and its type
// (a typed match: the text "1" is not the number 1).
import type { Comparison, Scalar } from '@/lib/contracts/segment';
import { comparisonLabels, comparisonOps } from './conditions';
import { Field, inputClass } from './fields';

type ValueType = 'text' | 'number' | 'boolean';

const typeOf = (value: Scalar): ValueType =>
  typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'text';

function scalarOf(text: string, type: ValueType): Scalar {
  if (type === 'number') return Number(text.trim() || 'NaN');
  if (type === 'boolean') return text.trim().toLowerCase() === 'true';
  return text;
}

const textOf = (value: Scalar) => String(value);

function withOp(current: Comparison, op: Comparison['op']): Comparison {
  const first: Scalar =
    'value' in current ? (Array.isArray(current.value) ? (current.value[0] ?? '') : current.value) : '';
  switch (op) {
    case 'eq':
    case 'neq':
      return { op, value: first };
    case 'in':
      return { op, value: [first] };
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return { op, value: typeof first === 'number' ? first : Number(first) || 0 };
    case 'contains':
    case 'startsWith':
      return { op, value: typeof first === 'string' ? first : String(first) };
    case 'exists':
    case 'notExists':
      return { op };
  }
}

export function ComparisonEditor({
  compare,
  onChange,
  label,
}: {
  compare: Comparison;
  onChange: (compare: Comparison) => void;
  /** What is compared, for the controls' names ("Trait plan", "Property category"). */
  label: string;
}) {
  const typed = compare.op === 'eq' || compare.op === 'neq' || compare.op === 'in';
  const values: Scalar[] = 'value' in compare ? (Array.isArray(compare.value) ? compare.value : [compare.value]) : [];
  const valueType: ValueType = values[0] === undefined ? 'text' : typeOf(values[0]);
  const setValues = (text: string, type: ValueType) => {
    if (compare.op === 'in') onChange({ op: 'in', value: text.split(',').map((part) => scalarOf(part.trim(), type)) });
    else if (compare.op === 'eq' || compare.op === 'neq') onChange({ op: compare.op, value: scalarOf(text, type) });
    else if (compare.op === 'contains' || compare.op === 'startsWith') onChange({ op: compare.op, value: text });
    else if (compare.op !== 'exists' && compare.op !== 'notExists') onChange({ op: compare.op, value: Number(text) });
  };
  const text = compare.op === 'in' ? values.map(textOf).join(', ') : values[0] === undefined ? '' : textOf(values[0]);
  return (
    <>
      <Field label={`${label}: comparison`}>
        {(id) => (
          <select
            id={id}
            className={inputClass}
            value={compare.op}
            onChange={(event) => onChange(withOp(compare, event.target.value as Comparison['op']))}
          >
            {comparisonOps.map((op) => (
              <option key={op} value={op}>
                {comparisonLabels[op]}
              </option>
            ))}
          </select>
        )}
      </Field>
      {compare.op !== 'exists' && compare.op !== 'notExists' ? (
        <Field label={`${label}: value${compare.op === 'in' ? 's (comma-separated)' : ''}`}>
          {(id) => (
            <input
              id={id}
              className={inputClass}
              type={['gt', 'gte', 'lt', 'lte'].includes(compare.op) ? 'number' : 'text'}
              value={text}
              onChange={(event) => setValues(event.target.value, valueType)}
            />
          )}
        </Field>
      ) : null}
      {typed ? (
        <Field label={`${label}: value type`}>
          {(id) => (
            <select
              id={id}
              className={inputClass}
              value={valueType}
              onChange={(event) => setValues(text, event.target.value as ValueType)}
            >
              <option value="text">text</option>
              <option value="number">number</option>
              <option value="boolean">true/false</option>
            </select>
          )}
        </Field>
      ) : null}
    </>
  );
}

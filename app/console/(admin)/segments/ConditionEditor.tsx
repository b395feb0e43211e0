'use client';
// The controls of one condition, by kind. Names of events and traits come from
// visitors: they appear as input values and <option> text, never as markup.
import { geoFields } from '@/lib/contracts/geo';
import { intentTiers, rfmSegmentNames, technographicFields, type SegmentCondition } from '@/lib/contracts/segment';
import { countryName } from '../_geo/country-name';
import { DbIpCredit } from '../_geo/DbIpCredit';
import { ComparisonEditor } from './ComparisonEditor';
import { without } from './conditions';
import { CheckboxGroup, Field, inputClass, NumberField, TextField, buttonClass } from './fields';
import type { DatasetVocabulary } from './useDatasetVocabulary';

interface ConditionEditorProps {
  condition: SegmentCondition;
  onChange: (condition: SegmentCondition) => void;
  vocabulary: DatasetVocabulary;
}

export function ConditionEditor({ condition, onChange, vocabulary }: ConditionEditorProps) {
  switch (condition.kind) {
    case 'event':
      return (
        <div className="space-y-2">
          <div className="flex flex-wrap items-end gap-3">
            <TextField
              label="Event name"
              list={vocabulary.eventListId}
              value={condition.name}
              onChange={(name) => onChange({ ...condition, name })}
            />
            <NumberField
              label="At least (times)"
              value={condition.atLeast}
              min={1}
              max={1_000_000}
              onChange={(atLeast) => onChange({ ...condition, atLeast: atLeast ?? 1 })}
            />
            <NumberField
              label="Within the last (days)"
              value={condition.withinDays}
              min={1}
              max={3650}
              optional
              onChange={(withinDays) => {
                onChange(withinDays === undefined ? without(condition, 'withinDays') : { ...condition, withinDays });
              }}
            />
          </div>
          {condition.where.map((filter, index) => (
            <div key={index} className="flex flex-wrap items-end gap-3 border-l-2 border-slate-200 pl-3">
              <TextField
                label="Property"
                value={filter.property}
                onChange={(property) =>
                  onChange({
                    ...condition,
                    where: condition.where.map((f, i) => (i === index ? { ...f, property } : f)),
                  })
                }
              />
              <ComparisonEditor
                label={`Property ${index + 1}`}
                compare={filter.compare}
                onChange={(compare) =>
                  onChange({
                    ...condition,
                    where: condition.where.map((f, i) => (i === index ? { ...f, compare } : f)),
                  })
                }
              />
              <button
                type="button"
                className={buttonClass}
                onClick={() => onChange({ ...condition, where: condition.where.filter((_, i) => i !== index) })}
              >
                Remove property filter
              </button>
            </div>
          ))}
          {condition.where.length < 10 ? (
            <button
              type="button"
              className={buttonClass}
              onClick={() =>
                onChange({
                  ...condition,
                  where: [...condition.where, { property: 'query', compare: { op: 'contains', value: '' } }],
                })
              }
            >
              Add property filter
            </button>
          ) : null}
        </div>
      );
    case 'rfmSegment':
      return (
        <CheckboxGroup
          legend="In any of these RFM segments"
          options={rfmSegmentNames}
          selected={condition.segments}
          onChange={(segments) => onChange({ ...condition, segments })}
        />
      );
    case 'rfmScore':
      return (
        <div className="flex flex-wrap gap-3">
          {(['r', 'f', 'm'] as const).map((axis) => {
            const range = condition[axis];
            const set = (next: [number, number] | undefined) => {
              onChange(next ? { ...condition, [axis]: next } : without(condition, axis));
            };
            return (
              <Field key={axis} label={`${axis.toUpperCase()} score from–to`}>
                {(id) => (
                  <div className="flex gap-1">
                    <select
                      id={id}
                      className={inputClass}
                      value={range ? String(range[0]) : ''}
                      onChange={(event) =>
                        set(event.target.value === '' ? undefined : [Number(event.target.value), range?.[1] ?? 5])
                      }
                    >
                      <option value="">any</option>
                      {[1, 2, 3, 4, 5].map((n) => (
                        <option key={n} value={n}>
                          {n}
                        </option>
                      ))}
                    </select>
                    <select
                      aria-label={`${axis.toUpperCase()} score up to`}
                      className={inputClass}
                      value={range ? String(range[1]) : ''}
                      disabled={!range}
                      onChange={(event) => set([range?.[0] ?? 1, Number(event.target.value)])}
                    >
                      <option value="">any</option>
                      {[1, 2, 3, 4, 5].map((n) => (
                        <option key={n} value={n}>
                          {n}
                        </option>
                      ))}
                    </select>
                  </div>
                )}
              </Field>
            );
          })}
        </div>
      );
    case 'trait':
      return (
        <div className="flex flex-wrap items-end gap-3">
          <TextField
            label="Trait"
            list={vocabulary.traitListId}
            value={condition.trait}
            onChange={(trait) => onChange({ ...condition, trait })}
          />
          <ComparisonEditor
            label="Trait"
            compare={condition.compare}
            onChange={(compare) => onChange({ ...condition, compare })}
          />
        </div>
      );
    case 'intent':
      return (
        <CheckboxGroup
          legend="Intent tier is"
          options={intentTiers}
          selected={condition.tiers}
          onChange={(tiers) => onChange({ ...condition, tiers })}
        />
      );
    case 'campaign':
      return (
        <div className="flex flex-wrap items-end gap-3">
          <Field label="Engagement">
            {(id) => (
              <select
                id={id}
                className={inputClass}
                value={condition.engagement}
                onChange={(event) =>
                  onChange({ ...condition, engagement: event.target.value as typeof condition.engagement })
                }
              >
                <option value="received">received a notification</option>
                <option value="clicked">clicked a notification</option>
                <option value="none">received none</option>
              </select>
            )}
          </Field>
          <Field label="Campaign id (optional)">
            {(id) => (
              <input
                id={id}
                className={inputClass}
                value={condition.campaignId ?? ''}
                onChange={(event) => {
                  onChange(
                    event.target.value === ''
                      ? without(condition, 'campaignId')
                      : { ...condition, campaignId: event.target.value },
                  );
                }}
              />
            )}
          </Field>
          <NumberField
            label="Within the last (days)"
            value={condition.withinDays}
            min={1}
            max={3650}
            optional
            onChange={(withinDays) => {
              onChange(withinDays === undefined ? without(condition, 'withinDays') : { ...condition, withinDays });
            }}
          />
        </div>
      );
    case 'technographic':
      return (
        <div className="flex flex-wrap items-end gap-3">
          <Field label="Field">
            {(id) => (
              <select
                id={id}
                className={inputClass}
                value={condition.field}
                onChange={(event) => onChange({ ...condition, field: event.target.value as typeof condition.field })}
              >
                {technographicFields.map((field) => (
                  <option key={field} value={field}>
                    {field}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Match">
            {(id) => (
              <select
                id={id}
                className={inputClass}
                value={condition.op}
                onChange={(event) => onChange({ ...condition, op: event.target.value as typeof condition.op })}
              >
                <option value="in">is one of</option>
                <option value="notIn">is none of</option>
                <option value="startsWith">starts with</option>
              </select>
            )}
          </Field>
          <Field label="Values (comma-separated)">
            {(id) => (
              <input
                id={id}
                className={inputClass}
                value={condition.values.join(', ')}
                onChange={(event) =>
                  onChange({ ...condition, values: event.target.value.split(',').map((value) => value.trim()) })
                }
              />
            )}
          </Field>
        </div>
      );
    case 'geo':
      return <GeoEditor condition={condition} onChange={onChange} vocabulary={vocabulary} />;
  }
}

const geoFieldLabels = { country: 'Country', region: 'Region', city: 'City' } as const;
const splitValues = (text: string) => text.split(',').map((value) => value.trim());

/** Country, region or city: countries picked from those in the data, regions and cities typed (with suggestions). */
function GeoEditor({
  condition,
  onChange,
  vocabulary,
}: {
  condition: Extract<SegmentCondition, { kind: 'geo' }>;
  onChange: (condition: SegmentCondition) => void;
  vocabulary: DatasetVocabulary;
}) {
  // A saved segment may name a country no loaded visitor is in: it stays listed, and selected.
  const countries = [...new Set([...vocabulary.countries, ...(condition.field === 'country' ? condition.values : [])])];
  return (
    <div className="space-y-1">
      <div className="flex flex-wrap items-end gap-3">
        <Field label="Place">
          {(id) => (
            <select
              id={id}
              className={inputClass}
              value={condition.field}
              onChange={(event) => {
                const field = event.target.value as typeof condition.field;
                onChange({
                  ...condition,
                  field,
                  values: field === 'country' ? [vocabulary.countries[0] ?? 'US'] : [''],
                });
              }}
            >
              {geoFields.map((field) => (
                <option key={field} value={field}>
                  {geoFieldLabels[field]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Match">
          {(id) => (
            <select
              id={id}
              className={inputClass}
              value={condition.op}
              onChange={(event) => onChange({ ...condition, op: event.target.value as typeof condition.op })}
            >
              <option value="in">is one of</option>
              <option value="notIn">is none of</option>
            </select>
          )}
        </Field>
        {condition.field !== 'country' ? (
          <Field label={`${geoFieldLabels[condition.field]} names (comma-separated)`}>
            {(id) => (
              <input
                id={id}
                list={condition.field === 'region' ? vocabulary.regionListId : vocabulary.cityListId}
                className={inputClass}
                value={condition.values.join(', ')}
                onChange={(event) => onChange({ ...condition, values: splitValues(event.target.value) })}
              />
            )}
          </Field>
        ) : countries.length > 0 ? (
          <Field label="Countries">
            {(id) => (
              <select
                id={id}
                multiple
                size={Math.min(6, countries.length)}
                className={inputClass}
                value={condition.values}
                onChange={(event) =>
                  onChange({ ...condition, values: [...event.target.selectedOptions].map((option) => option.value) })
                }
              >
                {countries.map((code) => (
                  <option key={code} value={code}>
                    {countryName(code)} ({code})
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : (
          <Field label="Country codes (comma-separated, e.g. FR, US)">
            {(id) => (
              <input
                id={id}
                className={inputClass}
                value={condition.values.join(', ')}
                onChange={(event) => onChange({ ...condition, values: splitValues(event.target.value.toUpperCase()) })}
              />
            )}
          </Field>
        )}
      </div>
      <DbIpCredit />
    </div>
  );
}

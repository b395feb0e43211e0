'use client';
// The segment tree as nested groups: each group matches all or any of its
// items; any item can be negated (NOT). Every control is a native, labelled
// input, select or button, so the builder works by keyboard alone.
import { useState } from 'react';
import type { SegmentTree } from '@/lib/contracts/segment';
import { conditionSummary } from './condition-summary';
import { ConditionEditor } from './ConditionEditor';
import { conditionKindLabels, conditionKinds, newCondition, type ConditionKind } from './conditions';
import { buttonClass, Field, inputClass } from './fields';
import type { DatasetVocabulary } from './useDatasetVocabulary';

type Group = { all: SegmentTree[] } | { any: SegmentTree[] };

interface BuilderProps {
  tree: Group;
  onChange: (tree: Group) => void;
  vocabulary: DatasetVocabulary;
}

export function SegmentBuilder({ tree, onChange, vocabulary }: BuilderProps) {
  return (
    <div data-testid="segment-builder">
      <GroupEditor group={tree} onChange={onChange} vocabulary={vocabulary} depth={1} path="Segment" number="" />
      {vocabulary.events.length > 0 ? (
        <datalist id={vocabulary.eventListId}>
          {vocabulary.events.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
      ) : null}
      {(['regions', 'cities'] as const).map((field) => (
        <datalist key={field} id={field === 'regions' ? vocabulary.regionListId : vocabulary.cityListId}>
          {vocabulary[field].map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
      ))}
      <datalist id={vocabulary.traitListId}>
        {vocabulary.traits.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
    </div>
  );
}

const itemsOf = (group: Group) => ('all' in group ? group.all : group.any);
const withItems = (group: Group, items: SegmentTree[]): Group => ('all' in group ? { all: items } : { any: items });
const isGroup = (node: SegmentTree): node is Group => 'all' in node || 'any' in node;

interface GroupEditorProps {
  group: Group;
  onChange: (group: Group) => void;
  vocabulary: DatasetVocabulary;
  depth: number;
  /** Names the group's controls for assistive technology ("Segment", "Segment, group 2"). */
  path: string;
  /** The group's own number ("3" for item 3 of the segment; "" for the segment itself). */
  number: string;
}

function GroupEditor({ group, onChange, vocabulary, depth, path, number }: GroupEditorProps) {
  const items = itemsOf(group);
  const [kind, setKind] = useState<ConditionKind>('event');
  const set = (index: number, node: SegmentTree) =>
    onChange(
      withItems(
        group,
        items.map((n, i) => (i === index ? node : n)),
      ),
    );
  const remove = (index: number) =>
    onChange(
      withItems(
        group,
        items.filter((_, i) => i !== index),
      ),
    );
  return (
    <fieldset className="space-y-3 rounded-xl border border-slate-200 bg-white p-3 sm:p-4">
      <legend className="sr-only">{path}</legend>
      <Field label={`${path}: match`}>
        {(id) => (
          <select
            id={id}
            className={`${inputClass} w-auto`}
            value={'all' in group ? 'all' : 'any'}
            onChange={(event) => onChange(event.target.value === 'all' ? { all: items } : { any: items })}
          >
            <option value="all">all of these (AND)</option>
            <option value="any">any of these (OR)</option>
          </select>
        )}
      </Field>
      {items.length === 0 ? (
        <p className="text-sm text-slate-600">
          {'all' in group ? 'No conditions: everyone matches.' : 'No conditions: nobody matches.'}
        </p>
      ) : null}
      <ol className="space-y-3">
        {items.map((node, index) => (
          <li key={index}>
            <ItemEditor
              node={node}
              onChange={(next) => set(index, next)}
              onRemove={() => remove(index)}
              vocabulary={vocabulary}
              depth={depth}
              path={`${path}, item ${index + 1}`}
              number={number ? `${number}.${index + 1}` : String(index + 1)}
            />
          </li>
        ))}
      </ol>
      <div className="flex flex-wrap items-end gap-2">
        <Field label={`${path}: new condition`}>
          {(id) => (
            <select
              id={id}
              className={`${inputClass} w-auto`}
              value={kind}
              onChange={(event) => setKind(event.target.value as ConditionKind)}
            >
              {conditionKinds.map((k) => (
                <option key={k} value={k}>
                  {conditionKindLabels[k]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button
          type="button"
          className={buttonClass}
          onClick={() => onChange(withItems(group, [...items, newCondition(kind)]))}
        >
          Add condition
        </button>
        {depth < 7 ? (
          <button
            type="button"
            className={buttonClass}
            onClick={() => onChange(withItems(group, [...items, { any: [] }]))}
          >
            Add group
          </button>
        ) : null}
      </div>
    </fieldset>
  );
}

interface ItemEditorProps {
  node: SegmentTree;
  onChange: (node: SegmentTree) => void;
  onRemove: () => void;
  vocabulary: DatasetVocabulary;
  depth: number;
  path: string;
  /** "2", or "3.1" for the first item of the group at item 3: names the item's own controls. */
  number: string;
}

function ItemEditor({ node, onChange, onRemove, vocabulary, depth, path, number }: ItemEditorProps) {
  const negated = 'not' in node;
  const inner = 'not' in node ? node.not : node;
  // Each row's controls say which condition they act on ("Remove condition 2: country is PT"),
  // not just "Remove": a screen reader lists them out of their visual context.
  const item = `${isGroup(inner) ? 'group' : 'condition'} ${number}: ${conditionSummary(inner)}`;
  const setInner = (next: SegmentTree) => onChange(negated ? { not: next } : next);
  const title = isGroup(inner) ? 'Group' : 'not' in inner ? 'Negation' : conditionKindLabels[inner.kind];
  return (
    <div
      className={`rounded-lg border p-3 ${negated ? 'border-amber-300 bg-amber-50' : 'border-slate-200 bg-slate-50'}`}
    >
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <span className="text-sm font-medium">
          {negated ? 'NOT · ' : ''}
          {title}
        </span>
        <div className="flex items-center gap-3">
          <label className="flex items-center gap-1 text-sm">
            <input
              type="checkbox"
              checked={negated}
              aria-label={`Exclude (NOT) ${item}`}
              onChange={() => onChange(negated ? inner : { not: node })}
            />
            Exclude (NOT)
          </label>
          <button type="button" className={buttonClass} aria-label={`Remove ${item}`} onClick={onRemove}>
            Remove
          </button>
        </div>
      </div>
      {isGroup(inner) ? (
        <GroupEditor
          group={inner}
          onChange={setInner}
          vocabulary={vocabulary}
          depth={depth + 1}
          path={`${path} group`}
          number={number}
        />
      ) : 'not' in inner ? (
        <ItemEditor
          node={inner}
          onChange={setInner}
          onRemove={onRemove}
          vocabulary={vocabulary}
          depth={depth + 1}
          path={path}
          number={number}
        />
      ) : (
        <ConditionEditor condition={inner} onChange={setInner} vocabulary={vocabulary} />
      )}
    </div>
  );
}

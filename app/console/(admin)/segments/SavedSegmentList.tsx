'use client';
// The saved segments: name, description, version, size, share, size over time,
// published state; open, rename, duplicate, publish, delete (confirmed); pick
// two or three to compare.
import { useEffect, useRef, useState } from 'react';
import { Sparkline } from '../_charts/Sparkline';
import { ConfirmDialog } from '../_members/ConfirmDialog';
import { buttonClass, inputClass } from './fields';
import type { SavedSegment } from './saved-segments';
import type { SavedSegmentsState } from './useSavedSegmentsQuery';

const numberFormat = new Intl.NumberFormat('en');

interface SavedSegmentListProps {
  state: SavedSegmentsState;
  openId: number | null;
  compared: number[];
  onOpen: (segment: SavedSegment) => void;
  onRename: (segment: SavedSegment, name: string) => Promise<void>;
  onDuplicate: (segment: SavedSegment) => Promise<void>;
  onDelete: (segment: SavedSegment) => Promise<void>;
  onPublish: (segment: SavedSegment, published: boolean) => Promise<void>;
  onCompare: (ids: number[]) => void;
  onRetry: () => void;
}

export function SavedSegmentList(props: SavedSegmentListProps) {
  const { state } = props;
  const [deleting, setDeleting] = useState<SavedSegment | null>(null);
  if (state.status === 'loading') return <p className="text-sm text-slate-600">Loading saved segments…</p>;
  if (state.status === 'error') {
    return (
      <div role="alert" className="rounded-xl border border-red-200 bg-red-50 p-4 text-sm text-red-800">
        <p className="font-semibold">The saved segments could not be loaded.</p>
        <p className="mt-1">{state.message}</p>
        <button type="button" className={`${buttonClass} mt-2`} onClick={props.onRetry}>
          Try again
        </button>
      </div>
    );
  }
  if (state.data.length === 0) {
    return (
      <p
        className="rounded-xl border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-600"
        data-testid="saved-empty"
      >
        No saved segments yet. Build one above and save it.
      </p>
    );
  }
  return (
    <>
      <ul className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white" aria-label="Saved segments">
        {state.data.map((segment) => (
          <SavedSegmentRow key={segment.id} segment={segment} {...props} onAskDelete={() => setDeleting(segment)} />
        ))}
      </ul>
      <ConfirmDialog
        open={deleting !== null}
        title="Delete this segment?"
        message={deleting ? `“${deleting.name}” and its size history will be deleted. This cannot be undone.` : ''}
        confirmLabel="Delete"
        onCancel={() => setDeleting(null)}
        onConfirm={() => {
          const target = deleting;
          setDeleting(null);
          if (target) void props.onDelete(target);
        }}
      />
    </>
  );
}

function SavedSegmentRow({
  segment,
  openId,
  compared,
  onOpen,
  onRename,
  onDuplicate,
  onPublish,
  onCompare,
  onAskDelete,
}: SavedSegmentListProps & { segment: SavedSegment; onAskDelete: () => void }) {
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(segment.name);
  const renameButton = useRef<HTMLButtonElement>(null);
  const wasRenaming = useRef(false);
  // The name field goes away when the rename is done or cancelled: the keyboard goes back
  // to this segment's Rename button instead of falling to the top of the page.
  useEffect(() => {
    if (wasRenaming.current && !renaming) renameButton.current?.focus();
    wasRenaming.current = renaming;
  }, [renaming]);
  const latest = segment.sizeHistory.at(-1);
  const isCompared = compared.includes(segment.id);
  return (
    <li className="flex flex-col gap-2 p-3 lg:flex-row lg:items-center" data-testid="saved-segment">
      <div className="min-w-0 flex-1">
        {renaming ? (
          <form
            className="flex gap-2"
            onSubmit={(event) => {
              event.preventDefault();
              void onRename(segment, name).then(() => setRenaming(false));
            }}
          >
            <input
              aria-label={`New name for ${segment.name}`}
              className={inputClass}
              value={name}
              maxLength={120}
              onChange={(event) => setName(event.target.value)}
              onKeyDown={(event) => {
                if (event.key !== 'Escape') return;
                setName(segment.name);
                setRenaming(false);
              }}
              autoFocus
            />
            <button type="submit" className={buttonClass}>
              Save name
            </button>
          </form>
        ) : (
          <p className="font-medium break-words">
            {segment.name} <span className="text-xs font-normal text-slate-600">v{segment.version}</span>
            {segment.id === openId ? <span className="ml-2 text-xs text-brand-700">(open)</span> : null}
            {segment.publishedAt ? (
              <span className="ml-2 rounded bg-emerald-100 px-1.5 py-0.5 text-xs text-emerald-900">published</span>
            ) : null}
          </p>
        )}
        {segment.description ? <p className="text-sm break-words text-slate-600">{segment.description}</p> : null}
        <p className="text-xs text-slate-600">
          {latest
            ? `${numberFormat.format(latest.size)} members · ${(latest.share * 100).toFixed(1)}% of all customers`
            : 'not sized yet'}
        </p>
      </div>
      <Sparkline points={segment.sizeHistory} label={`Size of ${segment.name} over time`} />
      <div className="flex flex-wrap items-center gap-2">
        <label className="flex items-center gap-1 text-sm">
          <input
            type="checkbox"
            checked={isCompared}
            disabled={!isCompared && compared.length >= 5}
            onChange={() =>
              onCompare(isCompared ? compared.filter((id) => id !== segment.id) : [...compared, segment.id])
            }
          />
          Compare
        </label>
        <button
          type="button"
          className={buttonClass}
          onClick={() => onOpen(segment)}
          aria-label={`Open ${segment.name}`}
        >
          Open
        </button>
        <button
          ref={renameButton}
          type="button"
          className={buttonClass}
          aria-expanded={renaming}
          onClick={() => setRenaming((r) => !r)}
          aria-label={`Rename ${segment.name}`}
        >
          Rename
        </button>
        <button
          type="button"
          className={buttonClass}
          onClick={() => void onDuplicate(segment)}
          aria-label={`Duplicate ${segment.name}`}
        >
          Duplicate
        </button>
        <button
          type="button"
          className={buttonClass}
          onClick={() => void onPublish(segment, segment.publishedAt === null)}
          aria-label={`${segment.publishedAt ? 'Unpublish' : 'Publish'} ${segment.name}`}
        >
          {segment.publishedAt ? 'Unpublish' : 'Publish'}
        </button>
        <button type="button" className={buttonClass} onClick={onAskDelete} aria-label={`Delete ${segment.name}`}>
          Delete
        </button>
      </div>
    </li>
  );
}

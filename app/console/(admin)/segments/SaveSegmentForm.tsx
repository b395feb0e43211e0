'use client';
// Saves the segment being edited: as a new segment, or (when a saved one is
// open) as its new version. Either way the current size goes into its history.
// With a segment open, its new version is the primary action (and Enter's).
import { useState } from 'react';
import { buttonClass, Field, inputClass, primaryButtonClass } from './fields';
import type { SavedSegment } from './saved-segments';

interface SaveSegmentFormProps {
  open: SavedSegment | null;
  canSave: boolean;
  /** Resolves to the name saved under (a taken name gets "(copy)"). */
  onSaveNew: (name: string, description: string) => Promise<string>;
  onSaveVersion: (segment: SavedSegment, name: string, description: string) => Promise<void>;
}

export function SaveSegmentForm({ open, canSave, onSaveNew, onSaveVersion }: SaveSegmentFormProps) {
  const [name, setName] = useState(open?.name ?? '');
  const [description, setDescription] = useState(open?.description ?? '');
  const [status, setStatus] = useState<'idle' | 'saving' | { error: string } | { saved: string }>('idle');
  const run = async (work: () => Promise<string>) => {
    setStatus('saving');
    try {
      setStatus({ saved: await work() });
    } catch (error) {
      setStatus({ error: error instanceof Error ? error.message : String(error) });
    }
  };
  const saveNew = () =>
    run(async () => {
      const savedAs = await onSaveNew(name.trim(), description);
      return savedAs === name.trim() ? 'Saved.' : `Saved as “${savedAs}”.`;
    });
  const saveVersion = (segment: SavedSegment) =>
    run(async () => {
      await onSaveVersion(segment, name.trim(), description);
      return 'Saved as a new version.';
    });
  const disabled = !canSave || name.trim() === '' || status === 'saving';
  return (
    <form
      aria-label="Save segment"
      className="space-y-3 rounded-xl border border-slate-200 bg-white p-4"
      onSubmit={(event) => {
        event.preventDefault();
        void (open ? saveVersion(open) : saveNew());
      }}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Segment name">
          {(id) => (
            <input
              id={id}
              className={inputClass}
              value={name}
              maxLength={120}
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </Field>
        <Field label="Description">
          {(id) => (
            <input
              id={id}
              className={inputClass}
              value={description}
              maxLength={2000}
              onChange={(e) => setDescription(e.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        {open ? (
          <button type="submit" className={primaryButtonClass} disabled={disabled}>
            Save new version of “{open.name}”
          </button>
        ) : null}
        <button
          type={open ? 'button' : 'submit'}
          className={open ? buttonClass : primaryButtonClass}
          disabled={disabled}
          onClick={open ? () => void saveNew() : undefined}
        >
          Save as new segment
        </button>
        <span className="text-sm" role="status">
          {status === 'saving' ? 'Saving…' : typeof status === 'object' && 'saved' in status ? status.saved : ''}
        </span>
      </div>
      {typeof status === 'object' && 'error' in status ? (
        <p role="alert" className="text-sm text-red-800">
          Not saved: {status.error}
        </p>
      ) : null}
    </form>
  );
}

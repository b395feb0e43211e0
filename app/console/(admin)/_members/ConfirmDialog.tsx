'use client';
// A modal confirmation on the native <dialog> (focus moves in and is trapped;
// Escape cancels) for actions that cannot be undone.
import { useEffect, useRef } from 'react';

interface ConfirmDialogProps {
  open: boolean;
  title: string;
  message: string;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}

export function ConfirmDialog({ open, title, message, confirmLabel, onConfirm, onCancel }: ConfirmDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return (
    <dialog
      ref={dialog}
      aria-labelledby="confirm-title"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
      className="m-auto max-w-sm rounded-xl border border-slate-200 p-5 shadow-xl backdrop:bg-slate-900/40"
    >
      <h2 id="confirm-title" className="font-semibold">
        {title}
      </h2>
      <p className="mt-2 text-sm text-slate-700">{message}</p>
      <div className="mt-4 flex justify-end gap-2">
        <button
          type="button"
          onClick={onCancel}
          className="rounded-lg border border-slate-300 px-3 py-1.5 text-sm"
          autoFocus
        >
          Cancel
        </button>
        <button
          type="button"
          onClick={onConfirm}
          className="rounded-lg bg-red-700 px-3 py-1.5 text-sm font-medium text-white"
        >
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}

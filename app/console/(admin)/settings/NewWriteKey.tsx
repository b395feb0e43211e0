'use client';
// The key just created, shown this once: only its hash is stored.
import { useState } from 'react';
import type { CreatedWriteKey } from '@/lib/contracts/write-key';

export function NewWriteKey({ created, onDismiss }: { created: CreatedWriteKey; onDismiss: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div role="status" className="space-y-2 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm">
      <p>
        Write key <strong>{created.writeKey.name}</strong> created. Copy it now: it is not shown again.
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <code aria-label="New write key" className="rounded bg-white px-2 py-1 font-mono break-all">
          {created.key}
        </code>
        <button
          type="button"
          className="rounded-md border border-slate-300 bg-white px-2 py-1"
          onClick={() => void navigator.clipboard?.writeText(created.key).then(() => setCopied(true))}
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
        <button type="button" className="text-slate-700 underline" onClick={onDismiss}>
          Done
        </button>
      </div>
    </div>
  );
}

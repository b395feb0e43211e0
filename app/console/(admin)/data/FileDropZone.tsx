'use client';
// A drop zone that is also a real file input: click, keyboard (it is a labelled
// <input type="file">) or drag and drop.
import { useState } from 'react';

export const acceptedFileTypes = '.csv,.parquet,.json,.txt';

export function FileDropZone({ disabled, onFile }: { disabled: boolean; onFile: (file: File) => void }) {
  const [dragging, setDragging] = useState(false);
  return (
    <label
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        const file = event.dataTransfer.files[0];
        if (file && !disabled) onFile(file);
      }}
      className={`block cursor-pointer rounded-xl border-2 border-dashed p-8 text-center focus-within:ring-2 focus-within:ring-brand-600 ${
        dragging ? 'border-brand-600 bg-brand-50' : 'border-slate-300 bg-white hover:bg-slate-50'
      }`}
    >
      <span className="block font-medium">Drop a file here, or choose one</span>
      <span className="mt-1 block text-sm text-slate-600">
        CSV, Parquet, JSON, or whitespace-separated text (.txt, like CDNOW). It stays in this browser.
      </span>
      <input
        type="file"
        accept={acceptedFileTypes}
        disabled={disabled}
        aria-label="Data file"
        className="sr-only"
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file) onFile(file);
          // Choosing the same file again must read it again.
          event.target.value = '';
        }}
      />
    </label>
  );
}

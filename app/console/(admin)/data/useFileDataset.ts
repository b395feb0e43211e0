'use client';
// A file in the analytics worker: `attach` reads it and gives its preview,
// `load` applies a column mapping. A newer file makes older answers stale.
import { useEffect, useRef, useState } from 'react';
import type { WorkerEngine } from '@/lib/analytics/worker-client';
import type { ColumnMapping, FilePreview } from '@/lib/contracts/analytics';
import { errorMessage } from './format';
import type { LoadState } from './load-state';

export type FileState =
  | { status: 'empty' }
  | { status: 'reading'; name: string }
  | { status: 'unreadable'; name: string; message: string }
  | { status: 'ready'; name: string; preview: FilePreview; id: number };

export function useFileDataset(engine: WorkerEngine | null) {
  const [file, setFile] = useState<FileState>({ status: 'empty' });
  const [load, setLoad] = useState<LoadState | null>(null);
  // Bumped by every attach and on unmount: answers for an older generation are dropped.
  const generation = useRef(0);
  useEffect(() => () => void generation.current++, []);

  async function attach(chosen: File) {
    if (!engine) return;
    const id = ++generation.current;
    const current = () => generation.current === id;
    setFile({ status: 'reading', name: chosen.name });
    setLoad(null);
    try {
      const bytes = new Uint8Array(await chosen.arrayBuffer());
      // The bytes move to the worker: this page has no further use for them.
      const preview = await engine.attachFile({ file: { name: chosen.name, bytes } }, { transfer: [bytes.buffer] });
      if (current()) setFile({ status: 'ready', name: chosen.name, preview, id });
    } catch (error) {
      if (current()) setFile({ status: 'unreadable', name: chosen.name, message: errorMessage(error) });
    }
  }

  async function loadWith(mapping: ColumnMapping) {
    if (!engine || file.status !== 'ready') return;
    const id = generation.current;
    const current = () => generation.current === id;
    const started = performance.now();
    setLoad({ status: 'loading', progress: null });
    try {
      const summary = await engine.loadFile(
        { mapping },
        { onProgress: (progress) => current() && setLoad({ status: 'loading', progress }) },
      );
      if (current()) setLoad({ status: 'loaded', summary, seconds: (performance.now() - started) / 1000 });
    } catch (error) {
      if (current()) setLoad({ status: 'error', message: errorMessage(error) });
    }
  }

  return { file, load, attach, loadWith };
}

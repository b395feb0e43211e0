'use client';
// A file in the analytics worker: `attach` reads it and gives its preview,
// `loadWith` loads it with a column mapping as the console's shared dataset.
// A newer file makes older answers stale.
import { useEffect, useRef, useState } from 'react';
import type { FilePreview } from '@/lib/contracts/analytics';
import type { ColumnMapping } from '@/lib/contracts/analytics';
import type { DatasetContextValue } from '../DatasetProvider';
import { errorMessage } from './format';

export type FileState =
  | { status: 'empty' }
  | { status: 'reading'; name: string }
  | { status: 'unreadable'; name: string; message: string }
  | { status: 'ready'; name: string; preview: FilePreview; id: number };

export function useFileDataset({ engine, load }: DatasetContextValue) {
  const [file, setFile] = useState<FileState>({ status: 'empty' });
  // Bumped by every attach and on unmount: answers for an older generation are dropped.
  const generation = useRef(0);
  useEffect(() => () => void generation.current++, []);

  async function attach(chosen: File) {
    if (!engine) return;
    const id = ++generation.current;
    const current = () => generation.current === id;
    setFile({ status: 'reading', name: chosen.name });
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
    if (file.status !== 'ready') return;
    await load({ kind: 'file', name: file.name, mapping });
  }

  return { file, attach, loadWith };
}

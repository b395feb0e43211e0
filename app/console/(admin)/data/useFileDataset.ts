'use client';
// A file in the analytics worker: `attach` reads it and gives its preview,
// `loadWith` loads it with a column mapping as the console's shared dataset.
// A newer file makes older answers stale.
import { useEffect, useRef, useState } from 'react';
import type { FilePreview } from '@/lib/contracts/analytics';
import type { ColumnMapping } from '@/lib/contracts/analytics';
import type { DatasetContextValue } from '../DatasetProvider';
import { errorMessage } from './format';
import { firstRowLooksLikeData } from './header-guess';

export type FileState =
  | { status: 'empty' }
  | { status: 'reading'; name: string }
  | { status: 'unreadable'; name: string; message: string }
  | { status: 'ready'; name: string; preview: FilePreview; id: number; header: boolean };

export function useFileDataset({ engine, load }: DatasetContextValue) {
  const [file, setFile] = useState<FileState>({ status: 'empty' });
  // Bumped by every attach and on unmount: answers for an older generation are dropped.
  const generation = useRef(0);
  useEffect(() => () => void generation.current++, []);

  // Kept to read the file again when the marketer says whether its first row is a header.
  const chosenFile = useRef<File | null>(null);

  /** Without `header`, the first row is a header unless its cells all look like data. */
  async function attach(chosen: File, header?: boolean) {
    if (!engine) return;
    chosenFile.current = chosen;
    const id = ++generation.current;
    const current = () => generation.current === id;
    setFile({ status: 'reading', name: chosen.name });
    const read = async (withHeader: boolean) => {
      const bytes = new Uint8Array(await chosen.arrayBuffer());
      // The bytes move to the worker: this page has no further use for them.
      return engine.attachFile(
        { file: { name: chosen.name, bytes, header: withHeader } },
        { transfer: [bytes.buffer] },
      );
    };
    try {
      let withHeader = header ?? true;
      let preview = await read(withHeader);
      const textFile = preview.format === 'csv' || preview.format === 'whitespace';
      if (header === undefined && textFile && firstRowLooksLikeData(preview.columns.map((column) => column.name))) {
        withHeader = false;
        preview = await read(false);
      }
      if (current()) setFile({ status: 'ready', name: chosen.name, preview, id, header: withHeader });
    } catch (error) {
      if (current()) setFile({ status: 'unreadable', name: chosen.name, message: errorMessage(error) });
    }
  }

  async function loadWith(mapping: ColumnMapping) {
    if (file.status !== 'ready') return;
    await load({ kind: 'file', name: file.name, mapping });
  }

  function setHeader(header: boolean) {
    if (chosenFile.current) void attach(chosenFile.current, header);
  }

  return { file, attach, loadWith, setHeader };
}

'use client';
// A file as the data source: choose or drop it, check its preview, map its
// columns, load it. The file never leaves the browser.
import type { DatasetContextValue } from '../DatasetProvider';
import { ColumnMappingForm } from './ColumnMappingForm';
import { FileDropZone } from './FileDropZone';
import { FilePreviewHeader } from './FilePreviewHeader';
import { FileSampleTable } from './FileSampleTable';
import { loadStateOf } from './load-state';
import { ErrorNote, LoadResult } from './LoadResult';
import { useFileDataset } from './useFileDataset';

export function FileSource({ dataset }: { dataset: DatasetContextValue }) {
  const { engine } = dataset;
  const { file, attach, loadWith, setHeader } = useFileDataset(dataset);
  const load = loadStateOf(dataset.state, 'file');
  return (
    <div className="space-y-4">
      <FileDropZone disabled={engine === null || file.status === 'reading'} onFile={(chosen) => void attach(chosen)} />
      {file.status === 'reading' ? (
        <p className="text-sm text-slate-600" aria-live="polite">
          Reading {file.name}…
        </p>
      ) : null}
      {file.status === 'unreadable' ? (
        <ErrorNote title={`${file.name} could not be read.`} message={file.message} />
      ) : null}
      {file.status === 'ready' ? (
        <section className="space-y-4" aria-label="File preview">
          <FilePreviewHeader name={file.name} preview={file.preview} />
          {file.preview.format === 'csv' || file.preview.format === 'whitespace' ? (
            <label className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={file.header}
                onChange={(event) => setHeader(event.target.checked)}
                className="size-4"
              />
              First row is a header
              <span className="text-slate-600">(without one, columns are named column0, column1, …)</span>
            </label>
          ) : null}
          <FileSampleTable preview={file.preview} />
          <ColumnMappingForm
            key={file.id}
            preview={file.preview}
            loading={load?.status === 'loading'}
            onLoad={(mapping) => void loadWith(mapping)}
          />
        </section>
      ) : null}
      {load ? (
        <LoadResult
          state={load}
          failure="The file could not be loaded."
          empty={
            <p className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-sm" data-testid="dataset-empty">
              No row of the file has both a customer and a time under this mapping and filter.
            </p>
          }
        />
      ) : null}
    </div>
  );
}

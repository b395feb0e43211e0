// A read file's name, format and size, above its sample rows.
import type { FileFormat, FilePreview } from '@/lib/contracts/analytics';
import { numberFormat } from './format';

const formatNames = {
  csv: 'CSV',
  parquet: 'Parquet',
  json: 'JSON',
  whitespace: 'Whitespace-separated text',
} as const satisfies Record<FileFormat, string>;

export function FilePreviewHeader({ name, preview }: { name: string; preview: FilePreview }) {
  return (
    <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
      <h2 className="font-semibold break-all">{name}</h2>
      <p className="text-sm text-slate-600">
        <span data-testid="file-format">{formatNames[preview.format]}</span> ·{' '}
        <span data-testid="file-rows">{numberFormat.format(preview.rows)}</span> rows · first{' '}
        {numberFormat.format(preview.sample.length)} shown
      </p>
    </div>
  );
}

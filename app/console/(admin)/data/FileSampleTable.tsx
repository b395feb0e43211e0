// The first rows of a file, every value as text (never as HTML).
import type { FilePreview } from '@/lib/contracts/analytics';
import { cellText } from './format';

export function FileSampleTable({ preview }: { preview: FilePreview }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="min-w-full text-left text-sm" data-testid="file-sample">
        <caption className="sr-only">First rows of the file</caption>
        <thead className="bg-slate-50 text-slate-600">
          <tr>
            {preview.columns.map((column) => (
              <th key={column.name} scope="col" className="px-3 py-2 font-medium whitespace-nowrap">
                {column.name} <span className="text-xs font-normal text-slate-400">{column.type}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {preview.sample.map((row, index) => (
            <tr key={index}>
              {preview.columns.map((column) => (
                <td key={column.name} className="px-3 py-1.5 whitespace-nowrap tabular-nums">
                  {cellText(row[column.name], column.type)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

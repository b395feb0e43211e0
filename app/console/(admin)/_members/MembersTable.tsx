'use client';
// A segment's members: the columns that define it, sorted by any column (in the
// engine), paged, and virtualised within a page (only the rows in view are in
// the DOM). "Export CSV" writes every member, not just this page. Values are
// React text: a visitor's id or trait shows as typed, never as markup.
import { useVirtualizer } from '@tanstack/react-virtual';
import Link from 'next/link';
import { useRef, useState } from 'react';
import type { WorkerEngine } from '@/lib/analytics/worker-client';
import { formatMoney } from '@/lib/analytics/money-format';
import type { MemberColumn, MemberPage } from '@/lib/contracts/analytics';
import type { SegmentTree } from '@/lib/contracts/segment';
import { downloadSegmentCsv } from './download-csv';
import { memberPageSize, useMemberPageQuery, type MemberQuery } from './useMemberPageQuery';

const numberFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });
const rowHeight = 36;

const cellText = (value: MemberPage['rows'][number][number], type: MemberColumn['type'] | undefined) =>
  value === null
    ? '—'
    : typeof value === 'number'
      ? type === 'money'
        ? formatMoney(value)
        : numberFormat.format(value)
      : String(value);

interface MembersTableProps {
  engine: WorkerEngine | null;
  tree: SegmentTree;
  generation: number;
  /** The table's caption, e.g. "Members of At risk". */
  title: string;
  /** File name of the CSV export, without extension. */
  fileName: string;
}

export function MembersTable({ engine, tree, generation, title, fileName }: MembersTableProps) {
  const [query, setQuery] = useState<MemberQuery>({ page: 0, sort: { column: 0, descending: false } });
  const treeKey = JSON.stringify(tree);
  const [forTree, setForTree] = useState(treeKey);
  if (forTree !== treeKey) {
    // A new segment starts at its first page.
    setForTree(treeKey);
    setQuery((q) => ({ ...q, page: 0 }));
  }
  const state = useMemberPageQuery(engine, tree, query, generation, `members:${title}`);
  const page = state.status === 'loaded' ? state.page : state.status === 'loading' ? state.previous : null;
  const [exporting, setExporting] = useState<'idle' | 'running' | { error: string } | { rows: number }>('idle');
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: page?.rows.length ?? 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 10,
  });
  const pages = page ? Math.max(1, Math.ceil(page.total / memberPageSize)) : 1;
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = items.length > 0 ? virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0) : 0;

  async function exportCsv() {
    if (!engine) return;
    setExporting('running');
    try {
      const rows = await downloadSegmentCsv(engine, tree, fileName);
      setExporting({ rows });
    } catch (error) {
      setExporting({ error: error instanceof Error ? error.message : String(error) });
    }
  }

  return (
    <section aria-label={title} className="space-y-2 rounded-xl border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="font-semibold break-words">{title}</h2>
        <div className="flex items-center gap-2">
          <button
            type="button"
            onClick={() => void exportCsv()}
            disabled={!engine || exporting === 'running' || !page || page.total === 0}
            className="rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-50"
          >
            {exporting === 'running' ? 'Exporting…' : 'Export CSV'}
          </button>
        </div>
      </div>
      <p className="text-xs text-slate-600" aria-live="polite" data-testid="members-status">
        {state.status === 'loading' ? 'Loading members… ' : ''}
        {page ? `${numberFormat.format(page.total)} members` : ''}
        {typeof exporting === 'object' && 'rows' in exporting
          ? ` · exported ${numberFormat.format(exporting.rows)} rows`
          : ''}
      </p>
      {typeof exporting === 'object' && 'error' in exporting ? (
        <p role="alert" className="text-sm text-red-800">
          The export failed: {exporting.error}
        </p>
      ) : null}
      {state.status === 'error' ? (
        <p role="alert" className="rounded-lg bg-red-50 p-3 text-sm text-red-800">
          The members could not be listed: {state.message}
        </p>
      ) : null}
      {page && page.total === 0 ? (
        <p
          className="rounded-lg border border-dashed border-slate-300 p-4 text-sm text-slate-600"
          data-testid="members-empty"
        >
          Nobody is in this segment.
        </p>
      ) : null}
      {page && page.total > 0 ? (
        <div
          ref={scroller}
          className="max-h-96 overflow-auto rounded-lg border border-slate-100"
          tabIndex={0}
          role="region"
          aria-label={`${title}: table (scrolls)`}
        >
          <table className="w-full text-left text-sm" data-testid="members-table">
            <caption className="sr-only">{title}</caption>
            <thead className="sticky top-0 z-10 bg-slate-50 text-slate-700">
              <tr>
                {page.columns.map((column, index) => {
                  const sorted = query.sort.column === index;
                  return (
                    <th
                      key={index}
                      scope="col"
                      aria-sort={sorted ? (query.sort.descending ? 'descending' : 'ascending') : 'none'}
                      className="px-3 py-2 font-medium whitespace-nowrap"
                    >
                      <button
                        type="button"
                        className="flex items-center gap-1 hover:underline"
                        onClick={() =>
                          setQuery({
                            page: 0,
                            sort: {
                              column: index,
                              descending: sorted ? !query.sort.descending : column.type !== 'text',
                            },
                          })
                        }
                      >
                        {column.label}
                        <span aria-hidden="true">{sorted ? (query.sort.descending ? '▼' : '▲') : ''}</span>
                      </button>
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {padTop > 0 ? (
                <tr aria-hidden="true">
                  <td style={{ height: padTop }} colSpan={page.columns.length} />
                </tr>
              ) : null}
              {items.map((item) => {
                const row = page.rows[item.index] ?? [];
                return (
                  <tr key={item.key} className="border-t border-slate-100" style={{ height: rowHeight }}>
                    {row.map((value, c) => (
                      <td
                        key={c}
                        className={`px-3 whitespace-nowrap ${page.columns[c]?.type === 'text' ? '' : 'text-right tabular-nums'}`}
                      >
                        {c === 0 && typeof value === 'string' ? (
                          // The customer: their visitor view (place and stored events).
                          <Link className="underline" href={`/console/visitors/${encodeURIComponent(value)}`}>
                            {value}
                          </Link>
                        ) : (
                          cellText(value, page.columns[c]?.type)
                        )}
                      </td>
                    ))}
                  </tr>
                );
              })}
              {padBottom > 0 ? (
                <tr aria-hidden="true">
                  <td style={{ height: padBottom }} colSpan={page.columns.length} />
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
      ) : null}
      {page && pages > 1 ? (
        <nav aria-label={`${title}: pages`} className="flex items-center gap-2 text-sm">
          <button
            type="button"
            className="rounded-lg border border-slate-300 px-2 py-1 disabled:opacity-50"
            disabled={query.page === 0}
            onClick={() => setQuery((q) => ({ ...q, page: q.page - 1 }))}
          >
            Previous page
          </button>
          <span>
            Page {query.page + 1} of {pages}
          </span>
          <button
            type="button"
            className="rounded-lg border border-slate-300 px-2 py-1 disabled:opacity-50"
            disabled={query.page + 1 >= pages}
            onClick={() => setQuery((q) => ({ ...q, page: q.page + 1 }))}
          >
            Next page
          </button>
        </nav>
      ) : null}
    </section>
  );
}

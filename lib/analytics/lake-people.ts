// The server's identity graph (lakeRoutes.people) into identity_links, when it
// changed: the events are re-keyed to people when the per-visitor tables are
// rebuilt (lib/segments/people-resolution.ts). A server without the route has
// no graph.
import { identityGraphSchema, lakeRoutes } from '../contracts/lake';
import { identityDdl, identityLinksSql } from '../segments/dataset-schema';
import { fetchWaitingOutBusy } from './busy-fetch';
import type { CallOptions } from './engine';
import { num } from './row-values';
import type { SqlRunner } from './sql-runner';
import { holdLinksSql, markRelinkedRowsSql } from './stale-rows';

/**
 * Whether the graph changed. With `markRelinked` (the per-visitor tables are
 * rebuilt incrementally), the rows of every device whose links changed are
 * marked in the same transaction as the new graph.
 */
export async function applyIdentityGraph(
  sql: SqlRunner,
  manifestUrl: string,
  options: CallOptions,
  markRelinked: boolean,
): Promise<boolean> {
  const url = new URL(lakeRoutes.people, manifestUrl).href;
  const response = await fetchWaitingOutBusy(url, { credentials: 'same-origin', signal: options.signal ?? null });
  if (!response.ok && response.status !== 404) throw new Error(`Loading ${url} failed: HTTP ${response.status}.`);
  const links = response.ok ? identityGraphSchema.parse(await response.json()).links : [];
  await sql.exec(...identityDdl);
  const held = await sql.rows(
    'SELECT anonymous_id, person, epoch_ms(valid_from) AS at FROM identity_links ORDER BY anonymous_id, valid_from',
  );
  const heldLinks = held.map((row) => ({
    anonymousId: String(row.anonymous_id),
    userId: String(row.person),
    validFrom: num(row.at),
  }));
  const sorted = [...links].sort((a, b) =>
    a.anonymousId === b.anonymousId ? a.validFrom - b.validFrom : a.anonymousId < b.anonymousId ? -1 : 1,
  );
  if (JSON.stringify(sorted) === JSON.stringify(heldLinks)) return false;
  const replace = identityLinksSql(sorted);
  await sql.inTransaction(...(markRelinked ? [holdLinksSql, ...replace, ...markRelinkedRowsSql] : replace));
  return true;
}

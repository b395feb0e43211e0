// The console-sync benchmark's data: `events` seeded events over a year, as
// the lake the server will write (one Parquet file a UTC day, ids in time
// order) and as today's export stream (one Arrow IPC stream of every event).
// Same events both ways; a product view carries a `sku` property.
import { factsToTable } from '@/lib/analytics/event-arrow';
import { splitIpcStream, ipcEndOfStream } from '@/lib/analytics/arrow-stream';
import { Random } from '@/lib/demo/random';
import { tableToIPC } from 'apache-arrow';
import { buildLake, type LakeEvent, type LakeFixture } from '../fixtures/lake-fixture';

const dayMs = 86_400_000;
const end = Date.UTC(2026, 0, 1);
const names = ['page', 'Product Viewed', 'Order Completed'] as const;
const devices = ['mobile', 'desktop', 'tablet'] as const;

export interface SyncBenchData {
  lake: LakeFixture;
  /** Today's export: the same events, the export's columns, one stream. */
  exportStream: Uint8Array;
}

export function syncBenchData(events: number): SyncBenchData {
  const rng = new Random(7);
  const customers = Math.max(1, Math.floor(events / 20));
  const all: LakeEvent[] = [];
  const days = 365;
  for (let day = 0; day < days; day++) {
    const count = Math.floor(events / days) + (day < events % days ? 1 : 0);
    const start = end - (days - day) * dayMs;
    const times = Array.from({ length: count }, () => start + Math.floor(rng.float() * dayMs)).sort((a, b) => a - b);
    for (const time of times) {
      const c = rng.int(0, customers - 1);
      const r = rng.float();
      const name = names[r < 0.35 ? 0 : r < 0.75 ? 1 : 2] ?? 'page';
      const id = all.length + 1;
      all.push({
        id,
        customer: `c${String(c).padStart(8, '0')}`,
        time,
        name,
        amount: name === 'Order Completed' ? Math.round(4000 * Math.exp(rng.float() - 0.5)) / 100 : null,
        orderId: name === 'Order Completed' ? `o${id}` : null,
        device: devices[c % 3] ?? null,
        browser: 'Chrome',
        locale: 'en-GB',
        timezone: 'Europe/London',
        country: 'GB',
        region: 'England',
        city: 'London',
        properties: name === 'Product Viewed' ? [['sku', `sku-${c % 500}`]] : [],
        traits: [],
      });
    }
  }
  // Everything compacted: the tail is empty, as after the server's compaction.
  const lake = buildLake(all, { rowsPerFile: 1_000_000 });
  const parts: Uint8Array[] = [];
  for (let start = 0; start < all.length; start += 50_000) {
    const { schema, batches } = splitIpcStream(tableToIPC(factsToTable(all.slice(start, start + 50_000)), 'stream'));
    if (start === 0) parts.push(schema);
    parts.push(batches);
  }
  parts.push(ipcEndOfStream);
  return { lake, exportStream: Buffer.concat(parts) };
}

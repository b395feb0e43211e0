/** One benchmark figure: ours beside the peer's, measured in the same run. */
export interface BenchRow {
  name: string;
  unit: string;
  ours: { label: string; value: number };
  peer: { label: string; value: number | undefined };
}

const format = (value: number | undefined) =>
  value === undefined ? '—' : value >= 100 ? Math.round(value).toLocaleString('en') : value.toFixed(2);

export function printReport(title: string, rows: BenchRow[]): void {
  console.log(`\n${title}`);
  for (const row of rows) {
    console.log(`  ${row.name}`);
    console.log(`    ours  ${format(row.ours.value).padStart(12)} ${row.unit}  (${row.ours.label})`);
    console.log(`    peer  ${format(row.peer.value).padStart(12)} ${row.unit}  (${row.peer.label})`);
  }
}

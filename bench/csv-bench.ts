// Activity CSV benchmark (issue 7): 100,000 synthetic EventData through the domain's CSV mapping
// (activityCsvRow) and papaparse (activityCsvText), under Node. The emulator has no 100k-event
// scenario, so the browser's main-thread blocking is not measured here; the per-chunk figure says
// how long one slice of work would block if the export were chunked (or moved to a worker).
// Run: node --expose-gc bench/run-ts.mjs bench/csv-bench.ts (bench/bench.mjs does) → bench/csv-results.json.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeActivityEvent, JIT_OPERATIONS } from '../src/domain/activity';
import { activityCsvRow, activityCsvText } from '../src/domain/activity-csv';
import type { EventData } from '../src/domain/arm-types';

const EVENTS = 100_000;
const CHUNK = 5_000;
const NOW = Date.parse('2026-11-30T09:00:00.000Z');
const OPERATIONS = Object.values(JIT_OPERATIONS);
const STATUSES = ['Started', 'Accepted', 'Succeeded', 'Failed'] as const;

function syntheticEvents(count: number): EventData[] {
  const events: EventData[] = [];
  for (let i = 0; i < count; i++) {
    const g = i % 20;
    const vm = `/subscriptions/1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9/resourceGroups/rg-web-${String(g + 1).padStart(2, '0')}/providers/Microsoft.Compute/virtualMachines/vm-web-${String(g + 1).padStart(2, '0')}-${String(i % 500).padStart(4, '0')}`;
    events.push(
      makeActivityEvent({
        operationName: OPERATIONS[i % OPERATIONS.length] ?? JIT_OPERATIONS.initiate,
        status: STATUSES[i % STATUSES.length] ?? 'Succeeded',
        caller: i % 3 === 0 ? 'Windows Azure Security Resource Provider' : `user${String(i % 97)}@contoso.com`,
        resourceId: vm,
        // Some descriptions need quoting or formula escaping, as real justifications do.
        description: i % 11 === 0 ? `=HYPERLINK("x"), "quoted", line\nbreak ${String(i)}` : `Scheduled maintenance, ticket ${String(i)}`,
        correlationId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        eventDataId: `10000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
        now: new Date(NOW - i * 60_000),
      }),
    );
  }
  return events;
}

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) g();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const round = (ms: number) => Math.round(ms * 10) / 10;
const names = { '1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9': 'Fabrikam Production' };
const events = syntheticEvents(EVENTS);

const runs: { map: number; unparse: number; total: number; bytes: number; maxChunk: number }[] = [];
for (let run = 0; run < 4; run++) {
  gc();
  const t0 = performance.now();
  const rows = events.map((event) => activityCsvRow(event, names));
  const t1 = performance.now();
  const text = activityCsvText(rows);
  const t2 = performance.now();
  // The same work in slices of CHUNK events: the longest slice is what one task would block.
  let maxChunk = 0;
  for (let start = 0; start < events.length; start += CHUNK) {
    const c0 = performance.now();
    activityCsvText(events.slice(start, start + CHUNK).map((event) => activityCsvRow(event, names)));
    maxChunk = Math.max(maxChunk, performance.now() - c0);
  }
  runs.push({ map: t1 - t0, unparse: t2 - t1, total: t2 - t0, bytes: Buffer.byteLength(text, 'utf8'), maxChunk });
}
// The first run is the cold one (JIT warm-up); the figure is the median of the others.
const warm = runs.slice(1);
const result = {
  node: process.version,
  events: EVENTS,
  chunk: CHUNK,
  bytes: runs[0]?.bytes ?? 0,
  coldTotalMs: round(runs[0]?.total ?? Number.NaN),
  mapMs: round(median(warm.map((r) => r.map))),
  unparseMs: round(median(warm.map((r) => r.unparse))),
  totalMs: round(median(warm.map((r) => r.total))),
  maxChunkMs: round(median(warm.map((r) => r.maxChunk))),
};
const root = process.env.BENCH_ROOT ?? process.cwd();
writeFileSync(path.join(root, 'bench', 'csv-results.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(
  `CSV of ${String(EVENTS)} events (${String(Math.round(result.bytes / 1024))} KiB): map ${String(result.mapMs)} ms + papaparse ${String(result.unparseMs)} ms = ${String(result.totalMs)} ms (cold ${String(result.coldTotalMs)} ms); longest ${String(CHUNK)}-event slice ${String(result.maxChunkMs)} ms`,
);

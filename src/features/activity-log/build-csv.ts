import { ACTIVITY_CSV_PREAMBLE, activityCsvChunk } from '../../domain/activity-csv';
import type { EventData } from '../../domain/arm-types';
import type { CsvWorkerMessage, CsvWorkerReply } from './csv-protocol';

// Cloning 100,000 events into a worker in one postMessage would block the page for a while: send
// slices (cloning one costs the page ~30 ms; bench/csv-bench.ts) and yield between them so input
// and painting keep going.
export const CSV_SLICE = 2_000;

const CSV_TYPE = 'text/csv;charset=utf-8';

const yieldToPage = () =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, 0);
  });

/** The activity CSV file (BOM, header, rows) for `events`, built in a Web Worker, or in yielding slices where workers are unavailable (tests). */
export async function buildActivityCsv(events: readonly EventData[], subscriptionNames: Readonly<Record<string, string>>): Promise<Blob> {
  if (typeof Worker === 'undefined') {
    const parts: string[] = [ACTIVITY_CSV_PREAMBLE];
    for (let i = 0; i < events.length; i += CSV_SLICE) {
      parts.push(activityCsvChunk(events.slice(i, i + CSV_SLICE), subscriptionNames));
      await yieldToPage();
    }
    return new Blob(parts, { type: CSV_TYPE });
  }
  const worker = new Worker(new URL('./csv-worker.ts', import.meta.url), { type: 'module' });
  try {
    const done = new Promise<Blob>((resolve, reject) => {
      worker.onmessage = (message: MessageEvent<CsvWorkerReply>) => {
        resolve(message.data.file);
      };
      worker.onerror = (error) => {
        reject(new Error(error.message || 'The CSV worker failed.'));
      };
    });
    for (let i = 0; i < events.length; i += CSV_SLICE) {
      const message: CsvWorkerMessage = { type: 'slice', events: events.slice(i, i + CSV_SLICE), subscriptionNames };
      worker.postMessage(message);
      await yieldToPage();
    }
    const end: CsvWorkerMessage = { type: 'end' };
    worker.postMessage(end);
    return await done;
  } finally {
    worker.terminate();
  }
}

import { activityCsvRow, activityCsvText } from '../../domain/activity-csv';
import type { EventData } from '../../domain/arm-types';
import type { CsvWorkerMessage, CsvWorkerReply } from './csv-protocol';

// Cloning 100,000 events into a worker in one postMessage would block the page for a while: send
// slices and yield between them so input and painting keep going.
const SLICE = 2_000;

const yieldToPage = () =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, 0);
  });

/** The activity CSV text (with BOM) for `events`, built in a Web Worker, or in yielding chunks where workers are unavailable (tests). */
export async function buildActivityCsv(events: readonly EventData[], subscriptionNames: Readonly<Record<string, string>>): Promise<string> {
  if (typeof Worker === 'undefined') {
    const rows: string[][] = [];
    for (let i = 0; i < events.length; i += SLICE) {
      for (const event of events.slice(i, i + SLICE)) rows.push(activityCsvRow(event, subscriptionNames));
      await yieldToPage();
    }
    return activityCsvText(rows);
  }
  const worker = new Worker(new URL('./csv-worker.ts', import.meta.url), { type: 'module' });
  try {
    const done = new Promise<string>((resolve, reject) => {
      worker.onmessage = (message: MessageEvent<CsvWorkerReply>) => {
        resolve(message.data.text);
      };
      worker.onerror = (error) => {
        reject(new Error(error.message || 'The CSV worker failed.'));
      };
    });
    for (let i = 0; i < events.length; i += SLICE) {
      const message: CsvWorkerMessage = { type: 'slice', events: events.slice(i, i + SLICE), subscriptionNames };
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

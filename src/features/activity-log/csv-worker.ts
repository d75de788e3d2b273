/// <reference lib="webworker" />
import { ACTIVITY_CSV_PREAMBLE, activityCsvChunk } from '../../domain/activity-csv';
import type { CsvWorkerMessage, CsvWorkerReply } from './csv-protocol';

// Builds the activity CSV off the main thread. Each slice is turned into CSV (papaparse) and UTF-8
// bytes as it arrives, so the work overlaps the page posting the next slice and no long string of
// the whole file is ever built; the end wraps the bytes in a Blob and posts it back.
const scope = self as unknown as DedicatedWorkerGlobalScope;
const encoder = new TextEncoder();
let parts: Uint8Array<ArrayBuffer>[] = [encoder.encode(ACTIVITY_CSV_PREAMBLE)];

scope.onmessage = (message: MessageEvent<CsvWorkerMessage>) => {
  const data = message.data;
  if (data.type === 'slice') {
    parts.push(encoder.encode(activityCsvChunk(data.events, data.subscriptionNames)));
    return;
  }
  const reply: CsvWorkerReply = { type: 'done', file: new Blob(parts, { type: 'text/csv;charset=utf-8' }) };
  parts = [encoder.encode(ACTIVITY_CSV_PREAMBLE)];
  scope.postMessage(reply);
};

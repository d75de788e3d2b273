/// <reference lib="webworker" />
import { ACTIVITY_CSV_PREAMBLE, activityCsvChunk } from '../../domain/activity-csv';
import { utf8Bytes } from '../../domain/utf8';
import type { CsvWorkerMessage, CsvWorkerReply } from './csv-protocol';

// Builds the activity CSV off the main thread. Each slice is turned into CSV (activityCsvChunk) and UTF-8
// bytes as it arrives, so the work overlaps the page posting the next slice and no long string of
// the whole file is ever built; the end wraps the bytes in a Blob and posts it back.
const scope = self as unknown as DedicatedWorkerGlobalScope;
let parts: Uint8Array<ArrayBuffer>[] = [utf8Bytes(ACTIVITY_CSV_PREAMBLE)];

scope.onmessage = (message: MessageEvent<CsvWorkerMessage>) => {
  const data = message.data;
  if (data.type === 'slice') {
    parts.push(utf8Bytes(activityCsvChunk(data.events, data.subscriptionNames)));
    return;
  }
  const reply: CsvWorkerReply = { type: 'done', file: new Blob(parts, { type: 'text/csv;charset=utf-8' }) };
  parts = [utf8Bytes(ACTIVITY_CSV_PREAMBLE)];
  scope.postMessage(reply);
};

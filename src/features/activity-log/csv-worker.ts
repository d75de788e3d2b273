/// <reference lib="webworker" />
import { activityCsvRow, activityCsvText } from '../../domain/activity-csv';
import type { CsvWorkerMessage } from './csv-protocol';

// Builds the activity CSV off the main thread: events arrive in slices (each postMessage clones
// only a slice, so the page never blocks long), rows are mapped as they come, the text at the end.
const scope = self as unknown as DedicatedWorkerGlobalScope;
let rows: string[][] = [];

scope.onmessage = (message: MessageEvent<CsvWorkerMessage>) => {
  const data = message.data;
  if (data.type === 'slice') {
    for (const event of data.events) rows.push(activityCsvRow(event, data.subscriptionNames));
    return;
  }
  const text = activityCsvText(rows);
  rows = [];
  scope.postMessage({ type: 'done', text });
};

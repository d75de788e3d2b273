import type { EventData } from '../../domain/arm-types';

export type CsvWorkerMessage =
  | { type: 'slice'; events: readonly EventData[]; subscriptionNames: Readonly<Record<string, string>> }
  | { type: 'end' };

/** The finished file as a Blob: posting it hands over a reference, so no 50 MB string is copied into the page. */
export interface CsvWorkerReply {
  type: 'done';
  file: Blob;
}

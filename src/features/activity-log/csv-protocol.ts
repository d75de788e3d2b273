import type { EventData } from '../../domain/arm-types';

export type CsvWorkerMessage =
  | { type: 'slice'; events: readonly EventData[]; subscriptionNames: Readonly<Record<string, string>> }
  | { type: 'end' };

export interface CsvWorkerReply {
  type: 'done';
  text: string;
}

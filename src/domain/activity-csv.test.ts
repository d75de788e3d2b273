import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { makeActivityEvent } from './activity';
import {
  ACTIVITY_CSV_COLUMNS,
  ACTIVITY_CSV_PREAMBLE,
  activityCsvChunk,
  activityCsvFileName,
  activityCsvRow,
  activityCsvRowsChunk,
  activityCsvText,
  formulaSafe,
  isoUtc,
  UTF8_BOM,
} from './activity-csv';

const runs = Number(process.env.PROPERTY_RUNS ?? 1000);
const vmId = '/subscriptions/6f1c2a3b-0d4e-4f5a-9b6c-7d8e9f0a1b2c/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/vm-web-01';

function event(overrides: { caller?: string; description?: string } = {}) {
  return makeActivityEvent({
    operationName: 'Microsoft.Security/locations/jitNetworkAccessPolicies/initiate/action',
    status: 'Succeeded',
    caller: overrides.caller ?? 'requester@contoso.com',
    resourceId: vmId,
    description: overrides.description ?? 'requested access, "quoted", with commas\nand a newline: メンテナンスのため',
    correlationId: 'c0ffee00-0000-4000-8000-000000000001',
    eventDataId: 'e0000000-0000-4000-8000-000000000001',
    tenantId: 't',
    now: new Date('2026-11-30T09:15:00.000Z'),
  });
}

describe('activityCsvRow', () => {
  it('maps an event to the documented columns, time in UTC with Z, subscription by name', () => {
    const row = activityCsvRow(event(), { '6f1c2a3b-0d4e-4f5a-9b6c-7d8e9f0a1b2c': 'Contoso Production' });
    expect(Object.fromEntries(ACTIVITY_CSV_COLUMNS.map((column, i) => [column, row[i]]))).toEqual({
      'Time (UTC)': '2026-11-30T09:15:00.000Z',
      'Operation name': 'Initiate JIT network access policy',
      Operation: 'Microsoft.Security/locations/jitNetworkAccessPolicies/initiate/action',
      Status: 'Succeeded',
      'Event initiated by': 'requester@contoso.com',
      Description: 'requested access, "quoted", with commas\nand a newline: メンテナンスのため',
      Subscription: 'Contoso Production',
      'Resource group': 'rg-web',
      Resource: vmId,
      'Resource type': 'Microsoft.Security/locations/jitNetworkAccessPolicies',
      Level: 'Informational',
      'Correlation ID': 'c0ffee00-0000-4000-8000-000000000001',
      'Event ID': 'e0000000-0000-4000-8000-000000000001',
    });
  });

  it('neutralises the hostile caller and description of the demo fleet', () => {
    const row = activityCsvRow(event({ caller: "=cmd|' /C calc'!A0", description: '=HYPERLINK("http://evil.example","open")' }));
    expect(row[4]).toBe("'=cmd|' /C calc'!A0");
    expect(row[5]).toBe('\'=HYPERLINK("http://evil.example","open")');
  });
});

describe('formulaSafe', () => {
  it('prefixes exactly the values a spreadsheet would evaluate', () => {
    for (const trigger of ['=', '+', '-', '@', '\t', '\r']) expect(formulaSafe(`${trigger}1+2`)).toBe(`'${trigger}1+2`);
    expect(formulaSafe('admin@contoso.com')).toBe('admin@contoso.com');
    expect(formulaSafe('')).toBe('');
  });

  it('property: no cell starts with a trigger, and stripping the prefix gives the value back', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom('', '=', '+', '-', '@', '\t', '\r'), (text, lead) => {
        const value = lead + text;
        const safe = formulaSafe(value);
        expect(['=', '+', '-', '@', '\t', '\r']).not.toContain(safe.charAt(0));
        expect(safe === value || safe === `'${value}`).toBe(true);
      }),
      { numRuns: runs },
    );
  });

  it('property: a CSV of arbitrary events parses back to the same safe cells', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ caller: fc.string(), description: fc.string() }), { maxLength: 5 }), (inputs) => {
        const rows = inputs.map((input) => activityCsvRow(event(input)));
        const text = activityCsvText(rows);
        expect(text.startsWith(UTF8_BOM)).toBe(true);
        const parsed = Papa.parse<string[]>(text.slice(1), { newline: '\r\n', skipEmptyLines: true });
        expect(parsed.data[0]).toEqual([...ACTIVITY_CSV_COLUMNS]);
        expect(parsed.data.slice(1)).toEqual(rows);
      }),
      { numRuns: Math.min(runs, 300) },
    );
  });
});

describe('activityCsvText', () => {
  it('starts with the BOM, quotes every field and doubles quotes', () => {
    const text = activityCsvText([activityCsvRow(event())]);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.split('\r\n')[0]).toBe(`${UTF8_BOM}"Time (UTC)","Operation name","Operation","Status","Event initiated by","Description","Subscription","Resource group","Resource","Resource type","Level","Correlation ID","Event ID"`);
    expect(text).toContain('"requested access, ""quoted"", with commas\nand a newline: メンテナンスのため"');
  });
});

describe('the CSV writer', () => {
  it('property: writes random rows exactly as papaparse unparses them (every field quoted, CRLF)', () => {
    const cell = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('', '"', '""', 'a"b', '\r\n', ',', ' x ', '=1+2'));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 13, maxLength: 13 }), { maxLength: 6 }), (rows) => {
        const papa = rows.length === 0 ? '' : `\r\n${Papa.unparse(rows, { quotes: true, newline: '\r\n', header: false })}`;
        expect(activityCsvRowsChunk(rows)).toBe(papa);
      }),
      { numRuns: runs },
    );
    expect(ACTIVITY_CSV_PREAMBLE).toBe(UTF8_BOM + Papa.unparse([[...ACTIVITY_CSV_COLUMNS]], { quotes: true, newline: '\r\n', header: false }));
  });
});

describe('chunked export (the worker builds the file slice by slice)', () => {
  it('property: the preamble and the chunks of any slicing are byte for byte the one-call text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ caller: fc.string(), description: fc.string() }), { maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 12 }),
        (inputs, sizes) => {
          const events = inputs.map((input) => event(input));
          const chunks: string[] = [];
          let start = 0;
          for (let i = 0; start < events.length; i++) {
            const size = sizes[i % sizes.length] ?? 1;
            chunks.push(activityCsvChunk(events.slice(start, start + size)));
            start += size;
          }
          expect(ACTIVITY_CSV_PREAMBLE + chunks.join('')).toBe(activityCsvText(events.map((e) => activityCsvRow(e))));
        },
      ),
      { numRuns: Math.min(runs, 300) },
    );
  });

  it('an empty export is the BOM and the header only, and an empty slice adds nothing', () => {
    expect(activityCsvText([])).toBe(ACTIVITY_CSV_PREAMBLE);
    expect(ACTIVITY_CSV_PREAMBLE.startsWith(`${UTF8_BOM}"Time (UTC)",`)).toBe(true);
    expect(activityCsvRowsChunk([])).toBe('');
    expect(activityCsvChunk([])).toBe('');
  });
});

describe('isoUtc', () => {
  it('keeps a UTC millisecond timestamp as is and normalises other forms', () => {
    expect(isoUtc('2026-11-30T09:15:00.000Z')).toBe('2026-11-30T09:15:00.000Z');
    expect(isoUtc('2026-11-30T10:15:00+01:00')).toBe('2026-11-30T09:15:00.000Z');
    expect(isoUtc('2026-11-30T09:15:00.1234567Z')).toBe('2026-11-30T09:15:00.123Z');
    expect(isoUtc('not a date')).toBe('not a date');
  });
});

describe('activityCsvFileName', () => {
  it('names the VM or subscription and the range, without characters file systems refuse', () => {
    expect(activityCsvFileName({ scope: 'vm', name: 'vm-web-01', from: '2026-11-23T09:00:00.000Z', to: '2026-11-30T09:00:00.000Z' })).toBe(
      'jit-activity_vm-web-01_2026-11-23T0900Z_2026-11-30T0900Z.csv',
    );
    expect(activityCsvFileName({ scope: 'subscription', name: 'Contoso Dev/Test', from: '2026-11-30T08:00:00+01:00', to: '2026-11-30T09:00:00Z' })).toBe(
      'jit-activity_subscription-Contoso-Dev-Test_2026-11-30T0700Z_2026-11-30T0900Z.csv',
    );
  });
});

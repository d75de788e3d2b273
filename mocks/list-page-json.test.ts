import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiBytes, jsonBytesOf, jsonResponse, listPageJson, listPageJsonParts } from './arm';

const runs = Number(process.env.PROPERTY_RUNS ?? 1000);

describe('listPageJson', () => {
  it('writes exactly what JSON.stringify writes for an ARM list page, with and without a nextLink', () => {
    const item = fc.dictionary(fc.string(), fc.jsonValue());
    fc.assert(
      fc.property(fc.array(item, { maxLength: 8 }), fc.option(fc.webUrl(), { nil: undefined }), (value, nextLink) => {
        const page = nextLink === undefined ? { value } : { value, nextLink };
        expect(listPageJson(page)).toBe(JSON.stringify(page));
      }),
      { numRuns: runs },
    );
  });

  it('keeps names that need escaping (quotes, line breaks, non-ASCII) as JSON strings', () => {
    const page = { value: [{ id: '/x/"vm"\n', name: 'メンテナンス 🔧 =SUM(A1)' }], nextLink: 'https://management.azure.com/x?$skiptoken=2&a="b"' };
    expect(JSON.parse(listPageJson(page))).toEqual(page);
  });
});

describe('the bytes the worker transfers', () => {
  it('copies ASCII text to exactly its UTF-8 bytes, and gives up at the first other character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii' }), fc.string({ unit: 'binary', minLength: 1 }), (ascii, tail) => {
        expect([...(asciiBytes(ascii) ?? [])]).toEqual([...new TextEncoder().encode(ascii)]);
        const mixed = `${ascii}é${tail}`;
        expect(asciiBytes(mixed)).toBeUndefined();
        // An answer's bytes are its text's UTF-8 either way.
        expect([...(jsonBytesOf(jsonResponse(JSON.stringify(mixed))) ?? [])]).toEqual([...new TextEncoder().encode(JSON.stringify(mixed))]);
      }),
      { numRuns: runs },
    );
    // The boundary: DEL is ASCII, U+0080 is two bytes in UTF-8.
    expect([...(asciiBytes('a\x7f') ?? [])]).toEqual([0x61, 0x7f]);
    expect(asciiBytes('a\x80')).toBeUndefined();
  });
});

describe('answers written as parts (list and Resource Graph pages)', () => {
  it('are the UTF-8 bytes of the parts joined, to the worker and to a reader of the body alike', async () => {
    const checks: Promise<void>[] = [];
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ unit: 'binary-ascii' }), fc.string({ unit: 'binary' })), { maxLength: 6 }), (parts) => {
        const whole = parts.join('');
        expect([...(asciiBytes(parts) ?? new TextEncoder().encode(whole))]).toEqual([...new TextEncoder().encode(whole)]);
        expect(asciiBytes(parts) === undefined).toBe([...whole].some((c) => c.charCodeAt(0) > 0x7f));
        expect([...(jsonBytesOf(jsonResponse(parts)) ?? [])]).toEqual([...new TextEncoder().encode(whole)]);
        checks.push(
          jsonResponse(parts)
            .text()
            .then((text) => {
              expect(text).toBe(whole);
            }),
        );
      }),
      { numRuns: Math.min(runs, 200) },
    );
    await Promise.all(checks);
  });

  it('join to the page JSON.stringify writes', () => {
    const page = { value: [{ id: 'a' }, { id: 'b', properties: { x: [1, 2] } }], nextLink: 'https://management.azure.com/x?$skiptoken=2' };
    expect(listPageJsonParts(page).join('')).toBe(JSON.stringify(page));
    expect(listPageJsonParts({ value: [] }).join('')).toBe(JSON.stringify({ value: [] }));
  });
});

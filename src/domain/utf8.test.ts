import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8Bytes } from './utf8';

const runs = Number(process.env.PROPERTY_RUNS ?? 1000);

describe('utf8Bytes', () => {
  it('gives exactly the bytes TextEncoder gives, for every string (Japanese, emoji, lone surrogates)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect([...utf8Bytes(text)]).toEqual([...new TextEncoder().encode(text)]);
      }),
      { numRuns: runs },
    );
  });

  it('gives the bytes of ASCII text in a buffer of exactly its length, and of text that turns non-ASCII late', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii' }), fc.string({ unit: 'binary', minLength: 1 }), (ascii, tail) => {
        const bytes = utf8Bytes(ascii);
        expect(bytes.buffer.byteLength).toBe(ascii.length);
        expect([...bytes]).toEqual([...new TextEncoder().encode(ascii)]);
        expect([...utf8Bytes(ascii + tail)]).toEqual([...new TextEncoder().encode(ascii + tail)]);
      }),
      { numRuns: runs },
    );
  });

  it('owns its buffer: nothing beyond the encoded bytes', () => {
    const bytes = utf8Bytes('メンテナンス 🔧 =SUM(A1)');
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBe(bytes.byteLength);
    expect(new TextDecoder().decode(bytes)).toBe('メンテナンス 🔧 =SUM(A1)');
    expect(utf8Bytes('').byteLength).toBe(0);
  });
});

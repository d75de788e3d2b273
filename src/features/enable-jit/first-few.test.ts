import { describe, expect, it } from 'vitest';
import { NAMES_SHOWN, firstFew } from './first-few';

describe('firstFew', () => {
  it('names every VM up to the limit', () => {
    const names = Array.from({ length: NAMES_SHOWN }, (_, i) => `vm-${String(i)}`);
    expect(firstFew(names)).toEqual({ shown: names, more: 0 });
    expect(firstFew(['vm-a'])).toEqual({ shown: ['vm-a'], more: 0 });
  });

  it('names the first ones of a bulk enable, in order, and counts the rest', () => {
    const names = Array.from({ length: 500 }, (_, i) => `vm-${String(i)}`);
    const summary = firstFew(names);
    expect(summary.shown).toEqual(names.slice(0, NAMES_SHOWN));
    expect(summary.more).toBe(500 - NAMES_SHOWN);
    expect(summary.shown.length + summary.more).toBe(names.length);
  });
});

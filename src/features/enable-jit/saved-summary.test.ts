import { describe, expect, it } from 'vitest';
import { SAVED_NAMES_SHOWN, savedSummary } from './saved-summary';

describe('savedSummary', () => {
  it('names every VM of a save up to the limit', () => {
    const names = Array.from({ length: SAVED_NAMES_SHOWN }, (_, i) => `vm-${String(i)}`);
    expect(savedSummary(names)).toEqual({ shown: names, more: 0 });
    expect(savedSummary(['vm-a'])).toEqual({ shown: ['vm-a'], more: 0 });
  });

  it('names the first ones of a bulk save, in order, and counts the rest', () => {
    const names = Array.from({ length: 500 }, (_, i) => `vm-${String(i)}`);
    const summary = savedSummary(names);
    expect(summary.shown).toEqual(names.slice(0, SAVED_NAMES_SHOWN));
    expect(summary.more).toBe(500 - SAVED_NAMES_SHOWN);
    expect(summary.shown.length + summary.more).toBe(names.length);
  });
});

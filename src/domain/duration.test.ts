import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIsoDuration, MAX_REQUEST_DURATION_MS, MIN_REQUEST_DURATION_MS, parseIsoDuration } from './duration';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);
const MIN = 60_000;
const H = 60 * MIN;

describe('parseIsoDuration', () => {
  it.each([
    ['PT5M', 5 * MIN],
    ['PT3H', 3 * H],
    ['PT1H30M', 90 * MIN],
    ['PT90M', 90 * MIN],
    ['P1D', 24 * H],
    ['P1DT2H', 26 * H],
    ['P2D', 48 * H],
    ['PT24H', 24 * H],
    ['PT30S', 30_000],
    ['PT0.5S', 500],
    ['PT1H0M', H],
  ])('reads %s as ARM does', (text, ms) => {
    expect(parseIsoDuration(text)).toBe(ms);
  });

  it.each(['3h', '', 'P', 'PT', 'P1DT', 'P2X', 'PT0.5H', 'PT1.5M', 'pt5m', ' PT5M', 'PT5M ', '-PT5M', 'PT-5M', 'P1W', 'P1M', 'P1Y', 'PT5H3H', 'PT5M3H', '5M'])(
    'rejects %j',
    (text) => {
      expect(parseIsoDuration(text)).toBeUndefined();
    },
  );

  it('bounds are PT5M and PT24H', () => {
    expect(MIN_REQUEST_DURATION_MS).toBe(parseIsoDuration('PT5M'));
    expect(MAX_REQUEST_DURATION_MS).toBe(parseIsoDuration('PT24H'));
    expect(MAX_REQUEST_DURATION_MS).toBe(parseIsoDuration('P1D'));
  });
});

describe('formatIsoDuration', () => {
  it.each([
    [3 * H, 'PT3H'],
    [90 * MIN, 'PT1H30M'],
    [24 * H, 'PT24H'],
    [5 * MIN, 'PT5M'],
    [0, 'PT0S'],
    [H + 1_500, 'PT1H1.5S'],
    [61_001, 'PT1M1.001S'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatIsoDuration(ms)).toBe(text);
  });

  it('refuses what is not a duration', () => {
    expect(() => formatIsoDuration(-1)).toThrow(RangeError);
    expect(() => formatIsoDuration(1.5)).toThrow(RangeError);
    expect(() => formatIsoDuration(Number.NaN)).toThrow(RangeError);
  });

  it('parse ∘ format is the identity on whole milliseconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 * 24 * H }), (ms) => parseIsoDuration(formatIsoDuration(ms)) === ms),
      { numRuns: RUNS },
    );
  });

  it('format ∘ parse gives the same canonical text for any spelling of a request duration in range', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1 }),
        fc.integer({ min: 0, max: 24 }),
        fc.integer({ min: 0, max: 1440 }),
        (days, hours, minutes) => {
          const text = `P${days > 0 ? `${String(days)}D` : ''}T${String(hours)}H${String(minutes)}M`;
          const ms = parseIsoDuration(text);
          if (ms === undefined) return false;
          const canonical = formatIsoDuration(ms);
          return parseIsoDuration(canonical) === ms && formatIsoDuration(parseIsoDuration(canonical) ?? -1) === canonical;
        },
      ),
      { numRuns: RUNS },
    );
  });
});

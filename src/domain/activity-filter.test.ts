import { describe, expect, it } from 'vitest';
import { activityODataFilter, timeRangeOf } from './activity-filter';

const now = new Date('2026-11-30T09:00:00.000Z');

describe('timeRangeOf', () => {
  it('ends a preset span at now and reaches back its length', () => {
    expect(timeRangeOf('1h', now)).toEqual({ ok: true, range: { from: '2026-11-30T08:00:00.000Z', to: '2026-11-30T09:00:00.000Z' } });
    expect(timeRangeOf('6h', now)).toEqual({ ok: true, range: { from: '2026-11-30T03:00:00.000Z', to: '2026-11-30T09:00:00.000Z' } });
    expect(timeRangeOf('24h', now)).toEqual({ ok: true, range: { from: '2026-11-29T09:00:00.000Z', to: '2026-11-30T09:00:00.000Z' } });
    expect(timeRangeOf('7d', now)).toEqual({ ok: true, range: { from: '2026-11-23T09:00:00.000Z', to: '2026-11-30T09:00:00.000Z' } });
  });

  it('normalises a custom range with offsets to UTC', () => {
    expect(timeRangeOf('custom', now, { from: '2026-11-01T09:00+09:00', to: '2026-11-02T00:00:00Z' })).toEqual({
      ok: true,
      range: { from: '2026-11-01T00:00:00.000Z', to: '2026-11-02T00:00:00.000Z' },
    });
  });

  it('refuses unreadable, reversed and over-90-day custom ranges as the Insights API would', () => {
    expect(timeRangeOf('custom', now, { from: 'yesterday', to: '2026-11-02T00:00:00Z' })).toEqual({ ok: false, problem: 'invalidDate' });
    expect(timeRangeOf('custom', now, { from: '2026-11-03T00:00:00Z', to: '2026-11-02T00:00:00Z' })).toEqual({ ok: false, problem: 'endBeforeStart' });
    expect(timeRangeOf('custom', now, { from: '2026-01-01T00:00:00Z', to: '2026-11-02T00:00:00Z' })).toEqual({ ok: false, problem: 'tooLong' });
  });
});

describe('activityODataFilter', () => {
  it('always carries the eventTimestamp range and adds eq clauses in a fixed order', () => {
    expect(
      activityODataFilter({
        from: '2026-11-23T09:00:00.000Z',
        to: '2026-11-30T09:00:00.000Z',
        caller: 'admin@contoso.com',
        status: 'Succeeded',
        operationName: 'Microsoft.Security/locations/jitNetworkAccessPolicies/write',
        resourceUri: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm',
      }),
    ).toBe(
      "eventTimestamp ge '2026-11-23T09:00:00.000Z' and eventTimestamp le '2026-11-30T09:00:00.000Z'" +
        " and resourceUri eq '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm'" +
        " and operationName eq 'Microsoft.Security/locations/jitNetworkAccessPolicies/write'" +
        " and status eq 'Succeeded' and caller eq 'admin@contoso.com'",
    );
  });

  it('omits empty fields and doubles single quotes so a value cannot end its literal', () => {
    expect(activityODataFilter({ from: 'a', to: 'b', status: '', caller: "o'brien' or status eq 'x" })).toBe(
      "eventTimestamp ge 'a' and eventTimestamp le 'b' and caller eq 'o''brien'' or status eq ''x'",
    );
  });
});

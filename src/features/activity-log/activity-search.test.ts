import { describe, expect, it } from 'vitest';
import { activitySearchParams, parseActivitySearch } from './activity-search';

describe('activity search in the URL', () => {
  it('round-trips every filter', () => {
    const params = {
      vm: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-web-01',
      span: 'custom',
      from: '2026-11-23T09:00:00.000Z',
      to: '2026-11-30T09:00:00.000Z',
      op: 'Microsoft.Security/locations/jitNetworkAccessPolicies/write',
      status: 'Succeeded',
      by: 'admin@contoso.com',
    };
    expect(activitySearchParams(parseActivitySearch(params))).toEqual(params);
  });

  it('defaults to the last 24 hours and ignores an unknown span and a stray range', () => {
    expect(parseActivitySearch({ span: 'forever' }).span).toBe('24h');
    expect(activitySearchParams(parseActivitySearch({ span: '7d', from: 'x', to: 'y' }))).toEqual({ span: '7d' });
    expect(activitySearchParams(parseActivitySearch({}))).toEqual({});
  });
});

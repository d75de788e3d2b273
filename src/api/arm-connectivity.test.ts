import { describe, expect, it } from 'vitest';
import { ArmError } from './arm-client';
import { getArmConnectivity, isTransportFailure, reportArmAnswered, reportArmUnreachable, subscribeArmConnectivity } from './arm-connectivity';

describe('ARM connectivity', () => {
  it('goes unreachable on a transport failure and back on any answer, telling subscribers once per change', () => {
    const seen: boolean[] = [];
    const unsubscribe = subscribeArmConnectivity(() => seen.push(getArmConnectivity().reachable));
    reportArmUnreachable(new TypeError('Failed to fetch'));
    reportArmUnreachable(new TypeError('Failed to fetch'));
    expect(getArmConnectivity()).toMatchObject({ reachable: false, detail: 'Failed to fetch' });
    reportArmAnswered();
    reportArmAnswered();
    expect(getArmConnectivity().reachable).toBe(true);
    expect(seen).toEqual([false, true]);
    unsubscribe();
  });

  it('counts only status 0 as unreachable: a 500 or a 403 is an answer', () => {
    expect(isTransportFailure(new ArmError({ code: 'NetworkError', message: 'Failed to fetch', status: 0 }))).toBe(true);
    expect(isTransportFailure(new ArmError({ code: 'InternalServerError', message: 'x', status: 500 }))).toBe(false);
    expect(isTransportFailure(new TypeError('Failed to fetch'))).toBe(false);
  });
});

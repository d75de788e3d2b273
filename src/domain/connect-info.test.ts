import { describe, expect, it } from 'vitest';
import { formatRemaining, nextEndTime, rdpFileText, remainingMs, sshCommand, vmPageDefaultRequestPort, vmPageRequestDurationMs } from './connect-info';

describe('connect info', () => {
  it('writes an .rdp file that points mstsc at the address, with the port only when not 3389', () => {
    expect(rdpFileText({ address: '20.1.2.3', port: 3389 })).toBe('full address:s:20.1.2.3\r\nprompt for credentials:i:1\r\nadministrative session:i:1\r\n');
    expect(rdpFileText({ address: '20.9.9.9', port: 50001 }).split('\r\n')[0]).toBe('full address:s:20.9.9.9:50001');
    expect(rdpFileText({ address: '2001:db8::1', port: 50001 }).split('\r\n')[0]).toBe('full address:s:[2001:db8::1]:50001');
  });

  it('builds the ssh command, with -p for a mapped port', () => {
    expect(sshCommand({ address: '20.1.2.3', port: 22 })).toBe('ssh 20.1.2.3');
    expect(sshCommand({ address: '20.1.2.3', port: 50002 }, 'azureuser')).toBe('ssh -p 50002 azureuser@20.1.2.3');
  });

  it('counts down to the end time and never below zero', () => {
    const now = new Date('2026-11-30T09:00:00.000Z');
    expect(remainingMs('2026-11-30T10:00:00.000Z', now)).toBe(3_600_000);
    expect(remainingMs('2026-11-30T08:00:00.000Z', now)).toBe(0);
    expect(remainingMs('garbage', now)).toBe(0);
    expect(formatRemaining(3_600_000)).toBe('1:00:00');
    expect(formatRemaining(10_800_000 - 1)).toBe('3:00:00');
    expect(formatRemaining(61_500)).toBe('0:01:02');
    expect(formatRemaining(0)).toBe('0:00:00');
  });

  it('finds the next end time after now', () => {
    const now = new Date('2026-11-30T09:00:00.000Z');
    expect(nextEndTime(['2026-11-30T08:00:00Z', '2026-11-30T11:00:00Z', '2026-11-30T10:00:00Z'], now)).toBe(Date.parse('2026-11-30T10:00:00Z'));
    expect(nextEndTime(['2026-11-30T08:00:00Z'], now)).toBeUndefined();
  });

  it('uses the seed defaults for a request: OS port, 3 hours capped by the port maximum', () => {
    const ports = [
      { number: 5985, protocol: '*' as const, maxRequestAccessDuration: 'PT3H' },
      { number: 3389, protocol: '*' as const, maxRequestAccessDuration: 'PT1H' },
    ];
    expect(vmPageDefaultRequestPort(ports, 'Windows')).toBe(3389);
    expect(vmPageDefaultRequestPort(ports, 'Linux')).toBe(5985);
    expect(vmPageRequestDurationMs(3_600_000)).toBe(3_600_000);
    expect(vmPageRequestDurationMs(24 * 3_600_000)).toBe(3 * 3_600_000);
  });
});

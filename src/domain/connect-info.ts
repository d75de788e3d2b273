import type { JitNetworkAccessPortRule } from './jit-types';

// What the VM page's Connect section and countdowns need: how to reach an opened port, how long
// it stays open, and when the next one closes.

export interface ConnectTarget {
  /** The firewall's public IP for a firewall-protected VM, else the VM's public (or private) IP. */
  address: string;
  /** mappedPort through a firewall, else the port itself. */
  port: number;
}

/** "host" or "host:port"; IPv6 addresses are bracketed so the port is not read as part of them. */
export function hostAndPort(target: ConnectTarget, defaultPort: number): string {
  const host = target.address.includes(':') ? `[${target.address}]` : target.address;
  return target.port === defaultPort ? host : `${host}:${String(target.port)}`;
}

/**
 * The text of a Remote Desktop (.rdp) file for the target: Windows' mstsc reads `name:type:value`
 * lines, CRLF separated. Only the address is set; everything else keeps the client's defaults.
 */
export function rdpFileText(target: ConnectTarget): string {
  return [`full address:s:${hostAndPort(target, 3389)}`, 'prompt for credentials:i:1', 'administrative session:i:1', ''].join('\r\n');
}

/** `ssh [-p port] [user@]address`. */
export function sshCommand(target: ConnectTarget, user?: string): string {
  const login = user === undefined || user === '' ? target.address : `${user}@${target.address}`;
  return target.port === 22 ? `ssh ${login}` : `ssh -p ${String(target.port)} ${login}`;
}

/** Milliseconds until `endTimeUtc`, never negative (0 once it has passed or if it is unreadable). */
export function remainingMs(endTimeUtc: string, now: Date): number {
  const end = Date.parse(endTimeUtc);
  if (Number.isNaN(end)) return 0;
  return Math.max(0, end - now.getTime());
}

/** "2:59:59", "0:00:07": hours unpadded, minutes and seconds two digits; partial seconds round up so 0:00:00 means closed. */
export function formatRemaining(ms: number): string {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return `${String(hours)}:${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
}

/** The earliest end time after `now` (when the UI must refetch so the closed port disappears), or undefined. */
export function nextEndTime(endTimes: readonly string[], now: Date): number | undefined {
  let next: number | undefined;
  for (const text of endTimes) {
    const end = Date.parse(text);
    if (Number.isNaN(end) || end <= now.getTime()) continue;
    if (next === undefined || end < next) next = end;
  }
  return next;
}

/**
 * The VM page's Request access defaults (seed: source Any and 3 hours, both fixed; the OS port,
 * changeable to another port of the policy): the duration is capped by the chosen port's maximum.
 */
export function vmPageRequestDurationMs(portMaxMs: number | undefined): number {
  const threeHours = 3 * 3_600_000;
  return portMaxMs === undefined ? threeHours : Math.min(threeHours, portMaxMs);
}

/** The port the VM page proposes first: the OS port (Windows 3389, Linux 22) if the policy has it, else the policy's first port. */
export function vmPageDefaultRequestPort(ports: readonly JitNetworkAccessPortRule[], os: 'Windows' | 'Linux' | undefined): number | undefined {
  const preferred = os === 'Linux' ? 22 : 3389;
  return ports.find((port) => port.number === preferred)?.number ?? ports[0]?.number;
}

import type { JitProtocol } from './jit-types';

// Kept here (not imported from jit-rules.ts) so this module has no cycle; jit-rules.ts uses the same value.
const PREFIX = 'SecurityCenter-JITRule';

export type JitRuleKind = 'Deny' | 'Allow' | 'Dnat';

/** 32-bit FNV-1a as 8 lower-case hex digits: stable across runs, so a rule's name is a pure function of its VM, port and protocol. */
export function fnv1a32(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** NSG rule names allow letters, digits, '_', '.', '-', so "*" is spelled "Any". */
export function protocolNamePart(protocol: JitProtocol): string {
  return protocol === '*' ? 'Any' : protocol === 'TCP' ? 'Tcp' : 'Udp';
}

/**
 * `SecurityCenter-JITRule_<fnv1a(vmId|port|protocol)>_<port>_<Tcp|Udp|Any>_<Deny|Allow|Dnat>`, at most
 * 22 + 1 + 8 + 1 + 5 + 1 + 3 + 1 + 5 = 47 characters. The VM id is lower-cased because ARM ids are case-insensitive.
 */
export function jitRuleName(vmId: string, port: number, protocol: JitProtocol, kind: JitRuleKind): string {
  const hash = fnv1a32(`${vmId.toLowerCase()}|${port}|${protocol}`);
  return `${PREFIX}_${hash}_${port}_${protocolNamePart(protocol)}_${kind}`;
}

export function jitRuleDescription(port: number, vmName: string, policyName: string): string {
  return `JIT rule for port ${port} of VM '${vmName}' in policy '${policyName}'`;
}

/** The VM name a JIT rule's description names, if it follows {@link jitRuleDescription}. */
export function vmNameFromDescription(description: string | undefined): string | undefined {
  if (description === undefined) return undefined;
  return /of VM '([^']+)'/.exec(description)?.[1];
}

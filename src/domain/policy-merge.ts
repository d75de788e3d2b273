import { prefixContains, parseAddressPrefix } from './address-prefix';
import { formatIsoDuration, parseIsoDuration } from './duration';
import type { FieldError } from './policy-validation';
import type {
  JitNetworkAccessPolicy,
  JitNetworkAccessPolicyInitiateRequest,
  JitNetworkAccessPolicyInput,
  JitNetworkAccessPolicyVirtualMachine,
  JitNetworkAccessPortRule,
} from './jit-types';
import { parseResourceId, resourceKey } from './resource-id';

// The business rules of writing JIT policies from the console. A PUT replaces the whole policy, so
// every write is read → merge → write; these functions are the merge, kept pure so the enable,
// edit and remove panes (and their tests) share one definition.

export const DEFAULT_POLICY_NAME = 'default';

/** Where a policy lives (same fields as the API's locator, so the two are interchangeable). */
export interface PolicyAddress {
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  name: string;
}

/** What grouping needs to know of a VM: its placement, and its policy when it already has one. */
export interface VmPlacement {
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  policyId?: string | undefined;
}

export interface PolicyGroup<T extends VmPlacement> {
  /** Lower-cased subscription|resource group|location|name: the identity of the policy. */
  key: string;
  address: PolicyAddress;
  vms: T[];
}

/** A policy resource id → its address; undefined when the id is not a JIT policy id. */
export function policyAddressOf(policyId: string): PolicyAddress | undefined {
  const parsed = parseResourceId(policyId);
  if (parsed?.resourceGroup === undefined || parsed.name === undefined) return undefined;
  if (parsed.type?.toLowerCase() !== 'locations/jitnetworkaccesspolicies') return undefined;
  const location = /\/locations\/([^/]+)\/jitNetworkAccessPolicies\//i.exec(policyId)?.[1];
  if (location === undefined) return undefined;
  return { subscriptionId: parsed.subscriptionId, resourceGroup: parsed.resourceGroup, location, name: parsed.name };
}

function addressKey(address: PolicyAddress): string {
  return [address.subscriptionId, address.resourceGroup, normalizeLocation(address.location), address.name].join('|').toLowerCase();
}

// ARM compares locations without case or spaces ("West Europe" = "westeurope").
function normalizeLocation(location: string): string {
  return location.replace(/\s+/g, '').toLowerCase();
}

/**
 * Groups VMs by the policy they belong in: the policy they already have (policyId), else an
 * existing policy of their subscription, resource group and location (the one named "default"
 * first), else a new "default" there. One group is one PUT, however many VMs it holds.
 * Groups come in order of first appearance; VMs keep their order within a group.
 */
export function groupVmsByPolicy<T extends VmPlacement>(vms: readonly T[], existingPolicyIds: readonly string[] = []): PolicyGroup<T>[] {
  const existingByPlacement = new Map<string, PolicyAddress>();
  for (const id of existingPolicyIds) {
    const address = policyAddressOf(id);
    if (address === undefined) continue;
    const placement = [address.subscriptionId, address.resourceGroup, normalizeLocation(address.location)].join('|').toLowerCase();
    const current = existingByPlacement.get(placement);
    if (current === undefined || (current.name.toLowerCase() !== DEFAULT_POLICY_NAME && address.name.toLowerCase() === DEFAULT_POLICY_NAME)) {
      existingByPlacement.set(placement, address);
    }
  }
  const groups = new Map<string, PolicyGroup<T>>();
  for (const vm of vms) {
    const placement = [vm.subscriptionId, vm.resourceGroup, normalizeLocation(vm.location)].join('|').toLowerCase();
    const address =
      (vm.policyId === undefined ? undefined : policyAddressOf(vm.policyId)) ??
      existingByPlacement.get(placement) ?? {
        subscriptionId: vm.subscriptionId,
        resourceGroup: vm.resourceGroup,
        location: vm.location,
        name: DEFAULT_POLICY_NAME,
      };
    const key = addressKey(address);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { key, address, vms: [vm] });
    else group.vms.push(vm);
  }
  return [...groups.values()];
}

/** The ports a VM has in a policy (empty when the VM is not in it). */
export function portsOfVm(policy: JitNetworkAccessPolicy | undefined, vmId: string): JitNetworkAccessPortRule[] {
  const key = resourceKey(vmId);
  return policy?.properties.virtualMachines.find((vm) => resourceKey(vm.id) === key)?.ports ?? [];
}

// The PUT body carries only what the client owns: requests are the service's (a PUT cannot forge
// them) and publicIpAddress is filled by the service for firewall-protected VMs.
function clientVm(vm: JitNetworkAccessPolicyVirtualMachine): JitNetworkAccessPolicyVirtualMachine {
  return { id: vm.id, ports: vm.ports.map((port) => ({ ...port })) };
}

/**
 * The PUT body that sets the ports of `changes` VMs in `current` (undefined: the policy does not
 * exist yet). A VM already in the policy has its entry replaced in place; a new VM is appended;
 * every other VM is kept exactly as it was (never dropped).
 */
export function mergeVmPorts(
  current: JitNetworkAccessPolicy | undefined,
  changes: readonly { id: string; ports: readonly JitNetworkAccessPortRule[] }[],
  location?: string,
): JitNetworkAccessPolicyInput {
  const byKey = new Map(changes.map((change) => [resourceKey(change.id), change]));
  const used = new Set<string>();
  const virtualMachines: JitNetworkAccessPolicyVirtualMachine[] = [];
  for (const vm of current?.properties.virtualMachines ?? []) {
    const key = resourceKey(vm.id);
    const change = byKey.get(key);
    if (change === undefined) {
      virtualMachines.push(clientVm(vm));
    } else if (!used.has(key)) {
      used.add(key);
      virtualMachines.push({ id: vm.id, ports: change.ports.map((port) => ({ ...port })) });
    }
  }
  for (const change of changes) {
    const key = resourceKey(change.id);
    if (used.has(key)) continue;
    used.add(key);
    virtualMachines.push({ id: change.id, ports: change.ports.map((port) => ({ ...port })) });
  }
  const where = current?.location ?? location;
  return {
    kind: current?.kind ?? 'Basic',
    ...(where === undefined ? {} : { location: where }),
    properties: { virtualMachines },
  };
}

export type RemoveVmResult =
  /** Other VMs remain: PUT this body. */
  | { kind: 'update'; input: JitNetworkAccessPolicyInput }
  /** The VM was the last one: DELETE the policy (a policy without VMs protects nothing). */
  | { kind: 'delete' }
  /** The VM is not in the policy (someone removed it already): nothing to write. */
  | { kind: 'notInPolicy' };

/** Takes a VM out of a policy without touching the other VMs. */
export function removeVmFromPolicy(current: JitNetworkAccessPolicy, vmId: string): RemoveVmResult {
  const key = resourceKey(vmId);
  const vms = current.properties.virtualMachines;
  if (!vms.some((vm) => resourceKey(vm.id) === key)) return { kind: 'notInPolicy' };
  const remaining = vms.filter((vm) => resourceKey(vm.id) !== key);
  if (remaining.length === 0) return { kind: 'delete' };
  return {
    kind: 'update',
    input: { kind: current.kind ?? 'Basic', location: current.location, properties: { virtualMachines: remaining.map(clientVm) } },
  };
}

const MS_PER_HOUR = 3_600_000;

/** "3" hours → "PT3H"; undefined when not a positive number (the form then shows the domain's message). */
export function hoursToIsoDuration(hours: number): string | undefined {
  if (!Number.isFinite(hours) || hours <= 0) return undefined;
  const ms = Math.round(hours * MS_PER_HOUR);
  return Number.isSafeInteger(ms) ? formatIsoDuration(ms) : undefined;
}

/** "PT3H" → 3, "PT90M" → 1.5; undefined when not an ISO 8601 duration. */
export function isoDurationToHours(duration: string): number | undefined {
  const ms = parseIsoDuration(duration);
  return ms === undefined ? undefined : ms / MS_PER_HOUR;
}

/** The allowed sources of a port rule as one list ("*" when any). */
export function allowedPrefixesOf(rule: JitNetworkAccessPortRule): string[] {
  if (rule.allowedSourceAddressPrefixes !== undefined) return [...rule.allowedSourceAddressPrefixes];
  return rule.allowedSourceAddressPrefix === undefined ? [] : [rule.allowedSourceAddressPrefix];
}

/** Whether a port rule lets any source in. */
export function allowsAnySource(rule: JitNetworkAccessPortRule): boolean {
  return allowedPrefixesOf(rule).some((prefix) => prefix.trim() === '*');
}

/**
 * Checks a requested source (address or CIDR range) against a port's allowed sources, as the
 * service will: the whole range must lie inside one allowed prefix. The message names the value,
 * the port and what is allowed.
 */
export function checkRequestSource(source: string, rule: JitNetworkAccessPortRule): FieldError | undefined {
  const path = 'allowedSourceAddressPrefix';
  const parsed = parseAddressPrefix(source);
  if (!parsed.ok) return { path, code: 'InvalidAddressPrefix', message: parsed.message };
  const allowed = allowedPrefixesOf(rule);
  const fits = parsed.prefix.kind === 'any' ? allowed.some((prefix) => prefix.trim() === '*') : allowed.some((prefix) => prefixContains(prefix, source));
  if (fits) return undefined;
  return {
    path,
    code: 'SourceNotAllowed',
    message: `"${source}" is not within the allowed source IPs of port ${String(rule.number)} (${allowed.join(', ')}): request an address or range inside one of them.`,
  };
}

export interface InitiateChoice {
  vmId: string;
  /** Ports to open with the hours each stays open. */
  ports: readonly { number: number; hours: number }[];
  /** An address or CIDR range; undefined = "My IP" (the service uses the caller's address). */
  source?: string | undefined;
}

/**
 * The initiate body for the pane's choices: end time = now + hours per port; "My IP" omits
 * allowedSourceAddressPrefix; a blank justification is left out.
 */
export function buildInitiateBody(args: {
  choices: readonly InitiateChoice[];
  justification?: string | undefined;
  now: Date;
}): JitNetworkAccessPolicyInitiateRequest {
  const justification = args.justification?.trim() ?? '';
  return {
    virtualMachines: args.choices.map((choice) => ({
      id: choice.vmId,
      ports: choice.ports.map((port) => ({
        number: port.number,
        ...(choice.source === undefined ? {} : { allowedSourceAddressPrefix: choice.source }),
        endTimeUtc: new Date(args.now.getTime() + Math.round(port.hours * MS_PER_HOUR)).toISOString(),
      })),
    })),
    ...(justification === '' ? {} : { justification }),
  };
}

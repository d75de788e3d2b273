import { JIT_POLICY_EFFECT_PARAMETER, type ClassicVirtualMachine, type PolicyAssignment, type PricingTier, type VirtualMachineSummary } from './arm-types';
import type { JitNetworkAccessPolicy } from './jit-types';
import { resolveVmNetwork, vmExposure, type NetworkIndex, type VmNetworkView } from './network-topology';
import { parseResourceId, resourceKey, resourceParentReader } from './resource-id';

export type NotRecommendedReason =
  | 'freeTier'
  | 'classicVm'
  | 'jitDisabledBySubscriptionPolicy'
  | 'jitDisabledByResourceGroupPolicy'
  | 'noNsg'
  | 'noPublicIpAndNoNsg';

export type VmClassification =
  | { state: 'configured'; policyId: string }
  | { state: 'recommended' }
  | { state: 'notRecommended'; reason: NotRecommendedReason };

// One object per verdict, shared by every VM that gets it (frozen: no caller may change them): a
// 10,000-VM fleet allocated one per VM on each load.
const RECOMMENDED: VmClassification = Object.freeze({ state: 'recommended' });
const NOT_RECOMMENDED = new Map<NotRecommendedReason, VmClassification>();
function notRecommended(reason: NotRecommendedReason): VmClassification {
  let verdict = NOT_RECOMMENDED.get(reason);
  if (verdict === undefined) {
    verdict = Object.freeze({ state: 'notRecommended', reason });
    NOT_RECOMMENDED.set(reason, verdict);
  }
  return verdict;
}

/** English sentence and what would make the VM eligible, per reason (the UI catalogue may translate by code). */
export const NOT_RECOMMENDED_REASON_TEXT: Readonly<Record<NotRecommendedReason, { sentence: string; remedy: string }>> = {
  freeTier: {
    sentence: 'Just-in-time VM access is not available in subscriptions on the Free tier of Security Center.',
    remedy: 'Upgrade the subscription to the Standard tier (Azure Defender for servers) to enable just-in-time access.',
  },
  classicVm: {
    sentence: 'This is a classic virtual machine: just-in-time VM access supports only virtual machines deployed through Azure Resource Manager.',
    remedy: 'Migrate the virtual machine to Azure Resource Manager, then enable just-in-time access.',
  },
  jitDisabledBySubscriptionPolicy: {
    sentence: "Just-in-time VM access is disabled in the security policy of this virtual machine's subscription.",
    remedy: 'Ask a subscription owner to set the just-in-time network access effect of the Security Center policy to AuditIfNotExists.',
  },
  jitDisabledByResourceGroupPolicy: {
    sentence: "Just-in-time VM access is disabled in the security policy of this virtual machine's resource group.",
    remedy: 'Ask an owner of the resource group to set the just-in-time network access effect of the Security Center policy to AuditIfNotExists.',
  },
  noNsg: {
    sentence: 'No network security group protects this virtual machine, and no Azure Firewall does: just-in-time access needs one to write its rules.',
    remedy: "Associate a network security group with the virtual machine's network interface or subnet, or deploy an Azure Firewall in its virtual network.",
  },
  noPublicIpAndNoNsg: {
    sentence: 'This virtual machine has no public IP address and no network security group, so there is no inbound access for just-in-time to control.',
    remedy: "Associate a network security group with the virtual machine's network interface or subnet.",
  },
};

export interface ClassificationInput {
  virtualMachines: readonly VirtualMachineSummary[];
  classicVirtualMachines: readonly ClassicVirtualMachine[];
  network: NetworkIndex;
  policies: readonly JitNetworkAccessPolicy[];
  /** subscriptionId (guid, any case) → VirtualMachines plan tier. Missing means Free. */
  pricingTiers: ReadonlyMap<string, PricingTier>;
  /** Policy assignments visible to the user; those setting the JIT effect to Disabled at a subscription or resource group scope. */
  policyAssignments: readonly PolicyAssignment[];
  /**
   * Also resolve the network view (resolveVmNetwork) of every ARM VM that is Configured or reaches
   * the network check, and hand it back as ClassifiedVm.network: the blade's rows need it, and the
   * check then reads the exposure from it instead of resolving the VM's network a second time.
   */
  resolveNetworkViews?: boolean;
}

export interface ClassifiedVm {
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  kind: 'arm' | 'classic';
  os?: 'Windows' | 'Linux';
  classification: VmClassification;
  /** With resolveNetworkViews: the VM's network view (ARM VMs that are Configured or reached the network check). */
  network?: VmNetworkView;
}

/** Lower-cased scope → the notScopes (lower-cased) of each assignment disabling JIT there. */
type DisabledScopes = Map<string, string[][]>;

function disablesJit(assignment: PolicyAssignment): boolean {
  const value = assignment.properties.parameters?.[JIT_POLICY_EFFECT_PARAMETER]?.value;
  return typeof value === 'string' && value.toLowerCase() === 'disabled';
}

function trimSlash(id: string): string {
  return id.endsWith('/') ? id.slice(0, -1) : id;
}

/** Whether `id` is `scope` or lies under it. Both lower-cased. */
function isWithin(id: string, scope: string): boolean {
  return id === scope || id.startsWith(`${scope}/`);
}

/**
 * Splits the assignments that disable JIT into subscription and resource-group scopes. Assignments
 * at management-group scope are not listed by the subscription-scoped API the console uses and
 * are ignored; any assignment that disables JIT wins over another that audits (Azure shows no
 * JIT recommendation when any applicable assignment disables it).
 */
function indexDisabledScopes(assignments: readonly PolicyAssignment[]): { subscriptions: DisabledScopes; resourceGroups: DisabledScopes } {
  const subscriptions: DisabledScopes = new Map();
  const resourceGroups: DisabledScopes = new Map();
  for (const assignment of assignments) {
    if (!disablesJit(assignment)) continue;
    const scope = resourceKey(trimSlash(assignment.properties.scope));
    const parsed = parseResourceId(scope);
    if (parsed === undefined || parsed.provider !== undefined) continue;
    const target = parsed.resourceGroup === undefined ? subscriptions : resourceGroups;
    const notScopes = (assignment.properties.notScopes ?? []).map((s) => resourceKey(trimSlash(s)));
    const list = target.get(scope);
    if (list === undefined) target.set(scope, [notScopes]);
    else list.push(notScopes);
  }
  return { subscriptions, resourceGroups };
}

/** Whether one of the assignments disables JIT for the VM (none of its notScopes contains it). */
function isDisabledBy(assignments: string[][] | undefined, vmKey: string): boolean {
  return assignments !== undefined && assignments.some((notScopes) => !notScopes.some((notScope) => isWithin(vmKey, notScope)));
}

/**
 * The disabling assignments at a VM's subscription and at its resource group. VMs come grouped by
 * resource group, so the last answer is kept: the scope keys are built once per group, not per VM.
 */
function disabledScopesLookup(disabled: { subscriptions: DisabledScopes; resourceGroups: DisabledScopes }) {
  let last: { subscriptionId: string; resourceGroup: string; subscription: string[][] | undefined; group: string[][] | undefined } | undefined;
  return (subscriptionId: string, resourceGroup: string) => {
    if (last?.subscriptionId !== subscriptionId || last.resourceGroup !== resourceGroup) {
      const subscriptionScope = `/subscriptions/${subscriptionId.toLowerCase()}`;
      last = {
        subscriptionId,
        resourceGroup,
        subscription: disabled.subscriptions.get(subscriptionScope),
        group: disabled.resourceGroups.get(`${subscriptionScope}/resourcegroups/${resourceGroup.toLowerCase()}`),
      };
    }
    return last;
  };
}

/** The last segment of an id (its name), lower-cased. */
function lowerName(id: string): string {
  return id.slice(id.lastIndexOf('/') + 1).toLowerCase();
}

/**
 * The policy holding a VM: the first policy that names it, ids compared case-insensitively. Found
 * without lower-casing every VM's id: a policy usually spells a VM's id as the VM does, so the id
 * as written is looked up first; only a VM whose name some policy names in another case is then
 * looked up by key (ids equal ignoring case have names equal ignoring case). Lower-casing each of
 * 10,000 ids was a tenth of classifying the fleet.
 */
function policyLookup(policies: readonly JitNetworkAccessPolicy[]): (vmId: string) => string | undefined {
  const byKey = new Map<string, string>();
  const byWrittenId = new Map<string, string>();
  const names = new Set<string>();
  for (const policy of policies) {
    for (const vm of policy.properties.virtualMachines) {
      const key = resourceKey(vm.id);
      // The first policy naming the VM wins, however later policies spell its id.
      const policyId = byKey.get(key) ?? policy.id;
      byKey.set(key, policyId);
      if (!byWrittenId.has(vm.id)) byWrittenId.set(vm.id, policyId);
      names.add(lowerName(vm.id));
    }
  }
  if (byKey.size === 0) return () => undefined;
  return (vmId) => byWrittenId.get(vmId) ?? (names.has(lowerName(vmId)) ? byKey.get(resourceKey(vmId)) : undefined);
}

/**
 * Classifies every VM in O(VMs + NICs + NSGs + policies). Order of checks: configured; classic; free tier; JIT disabled (subscription, then resource group); no NSG and no firewall (no public IP → noPublicIpAndNoNsg, else noNsg); otherwise recommended.
 * Results come in input order: the ARM VMs, then the classic VMs.
 */
export function classifyVms(input: ClassificationInput): ClassifiedVm[] {
  const tiers = new Map<string, PricingTier>();
  for (const [subscriptionId, tier] of input.pricingTiers) tiers.set(subscriptionId.toLowerCase(), tier);
  const disabled = indexDisabledScopes(input.policyAssignments);
  const anyDisabled = disabled.subscriptions.size > 0 || disabled.resourceGroups.size > 0;
  const disabledAt = disabledScopesLookup(disabled);
  const needsVmKey = [...disabled.subscriptions.values(), ...disabled.resourceGroups.values()].some((list) => list.some((notScopes) => notScopes.length > 0));
  const policyOf = policyLookup(input.policies);
  // VMs come grouped by subscription: keep the last tier rather than lower-case each VM's subscription id.
  let tierOf = { subscriptionId: '', tier: tiers.get('') };
  const withViews = input.resolveNetworkViews === true;

  const result: ClassifiedVm[] = [];

  const parentOf = resourceParentReader();
  for (const vm of input.virtualMachines) {
    const parsed = parentOf(vm.id);
    const subscriptionId = parsed?.subscriptionId ?? '';
    const resourceGroup = parsed?.resourceGroup ?? '';

    let classification: VmClassification;
    let network: VmNetworkView | undefined;
    // Lower-cased only when a notScope has to be compared with it.
    const vmKey = needsVmKey ? resourceKey(vm.id) : '';
    const policyId = policyOf(vm.id);
    if (tierOf.subscriptionId !== subscriptionId) tierOf = { subscriptionId, tier: tiers.get(subscriptionId.toLowerCase()) };
    if (policyId !== undefined) {
      classification = { state: 'configured', policyId };
      if (withViews) network = resolveVmNetwork(vm, input.network);
    } else if (tierOf.tier !== 'Standard') {
      classification = notRecommended('freeTier');
    } else {
      const scopes = anyDisabled ? disabledAt(subscriptionId, resourceGroup) : undefined;
      if (isDisabledBy(scopes?.subscription, vmKey)) {
        classification = notRecommended('jitDisabledBySubscriptionPolicy');
      } else if (isDisabledBy(scopes?.group, vmKey)) {
        classification = notRecommended('jitDisabledByResourceGroupPolicy');
      } else {
        // Same answers as vmExposure (see its doc), read from the view the rows need anyway.
        if (withViews) network = resolveVmNetwork(vm, input.network);
        const exposure =
          network === undefined
            ? vmExposure(vm, input.network)
            : { guarded: network.nsgIds.length > 0 || network.firewall !== undefined, hasPublicIp: network.publicIpAddresses.length > 0 };
        if (exposure.guarded) classification = RECOMMENDED;
        else if (!exposure.hasPublicIp) classification = notRecommended('noPublicIpAndNoNsg');
        else classification = notRecommended('noNsg');
      }
    }

    const classified: ClassifiedVm = {
      id: vm.id,
      name: vm.name,
      subscriptionId,
      resourceGroup,
      location: vm.location,
      kind: 'arm',
      os: vm.properties.storageProfile.osDisk.osType,
      classification,
    };
    if (network !== undefined) classified.network = network;
    result.push(classified);
  }

  // Classic VMs cannot be in a JIT policy (its ids are Microsoft.Compute VMs only), so they are
  // always Not recommended, whatever their subscription's tier or policy.
  for (const vm of input.classicVirtualMachines) {
    const parsed = parseResourceId(vm.id);
    const os = vm.properties.operatingSystemDisk?.operatingSystem;
    result.push({
      id: vm.id,
      name: vm.name,
      subscriptionId: parsed?.subscriptionId ?? '',
      resourceGroup: parsed?.resourceGroup ?? '',
      location: vm.location,
      kind: 'classic',
      ...(os === undefined ? {} : { os }),
      classification: notRecommended('classicVm'),
    });
  }
  return result;
}

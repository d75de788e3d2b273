import type { z } from 'zod';
import { jitInitiateBodySchema, jitPolicyPutBodySchema } from '../src/api/wire/jit-policy';
import { JIT_OPERATIONS, SYSTEM_CALLER, makeActivityEvent } from '../src/domain/activity';
import type { AzureFirewall, NetworkSecurityGroup, VirtualMachine } from '../src/domain/arm-types';
import { NOT_RECOMMENDED_REASON_TEXT, classifyVms } from '../src/domain/classification';
import {
  applyInitiate,
  applyPolicyWrite,
  expireRequests,
  normalizePolicyForStore,
  validateInitiate,
  type JitNetworkState,
  type JitWriteResult,
  type RuleChange,
} from '../src/domain/jit-rules';
import { JIT_POLICY_TYPE, type JitNetworkAccessPolicy, type JitNetworkAccessPolicyInput, type JitNetworkAccessRequest } from '../src/domain/jit-types';
import { buildNetworkIndex, resolveVmNetwork, type NetworkIndex, type VmNetworkView } from '../src/domain/network-topology';
import { validatePolicyInput, type FieldError } from '../src/domain/policy-validation';
import { parseVirtualMachineId, resourceKey } from '../src/domain/resource-id';
import { ArmError, fieldErrorsToArmError, resourceNotFound } from './arm-error';
import type { DirectoryUser, EmulatorStore } from './store';

// The JIT write path of the emulator: store lookups, the plan gate and the etag, around the
// domain functions that hold every JIT rule. Nothing here decides which rule goes where.

export type EmulatorJitState = JitNetworkState & { vmNetworks: ReadonlyMap<string, VmNetworkView> };

interface CachedState {
  version: number;
  state: EmulatorJitState;
  /** The same Map objects the state and its index hold, kept current as JIT rewrites rules. */
  nsgs: Map<string, NetworkSecurityGroup>;
  indexNsgs: Map<string, NetworkSecurityGroup>;
  firewalls: Map<string, AzureFirewall>;
  firewallByVnet: Map<string, AzureFirewall>;
}

const stateCache = new WeakMap<EmulatorStore, Map<string, CachedState>>();

/**
 * The network state of one subscription as the domain needs it. Built once per topology version
 * (O(resources)); JIT's own rule writes patch the cached NSGs and firewalls in place, since they
 * change rules, not which NSG guards which VM.
 */
export function jitNetworkState(store: EmulatorStore, subscriptionId: string): EmulatorJitState {
  return cachedState(store, subscriptionId).state;
}

function cachedState(store: EmulatorStore, subscriptionId: string): CachedState {
  const key = subscriptionId.toLowerCase();
  let perStore = stateCache.get(store);
  if (!perStore) {
    perStore = new Map();
    stateCache.set(store, perStore);
  }
  const version = store.networkVersion(key);
  const cached = perStore.get(key);
  if (cached?.version === version) return cached;

  const networkSecurityGroups = store.networkSecurityGroups.inSubscription(key);
  const azureFirewalls = store.azureFirewalls.inSubscription(key);
  const built = buildNetworkIndex({
    networkInterfaces: store.networkInterfaces.inSubscription(key),
    networkSecurityGroups,
    virtualNetworks: store.virtualNetworks.inSubscription(key),
    publicIpAddresses: store.publicIpAddresses.inSubscription(key),
    azureFirewalls,
  });
  const indexNsgs = new Map(built.nsgs);
  const firewallByVnet = new Map(built.firewallByVnet);
  const index: NetworkIndex = { ...built, nsgs: indexNsgs, firewallByVnet };
  const nsgs = new Map<string, NetworkSecurityGroup>(networkSecurityGroups.map((nsg) => [resourceKey(nsg.id), nsg]));
  const firewalls = new Map<string, AzureFirewall>(azureFirewalls.map((firewall) => [resourceKey(firewall.id), firewall]));
  const vmNames = new Map<string, string>();
  const vms = new Map<string, VirtualMachine>();
  for (const vm of store.virtualMachines.inSubscription(key)) {
    vmNames.set(resourceKey(vm.id), vm.name);
    vms.set(resourceKey(vm.id), vm);
  }
  const vmNetworks = new LazyVmNetworks(vms, index);
  const entry: CachedState = { version, state: { index, nsgs, firewalls, vmNames, vmNetworks }, nsgs, indexNsgs, firewalls, firewallByVnet };
  perStore.set(key, entry);
  return entry;
}

/**
 * VM id → its network view, resolved on first use. A write touches a handful of VMs, and resolving
 * all of a subscription's (3,000+ in the large fleet) up front was a third of its build time. The
 * views depend only on topology (NICs, subnets, NSG and firewall ids, addresses), which JIT never
 * changes, so resolving late gives the same answer as resolving early.
 */
class LazyVmNetworks implements ReadonlyMap<string, VmNetworkView> {
  private readonly resolved = new Map<string, VmNetworkView>();

  constructor(
    private readonly vms: ReadonlyMap<string, VirtualMachine>,
    private readonly index: NetworkIndex,
  ) {}

  get size(): number {
    return this.vms.size;
  }

  get(key: string): VmNetworkView | undefined {
    const known = this.resolved.get(key);
    if (known) return known;
    const vm = this.vms.get(key);
    if (!vm) return undefined;
    const view = resolveVmNetwork(vm, this.index);
    this.resolved.set(key, view);
    return view;
  }

  has(key: string): boolean {
    return this.vms.has(key);
  }

  *entries(): MapIterator<[string, VmNetworkView]> {
    for (const key of this.vms.keys()) {
      const view = this.get(key);
      if (view) yield [key, view];
    }
  }

  keys(): MapIterator<string> {
    return this.vms.keys();
  }

  *values(): MapIterator<VmNetworkView> {
    for (const [, view] of this.entries()) yield view;
  }

  forEach(callback: (value: VmNetworkView, key: string, map: ReadonlyMap<string, VmNetworkView>) => void): void {
    for (const [key, view] of this.entries()) callback(view, key, this);
  }

  [Symbol.iterator](): MapIterator<[string, VmNetworkView]> {
    return this.entries();
  }
}

interface WriteContext {
  store: EmulatorStore;
  now: Date;
  correlationId: string;
}

function applyNetworkWrite(store: EmulatorStore, subscriptionId: string, write: JitWriteResult): void {
  const cached = cachedState(store, subscriptionId);
  for (const nsg of write.nsgs) {
    store.networkSecurityGroups.upsert(nsg);
    cached.nsgs.set(resourceKey(nsg.id), nsg);
    cached.indexNsgs.set(resourceKey(nsg.id), nsg);
  }
  for (const firewall of write.firewalls) {
    store.azureFirewalls.upsert(firewall);
    const key = resourceKey(firewall.id);
    cached.firewalls.set(key, firewall);
    for (const [vnetId, current] of cached.firewallByVnet) if (resourceKey(current.id) === key) cached.firewallByVnet.set(vnetId, firewall);
  }
}

function ruleChangeOperation(change: RuleChange): string {
  if (change.target === 'firewall') return JIT_OPERATIONS.firewallWrite;
  return change.action === 'add' ? JIT_OPERATIONS.ruleWrite : JIT_OPERATIONS.ruleDelete;
}

/** One activity event per rule JIT added or removed (caller: the Security resource provider). */
function recordRuleChanges({ store, now, correlationId }: WriteContext, changes: readonly RuleChange[]): void {
  for (const change of changes) {
    const properties: Record<string, string> = {
      port: String(change.port),
      rule: change.ruleName,
      access: change.access,
      reason: change.reason,
      [change.target === 'firewall' ? 'firewall' : 'nsg']: change.resourceId,
    };
    if (change.priority !== undefined) properties.priority = String(change.priority);
    store.events.append(
      makeActivityEvent({
        operationName: ruleChangeOperation(change),
        status: 'Succeeded',
        caller: SYSTEM_CALLER,
        resourceId: change.vmId,
        description: change.detail,
        correlationId,
        eventDataId: store.nextGuid(),
        tenantId: store.tenantId,
        now,
        properties,
      }),
    );
  }
}

function newEtag(store: EmulatorStore): string {
  return `"${store.nextGuid()}"`;
}

/**
 * Expires due requests of every policy of a subscription, from the emulator clock, and stores the
 * result with its "Expired" rule removals. Returns whether anything changed (then the caller persists).
 */
export function expireSubscription(context: WriteContext, subscriptionId: string): boolean {
  const { store, now } = context;
  let changed = false;
  for (const policy of [...store.jitPolicies.inSubscription(subscriptionId)]) {
    const result = expireRequests({ policy, state: jitNetworkState(store, subscriptionId), now });
    if (result.policy === policy) continue;
    changed = true;
    // The etag stays: expiry is what the clock already implies, not an edit a client could race with.
    store.jitPolicies.upsert({ ...result.policy, etag: policy.etag });
    applyNetworkWrite(store, subscriptionId, result.write);
    recordRuleChanges(context, result.write.changes);
  }
  return changed;
}

function zodPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${String(segment)}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text === '' ? '(body)' : text;
}

/** A received value as a message shows it: strings quoted, the rest as JSON, long values cut. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? typeof value);
  } catch {
    text = typeof value;
  }
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

// The field a wire-shape problem is in decides its code, so a client gets the same code for
// "22" as a port whether the shape check or the domain found it.
const FIELD_CODES: Record<string, string> = {
  number: 'InvalidPort',
  protocol: 'InvalidProtocol',
  endTimeUtc: 'InvalidEndTime',
  maxRequestAccessDuration: 'InvalidDuration',
  id: 'InvalidResourceId',
  allowedSourceAddressPrefix: 'InvalidAddressPrefix',
  allowedSourceAddressPrefixes: 'InvalidAddressPrefix',
};

function codeOfIssue(path: readonly PropertyKey[], value: unknown): string {
  if (value === undefined && path.length > 0) return 'Required';
  const field = [...path].reverse().find((segment): segment is string => typeof segment === 'string');
  return (field !== undefined ? FIELD_CODES[field] : undefined) ?? 'InvalidRequestBody';
}

/** A zod failure as a 400 naming each field, the problem and the value received. */
export function zodToArmError(error: z.ZodError, body: unknown): ArmError {
  const details = error.issues.map((issue) => {
    const value = valueAt(body, issue.path);
    const target = zodPath(issue.path);
    const message = value === undefined ? `${target}: a value is required (${issue.message})` : `${target}: ${issue.message.replace(/\.$/, '')}; got ${showValue(value)}.`;
    return { code: codeOfIssue(issue.path, value), message, target };
  });
  const [first] = details;
  const more = details.length > 1 ? ` (and ${String(details.length - 1)} more problem${details.length > 2 ? 's' : ''}, see details)` : '';
  return new ArmError(400, first?.code ?? 'InvalidRequestBody', `${first?.message ?? 'The request body is invalid.'}${more}`, {
    ...(first ? { target: first.target } : {}),
    details,
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The least shape the domain's policy validation needs to read a body safely (it checks every
 * value itself, with the codes and sentences the form shows): an object, and objects wherever
 * it walks into a list of VMs or ports.
 */
function putBodyShapeProblem(body: unknown): FieldError | undefined {
  if (!isPlainObject(body)) return { path: '(body)', code: 'InvalidRequestBody', message: `The request body must be a JSON object with properties.virtualMachines; got ${showValue(body)}.` };
  const properties = body.properties;
  if (!isPlainObject(properties) || !Array.isArray(properties.virtualMachines)) return undefined;
  for (const [v, vm] of properties.virtualMachines.entries()) {
    const vmPath = `properties.virtualMachines[${String(v)}]`;
    if (!isPlainObject(vm)) return { path: vmPath, code: 'InvalidRequestBody', message: `Each virtual machine must be an object with id and ports; got ${showValue(vm)}.` };
    if (!Array.isArray(vm.ports)) continue;
    for (const [p, port] of vm.ports.entries()) {
      if (!isPlainObject(port)) {
        return { path: `${vmPath}.ports[${String(p)}]`, code: 'InvalidRequestBody', message: `Each port must be an object with number, protocol, allowed sources and maxRequestAccessDuration; got ${showValue(port)}.` };
      }
    }
  }
  return undefined;
}

/** What the domain's initiate validation takes for granted (it compares with the policy): ports in range, VM ids well-formed. */
function initiateValueProblems(body: z.infer<typeof jitInitiateBodySchema>): FieldError[] {
  const problems: FieldError[] = [];
  body.virtualMachines.forEach((vm, v) => {
    const vmPath = `virtualMachines[${String(v)}]`;
    if (parseVirtualMachineId(vm.id) === undefined) {
      problems.push({ path: `${vmPath}.id`, code: 'InvalidResourceId', message: `${showValue(vm.id)} is not a virtual machine resource id: expected /subscriptions/{subscription id}/resourceGroups/{resource group}/providers/Microsoft.Compute/virtualMachines/{name}.` });
    }
    vm.ports.forEach((port, p) => {
      if (port.number < 0 || port.number > 65535) {
        problems.push({ path: `${vmPath}.ports[${String(p)}].number`, code: 'PortOutOfRange', message: `Port ${String(port.number)} is out of range: a port must be a whole number from 0 to 65535.` });
      }
    });
  });
  return problems;
}

function requireStandardTier(store: EmulatorStore, subscriptionId: string): void {
  if (store.pricingTier(subscriptionId) !== 'Standard') {
    const name = store.subscription(subscriptionId)?.displayName ?? subscriptionId;
    throw new ArmError(
      400,
      'StandardPricingTierRequired',
      `Just-in-time VM access requires the Standard tier of the VirtualMachines plan (Microsoft Defender for Servers), and subscription '${name}' is on the Free tier. Upgrade the subscription's plan to enable it.`,
    );
  }
}

export interface PolicyAddress {
  subscriptionId: string;
  resourceGroupName: string;
  location: string;
  name: string;
}

export function policyId({ subscriptionId, resourceGroupName, location, name }: PolicyAddress): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}/providers/Microsoft.Security/locations/${location}/jitNetworkAccessPolicies/${name}`;
}

function sameLocation(a: string, b: string): boolean {
  return a.replace(/\s+/g, '').toLowerCase() === b.replace(/\s+/g, '').toLowerCase();
}

/** Items by resourceKey of their id, the first of each key (what find() by key would return). */
function firstByKey<T extends { id: string }>(items: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    const key = resourceKey(item.id);
    if (!map.has(key)) map.set(key, item);
  }
  return map;
}

/** Port configuration of each VM, to tell which VMs a write changed. */
function vmConfigs(policy: JitNetworkAccessPolicy | undefined): Map<string, string> {
  return new Map((policy?.properties.virtualMachines ?? []).map((vm) => [resourceKey(vm.id), JSON.stringify(vm.ports)]));
}

export interface PutPolicyArgs extends PolicyAddress, WriteContext {
  body: unknown;
  ifMatch: string | null;
  caller: DirectoryUser;
}

/** CreateOrUpdate: validate, gate, check the etag, then let the domain plan the NSG changes; store all or nothing. */
export function putPolicy(args: PutPolicyArgs): JitNetworkAccessPolicy {
  const { store, now, subscriptionId, location, name, caller } = args;
  // Shape just enough to walk, then the domain's value rules (same codes as the form), then the
  // full wire shape for whatever the domain does not look at (kind, publicIpAddress…).
  const shape = putBodyShapeProblem(args.body);
  if (shape) throw fieldErrorsToArmError([shape], 'InvalidRequestBody');
  const problems = validatePolicyInput(name, args.body as JitNetworkAccessPolicyInput);
  if (problems.length > 0) throw fieldErrorsToArmError(problems, 'InvalidJitPolicy');
  const parsed = jitPolicyPutBodySchema.safeParse(args.body);
  if (!parsed.success) throw zodToArmError(parsed.error, args.body);
  const input = parsed.data;
  requireStandardTier(store, subscriptionId);

  const resourceGroupName = store.resourceGroup(subscriptionId, args.resourceGroupName)?.name ?? args.resourceGroupName;
  const id = policyId({ ...args, resourceGroupName });
  const previous = store.jitPolicies.get(id);

  if (args.ifMatch !== null) {
    const wanted = args.ifMatch.trim();
    if (!previous || (wanted !== '*' && wanted !== previous.etag)) {
      throw new ArmError(
        412,
        'PreconditionFailed',
        previous
          ? `The policy '${name}' has changed since it was read (someone else saved it): If-Match ${wanted} no longer matches its current etag ${previous.etag ?? '(none)'}. Read it again and re-apply your change.`
          : `The policy '${name}' does not exist, so If-Match ${wanted} cannot match.`,
      );
    }
  }

  const state = jitNetworkState(store, subscriptionId);
  const before = vmConfigs(previous);
  const added: string[] = [];
  input.properties.virtualMachines.forEach((vm, index) => {
    const target = `properties.virtualMachines[${String(index)}].id`;
    const parsedId = parseVirtualMachineId(vm.id);
    if (!parsedId || parsedId.subscriptionId.toLowerCase() !== subscriptionId.toLowerCase() || parsedId.resourceGroup.toLowerCase() !== resourceGroupName.toLowerCase()) {
      throw new ArmError(400, 'VirtualMachineNotInResourceGroup', `${target}: '${vm.id}' is not a virtual machine of resource group '${resourceGroupName}'; a policy covers the VMs of its own resource group.`, { target });
    }
    const stored = store.virtualMachines.get(vm.id);
    if (!stored) {
      throw new ArmError(400, 'VirtualMachineNotFound', `${target}: the virtual machine '${parsedId.name}' does not exist in resource group '${resourceGroupName}'.`, { target });
    }
    if (!sameLocation(stored.location, location)) {
      throw new ArmError(400, 'VirtualMachineLocationMismatch', `${target}: the virtual machine '${stored.name}' is in '${stored.location}', but this policy is for location '${location}'.`, { target });
    }
    if (!before.has(resourceKey(vm.id))) added.push(vm.id);
  });

  // Newly added VMs must be eligible (the domain's classification says why not).
  if (added.length > 0) {
    const classified = classifyVms({
      virtualMachines: added.flatMap((vmId) => store.virtualMachines.get(vmId) ?? []),
      classicVirtualMachines: [],
      network: state.index,
      policies: [],
      pricingTiers: new Map([[subscriptionId.toLowerCase(), store.pricingTier(subscriptionId)]]),
      policyAssignments: store.policyAssignments.inSubscription(subscriptionId),
    });
    for (const vm of classified) {
      if (vm.classification.state !== 'notRecommended') continue;
      const { reason } = vm.classification;
      const text = NOT_RECOMMENDED_REASON_TEXT[reason];
      const code = reason === 'jitDisabledByResourceGroupPolicy' || reason === 'jitDisabledBySubscriptionPolicy' ? 'JitDisabledByPolicy' : 'VirtualMachineNotSupported';
      throw new ArmError(400, code, `Just-in-time access cannot be enabled on '${vm.name}': ${text.sentence} ${text.remedy}`, { target: vm.id });
    }
  }

  const normalized = normalizePolicyForStore({ id, name, location, input, previous, state });
  const candidate: JitNetworkAccessPolicy = {
    ...normalized,
    id,
    name,
    type: JIT_POLICY_TYPE,
    kind: input.kind ?? previous?.kind ?? 'Basic',
    location,
  };
  const result = applyPolicyWrite({ previous, next: candidate, state, now });
  if (!result.ok) {
    const error = fieldErrorsToArmError(result.errors, 'JitRulePlacementFailed');
    throw result.errors.some((problem) => problem.code === 'NoFreePriority') ? new ArmError(409, error.body.code, error.body.message, error.body) : error;
  }

  // Commit: nothing above wrote to the store (the etag is drawn only now, since drawing it
  // advances the store's sequence, and a refused write must change nothing).
  const next: JitNetworkAccessPolicy = { ...candidate, etag: newEtag(store) };
  store.jitPolicies.upsert(next);
  applyNetworkWrite(store, subscriptionId, result.value);
  const after = vmConfigs(next);
  const affected = new Set([...before.keys(), ...after.keys()].filter((key) => before.get(key) !== after.get(key)));
  // By key, the first entry of each (as find() would pick): a policy of n VMs is O(n), not O(n²).
  const nextByKey = firstByKey(next.properties.virtualMachines);
  const previousByKey = firstByKey(previous?.properties.virtualMachines ?? []);
  for (const vmKey of affected) {
    const nextVm = nextByKey.get(vmKey);
    const vmId = nextVm?.id ?? previousByKey.get(vmKey)?.id ?? vmKey;
    const vmName = state.vmNames.get(vmKey) ?? vmId.split('/').pop() ?? vmId;
    const ports = nextVm?.ports.map((port) => port.number) ?? [];
    store.events.append(
      makeActivityEvent({
        operationName: JIT_OPERATIONS.policyWrite,
        status: 'Succeeded',
        caller: caller.upn,
        resourceId: vmId,
        description:
          ports.length > 0
            ? `Just-in-time policy '${name}' now protects ports ${ports.join(', ')} of ${vmName}.`
            : `${vmName} was removed from just-in-time policy '${name}'.`,
        correlationId: args.correlationId,
        eventDataId: store.nextGuid(),
        tenantId: store.tenantId,
        now,
        properties: { policy: id, ports: ports.join(',') },
        clientIpAddress: caller.egressIp,
      }),
    );
  }
  recordRuleChanges(args, result.value.changes);
  return next;
}

export interface DeletePolicyArgs extends PolicyAddress, WriteContext {
  caller: DirectoryUser;
}

/** Delete: the domain removes every JIT rule of the policy's VMs. Returns false when there was nothing to delete. */
export function deletePolicy(args: DeletePolicyArgs): boolean {
  const { store, now, subscriptionId, name, caller } = args;
  const id = policyId(args);
  const previous = store.jitPolicies.get(id);
  if (!previous) return false;
  const state = jitNetworkState(store, subscriptionId);
  const result = applyPolicyWrite({ previous, next: undefined, state, now });
  if (!result.ok) throw fieldErrorsToArmError(result.errors, 'JitRulePlacementFailed');
  store.jitPolicies.remove(previous.id);
  applyNetworkWrite(store, subscriptionId, result.value);
  for (const vm of previous.properties.virtualMachines) {
    store.events.append(
      makeActivityEvent({
        operationName: JIT_OPERATIONS.policyDelete,
        status: 'Succeeded',
        caller: caller.upn,
        resourceId: vm.id,
        description: `Just-in-time policy '${name}' was deleted; ${state.vmNames.get(resourceKey(vm.id)) ?? vm.id} is no longer protected.`,
        correlationId: args.correlationId,
        eventDataId: store.nextGuid(),
        tenantId: store.tenantId,
        now,
        properties: { policy: previous.id },
        clientIpAddress: caller.egressIp,
      }),
    );
  }
  recordRuleChanges(args, result.value.changes);
  return true;
}

export interface InitiateArgs extends PolicyAddress, WriteContext {
  body: unknown;
  caller: DirectoryUser;
  /** Scenario seeding only: a requestor other than the caller's upn. */
  requestorOverride?: string;
}

/** Initiate: the domain validates the request against the policy and writes the allow (and DNAT) rules. */
export function initiateRequest(args: InitiateArgs): JitNetworkAccessRequest {
  const { store, now, subscriptionId, resourceGroupName, name, caller } = args;
  const id = policyId(args);
  const policy = store.jitPolicies.get(id);
  if (!policy) throw resourceNotFound('Microsoft.Security/locations/jitNetworkAccessPolicies', `${args.location}/${name}`, resourceGroupName);
  const parsed = jitInitiateBodySchema.safeParse(args.body);
  if (!parsed.success) throw zodToArmError(parsed.error, args.body);
  const body = parsed.data;
  const valueProblems = initiateValueProblems(body);
  if (valueProblems.length > 0) throw fieldErrorsToArmError(valueProblems, 'InvalidJitRequest');
  requireStandardTier(store, subscriptionId);
  const problems = validateInitiate({ policy, body, callerAddress: caller.egressIp, now });
  if (problems.length > 0) throw fieldErrorsToArmError(problems, 'InvalidJitRequest');
  const state = jitNetworkState(store, subscriptionId);
  const requestor = args.requestorOverride ?? caller.upn;
  const result = applyInitiate({ policy, body, requestor, callerAddress: caller.egressIp, state, now });
  if (!result.ok) {
    const error = fieldErrorsToArmError(result.errors, 'InvalidJitRequest');
    throw result.errors.some((problem) => problem.code === 'NoFreePriority') ? new ArmError(409, error.body.code, error.body.message, error.body) : error;
  }
  store.jitPolicies.upsert({ ...result.value.policy, etag: newEtag(store) });
  applyNetworkWrite(store, subscriptionId, result.value.write);
  const { request } = result.value;
  for (const vm of request.virtualMachines) {
    const vmName = state.vmNames.get(resourceKey(vm.id)) ?? vm.id.split('/').pop() ?? vm.id;
    const ports = vm.ports.map((port) => port.number).join(', ');
    const sources = [...new Set(vm.ports.map((port) => port.allowedSourceAddressPrefix ?? port.allowedSourceAddressPrefixes?.join(' ') ?? caller.egressIp))].join(', ');
    const properties: Record<string, string> = { policy: id, ports, source: sources, endTimeUtc: vm.ports[0]?.endTimeUtc ?? '' };
    if (request.justification !== undefined) properties.justification = request.justification;
    store.events.append(
      makeActivityEvent({
        operationName: JIT_OPERATIONS.initiate,
        status: 'Succeeded',
        caller: requestor,
        resourceId: vm.id,
        description: `${requestor} requested access to port${vm.ports.length > 1 ? 's' : ''} ${ports} of ${vmName} from ${sources}${request.justification ? `: ${request.justification}` : ''}.`,
        correlationId: args.correlationId,
        eventDataId: store.nextGuid(),
        tenantId: store.tenantId,
        now,
        properties,
        clientIpAddress: caller.egressIp,
      }),
    );
  }
  recordRuleChanges(args, result.value.write.changes);
  return request;
}

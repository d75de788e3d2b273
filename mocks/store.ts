import type {
  AzureFirewall,
  ClassicVirtualMachine,
  EventData,
  NetworkInterface,
  NetworkSecurityGroup,
  PolicyAssignment,
  Pricing,
  PricingTier,
  PublicIpAddress,
  RoleAssignment,
  RoleDefinition,
  Subscription,
  VirtualMachine,
  VirtualNetwork,
} from '../src/domain/arm-types';
import type { JitNetworkAccessPolicy } from '../src/domain/jit-types';
import { resourceKey, subscriptionSegmentOf } from '../src/domain/resource-id';

/** Bumped whenever the snapshot's shape changes: an older stored snapshot is replaced by the seed. */
export const SCHEMA_VERSION = 1;

export interface ResourceGroup {
  id: string;
  name: string;
  type: 'Microsoft.Resources/resourceGroups';
  location: string;
  properties: { provisioningState: 'Succeeded' };
}

/** A person in the emulator's directory. The console signs in as one of them. */
export interface DirectoryUser {
  upn: string;
  name: string;
  objectId: string;
  /** The address the user's traffic appears to come from (documentation ranges), used for "My IP". */
  egressIp: string;
  /** Display name of the user's main role, for the sign-in picker. */
  roleName: string;
}

/** The whole emulator state as plain JSON: what IndexedDB stores and what scenarios produce. */
export interface EmulatorSnapshot {
  schemaVersion: number;
  scenario: string;
  tenantId: string;
  /** Monotonic counter for ids and etags, so they stay unique across reloads. */
  sequence: number;
  users: DirectoryUser[];
  subscriptions: Subscription[];
  pricings: Pricing[];
  resourceGroups: ResourceGroup[];
  virtualMachines: VirtualMachine[];
  classicVirtualMachines: ClassicVirtualMachine[];
  networkInterfaces: NetworkInterface[];
  networkSecurityGroups: NetworkSecurityGroup[];
  publicIpAddresses: PublicIpAddress[];
  virtualNetworks: VirtualNetwork[];
  azureFirewalls: AzureFirewall[];
  jitPolicies: JitNetworkAccessPolicy[];
  policyAssignments: PolicyAssignment[];
  /** Tenant-level definitions ("/providers/Microsoft.Authorization/roleDefinitions/{guid}"). */
  roleDefinitions: RoleDefinition[];
  roleAssignments: RoleAssignment[];
  /** Activity log, oldest first. */
  events: EventData[];
}

/** The subscription guid of an ARM id, lower-cased ("" when the id is not under a subscription). */
export function subscriptionKeyOf(id: string): string {
  // Called for every resource on every load and write (45,000 times for the large fleet).
  return (subscriptionSegmentOf(id) ?? '').toLowerCase();
}

/** The resource group of an ARM id, lower-cased, or undefined. */
export function resourceGroupKeyOf(id: string): string | undefined {
  if (!/^\/subscriptions\//i.test(id)) return undefined;
  const afterSubscription = id.indexOf('/', 15);
  if (afterSubscription === -1) return undefined;
  const groupStart = afterSubscription + 1 + 'resourceGroups/'.length;
  if (id.slice(afterSubscription + 1, groupStart).toLowerCase() !== 'resourcegroups/') return undefined;
  const end = id.indexOf('/', groupStart);
  return (end === -1 ? id.slice(groupStart) : id.slice(groupStart, end)).toLowerCase();
}

/**
 * Resources of one type, grouped per subscription in insertion order, with an id index. Lists
 * answer from the per-subscription array (a page is a slice, never a copy of the store); gets are
 * one Map lookup. ARM ids are case-insensitive: the index is keyed by the ids as written, and a
 * lookup spelled otherwise goes to an index by lower-cased id, built on the first such lookup and
 * kept current after. Lower-casing every id up front was a tenth of building the 10,000-VM fleet
 * (45,000 ids, ~6 MB of keys for the garbage collector to copy), and the emulator's own
 * references and the console's URLs spell ids as the resources do.
 */
export class ResourceTable<T extends { id: string }> {
  private readonly bySubscription = new Map<string, T[]>();
  /** Id as written → position in its subscription's array. */
  private readonly positions = new Map<string, number>();
  /** resourceKey(id) → id as written; undefined until a lookup misses `positions`. */
  private spellings: Map<string, string> | undefined;
  /** Per subscription, bumped on every upsert and removal there (keys the list-page text cache). */
  private readonly versions = new Map<string, number>();
  /** Told of every upsert and removal after construction (the store's change tracker). */
  onChange: ((id: string, change: 'upsert' | 'remove') => void) | undefined;

  /** `items` spell each resource's id one way (a snapshot, or a scenario's build); a repeated id replaces the earlier item. */
  constructor(items: readonly T[] = []) {
    // Items come grouped by subscription: the last group's key is reused while the prefix matches.
    let prefix = '';
    let list: T[] | undefined;
    for (const item of items) {
      if (list === undefined || !item.id.startsWith(prefix)) {
        const subscription = subscriptionKeyOf(item.id);
        list = this.listOf(subscription);
        // "/subscriptions/{id}/" as written, so an id of another subscription never matches it.
        prefix = subscription === '' ? '\u0000' : `${item.id.slice(0, 15 + subscription.length)}/`;
        this.bump(subscription);
      }
      const known = this.positions.get(item.id);
      if (known === undefined) {
        this.positions.set(item.id, list.length);
        list.push(item);
      } else {
        list[known] = item;
      }
    }
  }

  get size(): number {
    return this.positions.size;
  }

  /** Changes whenever a resource of the subscription is written or removed. */
  version(subscriptionId: string): number {
    return this.versions.get(subscriptionId.toLowerCase()) ?? 0;
  }

  private bump(subscription: string): void {
    this.versions.set(subscription, (this.versions.get(subscription) ?? 0) + 1);
  }

  private listOf(subscription: string): T[] {
    let list = this.bySubscription.get(subscription);
    if (!list) {
      list = [];
      this.bySubscription.set(subscription, list);
    }
    return list;
  }

  /** The id as the table holds it, however `id` is spelled; undefined when there is no such resource. */
  private storedId(id: string): string | undefined {
    if (this.positions.has(id)) return id;
    if (this.spellings === undefined) {
      this.spellings = new Map();
      for (const written of this.positions.keys()) this.spellings.set(resourceKey(written), written);
    }
    return this.spellings.get(resourceKey(id));
  }

  get(id: string): T | undefined {
    const stored = this.storedId(id);
    if (stored === undefined) return undefined;
    const position = this.positions.get(stored);
    return position === undefined ? undefined : this.bySubscription.get(subscriptionKeyOf(stored))?.[position];
  }

  upsert(item: T): void {
    const subscription = subscriptionKeyOf(item.id);
    const list = this.listOf(subscription);
    const stored = this.storedId(item.id);
    const position = stored === undefined ? undefined : this.positions.get(stored);
    if (stored === undefined || position === undefined) {
      this.positions.set(item.id, list.length);
      this.spellings?.set(resourceKey(item.id), item.id);
      list.push(item);
    } else {
      list[position] = item;
      if (stored !== item.id) {
        // The record now spells its id this way: index it so.
        this.positions.delete(stored);
        this.positions.set(item.id, position);
        this.spellings?.set(resourceKey(item.id), item.id);
      }
    }
    this.bump(subscription);
    this.onChange?.(item.id, 'upsert');
  }

  remove(id: string): boolean {
    const stored = this.storedId(id);
    const position = stored === undefined ? undefined : this.positions.get(stored);
    const subscription = subscriptionKeyOf(id);
    const list = this.bySubscription.get(subscription);
    if (stored === undefined || position === undefined || !list) return false;
    this.bump(subscription);
    list.splice(position, 1);
    this.positions.delete(stored);
    this.spellings?.delete(resourceKey(stored));
    for (let i = position; i < list.length; i++) {
      const moved = list[i];
      if (moved) this.positions.set(moved.id, i);
    }
    this.onChange?.(id, 'remove');
    return true;
  }

  /** The subscription's resources, in insertion order. Read-only view of the live array. */
  inSubscription(subscriptionId: string): readonly T[] {
    return this.bySubscription.get(subscriptionId.toLowerCase()) ?? [];
  }

  /** Lazily the resources of one resource group (no intermediate array). */
  *inResourceGroup(subscriptionId: string, resourceGroup: string): Generator<T> {
    const rg = resourceGroup.toLowerCase();
    for (const item of this.inSubscription(subscriptionId)) {
      if (resourceGroupKeyOf(item.id) === rg) yield item;
    }
  }

  all(): T[] {
    return [...this.bySubscription.values()].flat();
  }
}

/** Activity events per subscription, oldest first (appends are O(1); readers walk backwards). */
export class EventLog {
  private readonly bySubscription = new Map<string, EventData[]>();
  private readonly ids = new Set<string>();
  /** Told of every event appended after construction (the store's change tracker). */
  onAppend: ((event: EventData) => void) | undefined;

  constructor(events: readonly EventData[] = []) {
    for (const event of events) this.append(event);
  }

  /** Whether an event with this eventDataId is in the log (replaying a journal twice adds nothing). */
  has(eventDataId: string): boolean {
    return this.ids.has(eventDataId);
  }

  append(event: EventData): void {
    this.ids.add(event.eventDataId);
    this.onAppend?.(event);
    const key = event.subscriptionId.toLowerCase();
    let list = this.bySubscription.get(key);
    if (!list) {
      list = [];
      this.bySubscription.set(key, list);
    }
    // Events are normally appended in time order; a seeded event from the past is inserted in place.
    let at = list.length;
    while (at > 0 && (list[at - 1]?.eventTimestamp ?? '') > event.eventTimestamp) at--;
    list.splice(at, 0, event);
  }

  /** Newest first. */
  *newestFirst(subscriptionId: string): Generator<EventData> {
    const list = this.bySubscription.get(subscriptionId.toLowerCase()) ?? [];
    for (let i = list.length - 1; i >= 0; i--) {
      const event = list[i];
      if (event) yield event;
    }
  }

  all(): EventData[] {
    return [...this.bySubscription.values()].flat().sort((a, b) => a.eventTimestamp.localeCompare(b.eventTimestamp));
  }
}

/** The resource tables of the store, by the snapshot property that holds them. */
export const TABLE_KINDS = [
  'subscriptions',
  'pricings',
  'resourceGroups',
  'virtualMachines',
  'classicVirtualMachines',
  'networkInterfaces',
  'networkSecurityGroups',
  'publicIpAddresses',
  'virtualNetworks',
  'azureFirewalls',
  'jitPolicies',
  'policyAssignments',
  'roleAssignments',
] as const;
export type TableKind = (typeof TABLE_KINDS)[number];

/**
 * What changed since the store was last saved, so a save writes only the changed records (the
 * large fleet is ~27 MB as a whole). Keys are kind + lower-cased id; `removed` remembers a removal
 * that came before a re-insert, so replaying keeps the table's order.
 */
export class ChangeTracker {
  readonly records = new Map<string, { kind: TableKind; id: string; removed: boolean }>();
  readonly events: EventData[] = [];
  /** A store that has never been saved (seeded, reset, or loaded from a damaged journal) is saved as a new base. */
  needsBase = true;
  /** While set, changes are not recorded (applying another tab's committed entry: it is stored already). */
  paused = false;
  /**
   * Journal entries (raw texts) that follow the base of a store loaded from a damaged journal: the
   * new base is the same seed again plus these, so the damaged tail is dropped without saving 27 MB.
   */
  keptJournal: readonly string[] | undefined;

  record(kind: TableKind, id: string, change: 'upsert' | 'remove'): void {
    if (this.paused) return;
    const key = `${kind}|${resourceKey(id)}`;
    const known = this.records.get(key);
    this.records.set(key, { kind, id, removed: (known?.removed ?? false) || change === 'remove' });
  }

  get isEmpty(): boolean {
    return this.records.size === 0 && this.events.length === 0;
  }

  clear(): void {
    this.records.clear();
    this.events.length = 0;
  }
}

/**
 * Where a store came from when it is a named scenario built by the typed builders: the builders are
 * deterministic (seeded PRNG, ids from counters, times relative to `seededAt`), so these few fields
 * rebuild exactly the same store, and persistence saves them instead of the ~27 MB the large fleet
 * serialises to.
 */
export interface ScenarioOrigin {
  scenario: string;
  /** The `now` the scenario was built at (ISO). */
  seededAt: string;
  /** The scenario builders' version: a saved origin of another version no longer rebuilds the same base. */
  scenarioVersion: number;
}

/** The live, indexed state the handlers read and the JIT service writes. */
export class EmulatorStore {
  scenario: string;
  /** Set when the store is a freshly built named scenario (see ScenarioOrigin); undefined for a restored snapshot or a test's own builder. */
  origin: ScenarioOrigin | undefined;
  tenantId: string;
  sequence: number;
  users: DirectoryUser[];
  readonly subscriptions: ResourceTable<Subscription>;
  readonly pricings: ResourceTable<Pricing>;
  readonly resourceGroups: ResourceTable<ResourceGroup>;
  readonly virtualMachines: ResourceTable<VirtualMachine>;
  readonly classicVirtualMachines: ResourceTable<ClassicVirtualMachine>;
  readonly networkInterfaces: ResourceTable<NetworkInterface>;
  readonly networkSecurityGroups: ResourceTable<NetworkSecurityGroup>;
  readonly publicIpAddresses: ResourceTable<PublicIpAddress>;
  readonly virtualNetworks: ResourceTable<VirtualNetwork>;
  readonly azureFirewalls: ResourceTable<AzureFirewall>;
  readonly jitPolicies: ResourceTable<JitNetworkAccessPolicy>;
  readonly policyAssignments: ResourceTable<PolicyAssignment>;
  readonly roleDefinitions: RoleDefinition[];
  readonly roleAssignments: ResourceTable<RoleAssignment>;
  readonly events: EventLog;
  /** Changes since the last save (see ChangeTracker). */
  readonly changes = new ChangeTracker();
  /** Per subscription, bumped on every NSG/firewall/topology change (invalidates derived caches). */
  private readonly networkVersions = new Map<string, number>();

  constructor(snapshot: EmulatorSnapshot) {
    this.scenario = snapshot.scenario;
    this.tenantId = snapshot.tenantId;
    this.sequence = snapshot.sequence;
    this.users = snapshot.users;
    this.subscriptions = new ResourceTable(snapshot.subscriptions);
    this.pricings = new ResourceTable(snapshot.pricings);
    this.resourceGroups = new ResourceTable(snapshot.resourceGroups);
    this.virtualMachines = new ResourceTable(snapshot.virtualMachines);
    this.classicVirtualMachines = new ResourceTable(snapshot.classicVirtualMachines);
    this.networkInterfaces = new ResourceTable(snapshot.networkInterfaces);
    this.networkSecurityGroups = new ResourceTable(snapshot.networkSecurityGroups);
    this.publicIpAddresses = new ResourceTable(snapshot.publicIpAddresses);
    this.virtualNetworks = new ResourceTable(snapshot.virtualNetworks);
    this.azureFirewalls = new ResourceTable(snapshot.azureFirewalls);
    this.jitPolicies = new ResourceTable(snapshot.jitPolicies);
    this.policyAssignments = new ResourceTable(snapshot.policyAssignments);
    this.roleDefinitions = snapshot.roleDefinitions;
    this.roleAssignments = new ResourceTable(snapshot.roleAssignments);
    this.events = new EventLog(snapshot.events);
    for (const kind of TABLE_KINDS) this.table(kind).onChange = (id, change) => this.changes.record(kind, id, change);
    this.events.onAppend = (event) => {
      if (!this.changes.paused) this.changes.events.push(event);
    };
  }

  table(kind: TableKind): ResourceTable<{ id: string }> {
    return this[kind];
  }

  toSnapshot(): EmulatorSnapshot {
    return {
      schemaVersion: SCHEMA_VERSION,
      scenario: this.scenario,
      tenantId: this.tenantId,
      sequence: this.sequence,
      users: this.users,
      subscriptions: this.subscriptions.all(),
      pricings: this.pricings.all(),
      resourceGroups: this.resourceGroups.all(),
      virtualMachines: this.virtualMachines.all(),
      classicVirtualMachines: this.classicVirtualMachines.all(),
      networkInterfaces: this.networkInterfaces.all(),
      networkSecurityGroups: this.networkSecurityGroups.all(),
      publicIpAddresses: this.publicIpAddresses.all(),
      virtualNetworks: this.virtualNetworks.all(),
      azureFirewalls: this.azureFirewalls.all(),
      jitPolicies: this.jitPolicies.all(),
      policyAssignments: this.policyAssignments.all(),
      roleDefinitions: this.roleDefinitions,
      roleAssignments: this.roleAssignments.all(),
      events: this.events.all(),
    };
  }

  /** A fresh, unique, deterministic GUID (ids of events, etags). */
  nextGuid(): string {
    this.sequence += 1;
    const hex = this.sequence.toString(16).padStart(12, '0');
    return `00000000-0000-4000-8000-${hex}`;
  }

  networkVersion(subscriptionId: string): number {
    return this.networkVersions.get(subscriptionId.toLowerCase()) ?? 0;
  }

  touchNetwork(subscriptionId: string): void {
    const key = subscriptionId.toLowerCase();
    this.networkVersions.set(key, (this.networkVersions.get(key) ?? 0) + 1);
  }

  subscription(subscriptionId: string): Subscription | undefined {
    return this.subscriptions.get(`/subscriptions/${subscriptionId}`);
  }

  resourceGroup(subscriptionId: string, name: string): ResourceGroup | undefined {
    return this.resourceGroups.get(`/subscriptions/${subscriptionId}/resourceGroups/${name}`);
  }

  pricingTier(subscriptionId: string): PricingTier {
    return this.pricings.get(`/subscriptions/${subscriptionId}/providers/Microsoft.Security/pricings/VirtualMachines`)?.properties
      .pricingTier ?? 'Free';
  }

  user(upn: string): DirectoryUser | undefined {
    const key = upn.toLowerCase();
    return this.users.find((user) => user.upn.toLowerCase() === key);
  }
}

import { makeActivityEvent } from '../../src/domain/activity';
import {
  JIT_POLICY_EFFECT_PARAMETER,
  type AzureFirewall,
  type ClassicVirtualMachine,
  type EventData,
  type NetworkInterface,
  type NetworkSecurityGroup,
  type OsType,
  type PolicyAssignment,
  type PricingTier,
  type PublicIpAddress,
  type SecurityRule,
  type VirtualMachine,
  type VirtualNetwork,
} from '../../src/domain/arm-types';
import { defaultPortRule } from '../../src/domain/policy-validation';
import { DEFAULT_USERS, defaultRoleAssignments, defaultRoleDefinitions } from '../identity';
import { expireSubscription, initiateRequest, putPolicy } from '../jit-service';
import { createPrng, type Prng } from '../prng';
import { EmulatorStore, SCHEMA_VERSION, type EmulatorSnapshot, type ResourceGroup } from '../store';

// Typed scenario builders with traits (`rg.vm('vm-web-01').windows().withNicNsg(nsg)`,
// `nsg.withUserRule(22)`). A fleet is built in two steps: the ARM resources as plain JSON, then the
// JIT history replayed through the emulator's own write path (so the NSGs hold exactly the rules
// the domain writes), with the clock moved back for past requests.

export const ASC_DEFAULT_INITIATIVE = '/providers/Microsoft.Authorization/policySetDefinitions/1f3afdf9-d0c9-4c3d-847f-89da613e70a8';
const HOUR = 3_600_000;

export interface FleetOptions {
  scenario: string;
  seed: number;
  now: Date;
  tenantId?: string;
}

interface UserRuleSpec {
  port: number;
  source: string;
  access: 'Allow' | 'Deny';
  name?: string;
}

export class NsgBuilder {
  readonly id: string;
  readonly userRules: UserRuleSpec[] = [];
  constructor(
    readonly rg: ResourceGroupBuilder,
    readonly name: string,
  ) {
    this.id = `${rg.id}/providers/Microsoft.Network/networkSecurityGroups/${name}`;
  }

  /** A rule a person wrote: allow `port` from `source` (JIT must leave it alone and keep its precedence). */
  withUserRule(port: number, options: { source?: string; access?: 'Allow' | 'Deny'; name?: string } = {}): this {
    this.userRules.push({ port, source: options.source ?? 'Internet', access: options.access ?? 'Allow', ...(options.name ? { name: options.name } : {}) });
    return this;
  }
}

export class SubnetRef {
  readonly id: string;
  nextHost = 4;
  /** "a.b.c." of the subnet's prefix: the hosts' addresses are this plus a number. */
  private readonly network: string;
  constructor(
    readonly vnet: VnetBuilder,
    readonly name: string,
    readonly addressPrefix: string,
    readonly nsg: NsgBuilder | undefined,
  ) {
    this.id = `${vnet.id}/subnets/${name}`;
    const base = addressPrefix.split('/')[0]?.split('.') ?? [];
    this.network = `${base[0] ?? '10'}.${base[1] ?? '0'}.${base[2] ?? '0'}.`;
  }

  allocate(): string {
    const host = this.nextHost;
    this.nextHost += 1;
    return `${this.network}${String(host)}`;
  }
}

export class VnetBuilder {
  readonly id: string;
  readonly subnets: SubnetRef[] = [];
  firewall: { name: string; publicIp: string; privateIp: string } | undefined;
  constructor(
    readonly rg: ResourceGroupBuilder,
    readonly name: string,
    readonly octet: number,
  ) {
    this.id = `${rg.id}/providers/Microsoft.Network/virtualNetworks/${name}`;
  }

  get addressPrefix(): string {
    return `10.${String(this.octet)}.0.0/16`;
  }

  subnet(name: string, options: { nsg?: NsgBuilder } = {}): SubnetRef {
    const subnet = new SubnetRef(this, name, `10.${String(this.octet)}.${String(this.subnets.length)}.0/24`, options.nsg);
    this.subnets.push(subnet);
    return subnet;
  }

  /** An Azure Firewall in this VNet (AzureFirewallSubnet + public IP): it protects the VNet's VMs. */
  withFirewall(name: string): this {
    this.firewall = { name, publicIp: this.rg.fleet.nextPublicIp(), privateIp: `10.${String(this.octet)}.250.4` };
    return this;
  }
}

export interface RequestSpec {
  port: number;
  /** When the request was made, hours before the fleet's `now`. */
  hoursAgo: number;
  /** Requested duration in hours (within the port's maximum). */
  hours: number;
  requestor: string;
  justification?: string;
  source?: string;
}

export class VmBuilder {
  readonly id: string;
  os: OsType = 'Linux';
  vmSize = 'Standard_B2s';
  subnet: SubnetRef | undefined;
  nicNsg: NsgBuilder | undefined;
  publicIp = false;
  jitPorts: number[] | undefined;
  readonly requests: RequestSpec[] = [];
  tags: Record<string, string> = {};
  constructor(
    readonly rg: ResourceGroupBuilder,
    readonly name: string,
  ) {
    this.id = `${rg.id}/providers/Microsoft.Compute/virtualMachines/${name}`;
  }

  windows(): this {
    this.os = 'Windows';
    this.vmSize = 'Standard_D2s_v5';
    return this;
  }

  linux(): this {
    this.os = 'Linux';
    return this;
  }

  size(vmSize: string): this {
    this.vmSize = vmSize;
    return this;
  }

  inSubnet(subnet: SubnetRef): this {
    this.subnet = subnet;
    return this;
  }

  withNicNsg(nsg: NsgBuilder): this {
    this.nicNsg = nsg;
    return this;
  }

  withPublicIp(): this {
    this.publicIp = true;
    return this;
  }

  /** Places the VM in a workload subnet of a VNet whose Azure Firewall protects it (no public IP of its own). */
  behindFirewall(vnet: VnetBuilder): this {
    if (!vnet.firewall) throw new Error(`${vnet.name} has no firewall`);
    this.subnet = vnet.subnets.find((subnet) => subnet.name !== 'AzureFirewallSubnet') ?? vnet.subnet('snet-workload');
    this.publicIp = false;
    return this;
  }

  /** Put these ports under a JIT policy (the blade's defaults for each port). */
  jit(ports: number[]): this {
    this.jitPorts = ports;
    return this;
  }

  request(spec: RequestSpec): this {
    this.requests.push(spec);
    return this;
  }

  tag(name: string, value: string): this {
    this.tags[name] = value;
    return this;
  }
}

export class ResourceGroupBuilder {
  readonly id: string;
  readonly vnets: VnetBuilder[] = [];
  readonly nsgs: NsgBuilder[] = [];
  readonly vms: VmBuilder[] = [];
  readonly classicVms: { name: string; os: OsType }[] = [];
  jitDisabled = false;
  constructor(
    readonly subscription: SubscriptionBuilder,
    readonly fleet: FleetBuilder,
    readonly name: string,
    readonly location: string,
  ) {
    this.id = `/subscriptions/${subscription.id}/resourceGroups/${name}`;
  }

  vnet(name: string): VnetBuilder {
    const vnet = new VnetBuilder(this, name, this.fleet.nextVnetOctet());
    this.vnets.push(vnet);
    return vnet;
  }

  nsg(name: string): NsgBuilder {
    const nsg = new NsgBuilder(this, name);
    this.nsgs.push(nsg);
    return nsg;
  }

  vm(name: string): VmBuilder {
    const vm = new VmBuilder(this, name);
    this.vms.push(vm);
    return vm;
  }

  classicVm(name: string, os: OsType = 'Windows'): this {
    this.classicVms.push({ name, os });
    return this;
  }

  /** The Security Center default initiative assigned here with the JIT effect Disabled. */
  disableJitByPolicy(): this {
    this.jitDisabled = true;
    return this;
  }
}

export class SubscriptionBuilder {
  readonly resourceGroups: ResourceGroupBuilder[] = [];
  jitDisabled = false;
  constructor(
    readonly fleet: FleetBuilder,
    readonly id: string,
    readonly displayName: string,
    readonly tier: PricingTier,
  ) {}

  resourceGroup(name: string, location: string): ResourceGroupBuilder {
    const rg = new ResourceGroupBuilder(this, this.fleet, name, location);
    this.resourceGroups.push(rg);
    return rg;
  }

  disableJitByPolicy(): this {
    this.jitDisabled = true;
    return this;
  }
}

function defaultNsgRules(nsgId: string): SecurityRule[] {
  const rule = (name: string, priority: number, direction: 'Inbound' | 'Outbound', access: 'Allow' | 'Deny', source: string, destination: string, description: string): SecurityRule => ({
    id: `${nsgId}/defaultSecurityRules/${name}`,
    name,
    type: 'Microsoft.Network/networkSecurityGroups/securityRules',
    properties: {
      description,
      protocol: '*',
      sourcePortRange: '*',
      destinationPortRange: '*',
      sourceAddressPrefix: source,
      destinationAddressPrefix: destination,
      access,
      priority,
      direction,
      provisioningState: 'Succeeded',
    },
  });
  return [
    rule('AllowVnetInBound', 65000, 'Inbound', 'Allow', 'VirtualNetwork', 'VirtualNetwork', 'Allow inbound traffic from all VMs in VNET'),
    rule('AllowAzureLoadBalancerInBound', 65001, 'Inbound', 'Allow', 'AzureLoadBalancer', '*', 'Allow inbound traffic from azure load balancer'),
    rule('DenyAllInBound', 65500, 'Inbound', 'Deny', '*', '*', 'Deny all inbound traffic'),
    rule('AllowVnetOutBound', 65000, 'Outbound', 'Allow', 'VirtualNetwork', 'VirtualNetwork', 'Allow outbound traffic from all VMs to all VMs in VNET'),
    rule('AllowInternetOutBound', 65001, 'Outbound', 'Allow', '*', 'Internet', 'Allow outbound traffic from all VMs to Internet'),
    rule('DenyAllOutBound', 65500, 'Outbound', 'Deny', '*', '*', 'Deny all outbound traffic'),
  ];
}

const IMAGES: Record<OsType, { publisher: string; offer: string; sku: string; version: string }> = {
  Windows: { publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2022-datacenter-azure-edition', version: 'latest' },
  Linux: { publisher: 'Canonical', offer: '0001-com-ubuntu-server-jammy', sku: '22_04-lts-gen2', version: 'latest' },
};

export class FleetBuilder {
  readonly prng: Prng;
  readonly now: Date;
  readonly tenantId: string;
  readonly subscriptions: SubscriptionBuilder[] = [];
  private readonly extraEvents: { at: Date; build: (guid: string, tenantId: string) => EventData }[] = [];
  private vnetOctet = 0;
  private publicIpCounter = 0;

  constructor(readonly options: FleetOptions) {
    this.prng = createPrng(options.seed);
    this.now = options.now;
    this.tenantId = options.tenantId ?? '72f988bf-86f1-41af-91ab-2d7cd011db47';
  }

  subscription(displayName: string, options: { id: string; tier: PricingTier }): SubscriptionBuilder {
    const subscription = new SubscriptionBuilder(this, options.id, displayName, options.tier);
    this.subscriptions.push(subscription);
    return subscription;
  }

  nextVnetOctet(): number {
    this.vnetOctet += 1;
    return this.vnetOctet % 250;
  }

  /** Public addresses from an Azure-like block, deterministic. */
  nextPublicIp(): string {
    this.publicIpCounter += 1;
    const n = this.publicIpCounter;
    return `20.${String(50 + Math.floor(n / 65_000))}.${String(Math.floor(n / 250) % 256)}.${String((n % 250) + 1)}`;
  }

  /** An activity event that did not come from a JIT write (e.g. hostile text for CSV export tests). */
  event(input: Omit<Parameters<typeof makeActivityEvent>[0], 'eventDataId' | 'tenantId' | 'now'> & { hoursAgo: number }): this {
    const at = new Date(this.now.getTime() - input.hoursAgo * HOUR);
    const { hoursAgo: _hoursAgo, ...rest } = input;
    this.extraEvents.push({ at, build: (guid, tenantId) => makeActivityEvent({ ...rest, eventDataId: guid, tenantId, now: at }) });
    return this;
  }

  /** Plain ARM resources (no JIT yet). */
  private snapshot(): EmulatorSnapshot {
    const snapshot: EmulatorSnapshot = {
      schemaVersion: SCHEMA_VERSION,
      scenario: this.options.scenario,
      tenantId: this.tenantId,
      sequence: 0,
      users: DEFAULT_USERS,
      subscriptions: [],
      pricings: [],
      resourceGroups: [],
      virtualMachines: [],
      classicVirtualMachines: [],
      networkInterfaces: [],
      networkSecurityGroups: [],
      publicIpAddresses: [],
      virtualNetworks: [],
      azureFirewalls: [],
      jitPolicies: [],
      policyAssignments: [],
      roleDefinitions: defaultRoleDefinitions(this.subscriptions.map((subscription) => subscription.id)),
      roleAssignments: [],
      events: [],
    };
    let counter = 0;
    const guid = (): string => {
      counter += 1;
      return `00000000-0000-4000-a000-${counter.toString(16).padStart(12, '0')}`;
    };
    snapshot.roleAssignments = defaultRoleAssignments(
      this.subscriptions.map((subscription) => subscription.id),
      guid,
    );

    const policyAssignment = (scope: string, disabled: boolean): PolicyAssignment => ({
      id: `${scope}/providers/Microsoft.Authorization/policyAssignments/SecurityCenterBuiltIn`,
      name: 'SecurityCenterBuiltIn',
      type: 'Microsoft.Authorization/policyAssignments',
      properties: {
        displayName: `ASC Default (${scope})`,
        policyDefinitionId: ASC_DEFAULT_INITIATIVE,
        scope,
        enforcementMode: 'Default',
        parameters: { [JIT_POLICY_EFFECT_PARAMETER]: { value: disabled ? 'Disabled' : 'AuditIfNotExists' } },
      },
    });

    for (const sub of this.subscriptions) {
      const subscriptionScope = `/subscriptions/${sub.id}`;
      snapshot.subscriptions.push({ id: subscriptionScope, subscriptionId: sub.id, tenantId: this.tenantId, displayName: sub.displayName, state: 'Enabled' });
      snapshot.pricings.push({
        id: `${subscriptionScope}/providers/Microsoft.Security/pricings/VirtualMachines`,
        name: 'VirtualMachines',
        type: 'Microsoft.Security/pricings',
        properties: { pricingTier: sub.tier, ...(sub.tier === 'Free' ? { freeTrialRemainingTime: 'PT0S' } : {}) },
      });
      snapshot.policyAssignments.push(policyAssignment(subscriptionScope, sub.jitDisabled));

      for (const rg of sub.resourceGroups) {
        const group: ResourceGroup = { id: rg.id, name: rg.name, type: 'Microsoft.Resources/resourceGroups', location: rg.location, properties: { provisioningState: 'Succeeded' } };
        snapshot.resourceGroups.push(group);
        if (rg.jitDisabled) snapshot.policyAssignments.push(policyAssignment(rg.id, true));

        const nsgBackRefs = new Map<string, { nics: string[]; subnets: string[] }>(rg.nsgs.map((nsg) => [nsg.id, { nics: [], subnets: [] }]));
        for (const vnet of rg.vnets) {
          const subnets: VirtualNetwork['properties']['subnets'] = vnet.subnets.map((subnet) => {
            if (subnet.nsg) nsgBackRefs.get(subnet.nsg.id)?.subnets.push(subnet.id);
            return {
              id: subnet.id,
              name: subnet.name,
              type: 'Microsoft.Network/virtualNetworks/subnets',
              properties: { addressPrefix: subnet.addressPrefix, ...(subnet.nsg ? { networkSecurityGroup: { id: subnet.nsg.id } } : {}), provisioningState: 'Succeeded' },
            };
          });
          if (vnet.firewall) {
            const firewallSubnetId = `${vnet.id}/subnets/AzureFirewallSubnet`;
            subnets.push({ id: firewallSubnetId, name: 'AzureFirewallSubnet', type: 'Microsoft.Network/virtualNetworks/subnets', properties: { addressPrefix: `10.${String(vnet.octet)}.250.0/26`, provisioningState: 'Succeeded' } });
            const pipId = `${rg.id}/providers/Microsoft.Network/publicIPAddresses/pip-${vnet.firewall.name}`;
            const firewallId = `${rg.id}/providers/Microsoft.Network/azureFirewalls/${vnet.firewall.name}`;
            snapshot.publicIpAddresses.push({
              id: pipId,
              name: `pip-${vnet.firewall.name}`,
              type: 'Microsoft.Network/publicIPAddresses',
              location: rg.location,
              properties: { ipAddress: vnet.firewall.publicIp, publicIPAllocationMethod: 'Static', publicIPAddressVersion: 'IPv4', ipConfiguration: { id: `${firewallId}/azureFirewallIpConfigurations/configuration` }, provisioningState: 'Succeeded' },
            });
            const firewall: AzureFirewall = {
              id: firewallId,
              name: vnet.firewall.name,
              type: 'Microsoft.Network/azureFirewalls',
              location: rg.location,
              etag: `W/"${guid()}"`,
              properties: {
                ipConfigurations: [
                  { id: `${firewallId}/azureFirewallIpConfigurations/configuration`, name: 'configuration', properties: { privateIPAddress: vnet.firewall.privateIp, publicIPAddress: { id: pipId }, subnet: { id: firewallSubnetId } } },
                ],
                natRuleCollections: [],
                networkRuleCollections: [],
                applicationRuleCollections: [],
                threatIntelMode: 'Alert',
                sku: { name: 'AZFW_VNet', tier: 'Standard' },
                provisioningState: 'Succeeded',
              },
            };
            snapshot.azureFirewalls.push(firewall);
          }
          snapshot.virtualNetworks.push({
            id: vnet.id,
            name: vnet.name,
            type: 'Microsoft.Network/virtualNetworks',
            location: rg.location,
            properties: { addressSpace: { addressPrefixes: [vnet.addressPrefix] }, subnets, provisioningState: 'Succeeded' },
          });
        }

        let fallbackVnet: VnetBuilder | undefined;
        for (const vm of rg.vms) {
          let subnet = vm.subnet;
          if (!subnet) {
            // A VM always sits in some subnet; give unplaced VMs a plain one without an NSG.
            if (!fallbackVnet) {
              fallbackVnet = rg.vnet(`vnet-${rg.name.replace(/^rg-/, '')}-default`);
              fallbackVnet.subnet('default');
              const defaults = fallbackVnet.subnets[0];
              snapshot.virtualNetworks.push({
                id: fallbackVnet.id,
                name: fallbackVnet.name,
                type: 'Microsoft.Network/virtualNetworks',
                location: rg.location,
                properties: {
                  addressSpace: { addressPrefixes: [fallbackVnet.addressPrefix] },
                  subnets: defaults ? [{ id: defaults.id, name: defaults.name, type: 'Microsoft.Network/virtualNetworks/subnets', properties: { addressPrefix: defaults.addressPrefix, provisioningState: 'Succeeded' } }] : [],
                  provisioningState: 'Succeeded',
                },
              });
            }
            subnet = fallbackVnet.subnets[0];
          }
          const nicName = `${vm.name}-nic`;
          const nicId = `${rg.id}/providers/Microsoft.Network/networkInterfaces/${nicName}`;
          let pipId: string | undefined;
          if (vm.publicIp) {
            pipId = `${rg.id}/providers/Microsoft.Network/publicIPAddresses/${vm.name}-ip`;
            const pip: PublicIpAddress = {
              id: pipId,
              name: `${vm.name}-ip`,
              type: 'Microsoft.Network/publicIPAddresses',
              location: rg.location,
              properties: {
                ipAddress: this.nextPublicIp(),
                publicIPAllocationMethod: 'Static',
                publicIPAddressVersion: 'IPv4',
                ipConfiguration: { id: `${nicId}/ipConfigurations/ipconfig1` },
                provisioningState: 'Succeeded',
              },
            };
            snapshot.publicIpAddresses.push(pip);
          }
          if (vm.nicNsg) nsgBackRefs.get(vm.nicNsg.id)?.nics.push(nicId);
          const nic: NetworkInterface = {
            id: nicId,
            name: nicName,
            type: 'Microsoft.Network/networkInterfaces',
            location: rg.location,
            properties: {
              ipConfigurations: [
                {
                  id: `${nicId}/ipConfigurations/ipconfig1`,
                  name: 'ipconfig1',
                  properties: {
                    privateIPAddress: subnet?.allocate() ?? '10.0.0.4',
                    privateIPAllocationMethod: 'Dynamic',
                    ...(subnet ? { subnet: { id: subnet.id } } : {}),
                    ...(pipId ? { publicIPAddress: { id: pipId } } : {}),
                    primary: true,
                  },
                },
              ],
              ...(vm.nicNsg ? { networkSecurityGroup: { id: vm.nicNsg.id } } : {}),
              virtualMachine: { id: vm.id },
              provisioningState: 'Succeeded',
            },
          };
          snapshot.networkInterfaces.push(nic);
          const machine: VirtualMachine = {
            id: vm.id,
            name: vm.name,
            type: 'Microsoft.Compute/virtualMachines',
            location: rg.location,
            ...(Object.keys(vm.tags).length > 0 ? { tags: vm.tags } : {}),
            properties: {
              vmId: this.prng.guid(),
              hardwareProfile: { vmSize: vm.vmSize },
              storageProfile: {
                osDisk: { osType: vm.os, name: `${vm.name}_OsDisk_1`, createOption: 'FromImage' },
                imageReference: IMAGES[vm.os],
              },
              osProfile: { computerName: vm.name.slice(0, 15), adminUsername: 'azureuser' },
              networkProfile: { networkInterfaces: [{ id: nicId, properties: { primary: true } }] },
              provisioningState: 'Succeeded',
            },
          };
          snapshot.virtualMachines.push(machine);
        }

        for (const nsg of rg.nsgs) {
          const refs = nsgBackRefs.get(nsg.id) ?? { nics: [], subnets: [] };
          const group: NetworkSecurityGroup = {
            id: nsg.id,
            name: nsg.name,
            type: 'Microsoft.Network/networkSecurityGroups',
            location: rg.location,
            etag: `W/"${guid()}"`,
            properties: {
              securityRules: nsg.userRules.map((rule, index) => {
                const name = rule.name ?? `${rule.access}-${String(rule.port)}-${rule.source === '*' ? 'Any' : rule.source}`;
                return {
                  id: `${nsg.id}/securityRules/${name}`,
                  name,
                  type: 'Microsoft.Network/networkSecurityGroups/securityRules',
                  properties: {
                    protocol: 'Tcp',
                    sourcePortRange: '*',
                    destinationPortRange: String(rule.port),
                    sourceAddressPrefix: rule.source,
                    destinationAddressPrefix: '*',
                    access: rule.access,
                    priority: 300 + index * 10,
                    direction: 'Inbound',
                    provisioningState: 'Succeeded',
                  },
                };
              }),
              defaultSecurityRules: defaultNsgRules(nsg.id),
              networkInterfaces: refs.nics.map((id) => ({ id })),
              subnets: refs.subnets.map((id) => ({ id })),
              provisioningState: 'Succeeded',
            },
          };
          snapshot.networkSecurityGroups.push(group);
        }

        for (const classic of rg.classicVms) {
          const machine: ClassicVirtualMachine = {
            id: `${rg.id}/providers/Microsoft.ClassicCompute/virtualMachines/${classic.name}`,
            name: classic.name,
            type: 'Microsoft.ClassicCompute/virtualMachines',
            location: rg.location,
            properties: {
              instanceView: { status: 'ReadyRole', publicIpAddresses: [this.nextPublicIp()], privateIpAddress: '10.200.0.4' },
              hardwareProfile: { size: 'Small', platformGuestAgent: true },
              operatingSystemDisk: { operatingSystem: classic.os },
              provisioningState: 'Succeeded',
            },
          };
          snapshot.classicVirtualMachines.push(machine);
        }
      }
    }
    snapshot.sequence = counter;
    return snapshot;
  }

  /** The finished store: resources, then JIT policies and requests replayed through the JIT write path. */
  build(): EmulatorStore {
    const store = new EmulatorStore(this.snapshot());
    const admin = store.user('admin@contoso.com');
    if (!admin) throw new Error('the default directory has no admin');
    const enabledAt = new Date(this.now.getTime() - 8 * 24 * HOUR);

    for (const sub of this.subscriptions) {
      for (const rg of sub.resourceGroups) {
        const jitVms = rg.vms.filter((vm) => vm.jitPorts !== undefined);
        if (jitVms.length === 0) continue;
        putPolicy({
          store,
          now: enabledAt,
          correlationId: store.nextGuid(),
          subscriptionId: sub.id,
          resourceGroupName: rg.name,
          location: rg.location,
          name: 'default',
          body: {
            kind: 'Basic',
            properties: { virtualMachines: jitVms.map((vm) => ({ id: vm.id, ports: (vm.jitPorts ?? []).map((port) => defaultPortRule(port)) })) },
          },
          ifMatch: null,
          caller: admin,
        });
      }
    }

    const requests = this.subscriptions
      .flatMap((sub) => sub.resourceGroups.flatMap((rg) => rg.vms.flatMap((vm) => vm.requests.map((request) => ({ sub, rg, vm, request })))))
      .sort((a, b) => b.request.hoursAgo - a.request.hoursAgo);
    for (const { sub, rg, vm, request } of requests) {
      const at = new Date(this.now.getTime() - request.hoursAgo * HOUR);
      // Due expiries first, as the emulator would have done on any call at that time.
      expireSubscription({ store, now: at, correlationId: store.nextGuid() }, sub.id);
      const user = store.user(request.requestor);
      initiateRequest({
        store,
        now: at,
        correlationId: store.nextGuid(),
        subscriptionId: sub.id,
        resourceGroupName: rg.name,
        location: rg.location,
        name: 'default',
        caller: user ?? admin,
        ...(user ? {} : { requestorOverride: request.requestor }),
        body: {
          virtualMachines: [
            {
              id: vm.id,
              ports: [
                {
                  number: request.port,
                  endTimeUtc: new Date(at.getTime() + request.hours * HOUR).toISOString(),
                  ...(request.source ? { allowedSourceAddressPrefix: request.source } : {}),
                },
              ],
            },
          ],
          ...(request.justification ? { justification: request.justification } : {}),
        },
      });
    }
    for (const sub of this.subscriptions) expireSubscription({ store, now: this.now, correlationId: store.nextGuid() }, sub.id);
    for (const extra of this.extraEvents) store.events.append(extra.build(store.nextGuid(), store.tenantId));
    return store;
  }
}

/** A fresh fleet builder (the entry point for test scenarios). */
export function fleet(options: FleetOptions): FleetBuilder {
  return new FleetBuilder(options);
}

export { HOUR };

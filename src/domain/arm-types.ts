// Wire shapes of the ARM resources the console reads, as Azure's REST reference gives them
// (only the properties the console needs; unknown extra properties are allowed on the wire).
// Compute 2024-07-01, Network 2024-05-01, Insights 2015-04-01, Authorization 2022-04-01,
// Security pricings 2024-01-01, Resources 2022-12-01.

export interface SubResource {
  id: string;
}

export interface Subscription {
  id: string; // "/subscriptions/{guid}"
  subscriptionId: string;
  tenantId: string;
  displayName: string;
  state: 'Enabled' | 'Warned' | 'PastDue' | 'Disabled' | 'Deleted';
}

export type OsType = 'Windows' | 'Linux';

export interface VirtualMachine {
  id: string;
  name: string;
  type: 'Microsoft.Compute/virtualMachines';
  location: string;
  tags?: Record<string, string>;
  properties: {
    vmId: string;
    hardwareProfile: { vmSize: string };
    storageProfile: {
      osDisk: { osType: OsType; name: string; createOption: string };
      imageReference?: { publisher?: string; offer?: string; sku?: string; version?: string };
    };
    osProfile?: { computerName: string; adminUsername: string };
    networkProfile: {
      networkInterfaces: { id: string; properties?: { primary?: boolean } }[];
    };
    provisioningState: string;
  };
}

/** A VM's network interface references, as its networkProfile lists them. */
export type NetworkInterfaceReference = VirtualMachine['properties']['networkProfile']['networkInterfaces'][number];

/**
 * What classifying the fleet reads of a VM. A whole VirtualMachine is one; so is what the blade
 * asks Azure Resource Graph for (src/api/list-fleet-summaries.ts), a third of the bytes.
 */
export interface VirtualMachineSummary {
  id: string;
  name: string;
  location: string;
  properties: {
    storageProfile: { osDisk: { osType: OsType } };
    networkProfile: { networkInterfaces: readonly NetworkInterfaceReference[] };
  };
}

/** Microsoft.ClassicCompute/virtualMachines: JIT never supports these. */
export interface ClassicVirtualMachine {
  id: string;
  name: string;
  type: 'Microsoft.ClassicCompute/virtualMachines';
  location: string;
  properties: {
    instanceView?: { status?: string; publicIpAddresses?: string[]; privateIpAddress?: string };
    hardwareProfile?: { size?: string; platformGuestAgent?: boolean };
    operatingSystemDisk?: { operatingSystem?: OsType };
    provisioningState?: string;
  };
}

export interface NetworkInterfaceIpConfiguration {
  id: string;
  name: string;
  properties: {
    privateIPAddress: string;
    privateIPAllocationMethod: 'Static' | 'Dynamic';
    subnet?: SubResource;
    publicIPAddress?: SubResource;
    primary?: boolean;
  };
}

export interface NetworkInterface {
  id: string;
  name: string;
  type: 'Microsoft.Network/networkInterfaces';
  location: string;
  tags?: Record<string, string>;
  properties: {
    ipConfigurations: NetworkInterfaceIpConfiguration[];
    networkSecurityGroup?: SubResource;
    virtualMachine?: SubResource;
    provisioningState: string;
  };
}

/** What resolving a VM's network reads of a NIC (a whole NetworkInterface is one). */
export interface NetworkInterfaceSummary {
  id: string;
  properties: {
    ipConfigurations: readonly {
      properties: { privateIPAddress?: string | undefined; subnet?: SubResource | undefined; publicIPAddress?: SubResource | undefined; primary?: boolean | undefined };
    }[];
    networkSecurityGroup?: SubResource | undefined;
  };
}

export type SecurityRuleProtocol = 'Tcp' | 'Udp' | 'Icmp' | 'Esp' | 'Ah' | '*';
export type SecurityRuleAccess = 'Allow' | 'Deny';
export type SecurityRuleDirection = 'Inbound' | 'Outbound';

export interface SecurityRule {
  id?: string;
  name: string;
  type?: 'Microsoft.Network/networkSecurityGroups/securityRules';
  etag?: string;
  properties: {
    description?: string;
    protocol: SecurityRuleProtocol;
    sourcePortRange?: string;
    sourcePortRanges?: string[];
    destinationPortRange?: string;
    destinationPortRanges?: string[];
    sourceAddressPrefix?: string;
    sourceAddressPrefixes?: string[];
    destinationAddressPrefix?: string;
    destinationAddressPrefixes?: string[];
    access: SecurityRuleAccess;
    /** 100–4096 for user and JIT rules (lower number = evaluated first); 65000+ for defaults. */
    priority: number;
    direction: SecurityRuleDirection;
    provisioningState?: string;
  };
}

export interface NetworkSecurityGroup {
  id: string;
  name: string;
  type: 'Microsoft.Network/networkSecurityGroups';
  location: string;
  etag?: string;
  tags?: Record<string, string>;
  properties: {
    securityRules: SecurityRule[];
    defaultSecurityRules?: SecurityRule[];
    networkInterfaces?: SubResource[];
    subnets?: SubResource[];
    provisioningState: string;
  };
}

export interface PublicIpAddress {
  id: string;
  name: string;
  type: 'Microsoft.Network/publicIPAddresses';
  location: string;
  properties: {
    ipAddress?: string;
    publicIPAllocationMethod: 'Static' | 'Dynamic';
    publicIPAddressVersion?: 'IPv4' | 'IPv6';
    ipConfiguration?: SubResource;
    dnsSettings?: { domainNameLabel?: string; fqdn?: string };
    provisioningState: string;
  };
}

/** What resolving a VM's network reads of a public IP address (a whole PublicIpAddress is one). */
export interface PublicIpAddressSummary {
  id: string;
  properties: { ipAddress?: string | undefined };
}

export interface Subnet {
  id: string;
  name: string;
  type?: 'Microsoft.Network/virtualNetworks/subnets';
  properties: {
    addressPrefix: string;
    networkSecurityGroup?: SubResource;
    ipConfigurations?: SubResource[];
    provisioningState?: string;
  };
}

export interface VirtualNetwork {
  id: string;
  name: string;
  type: 'Microsoft.Network/virtualNetworks';
  location: string;
  properties: {
    addressSpace: { addressPrefixes: string[] };
    subnets: Subnet[];
    provisioningState: string;
  };
}

export type AzureFirewallNatRuleProtocol = 'TCP' | 'UDP' | 'Any' | 'ICMP';

export interface AzureFirewallNatRule {
  name: string;
  description?: string;
  sourceAddresses?: string[];
  destinationAddresses: string[];
  destinationPorts: string[];
  protocols: AzureFirewallNatRuleProtocol[];
  translatedAddress: string;
  translatedPort: string;
}

export interface AzureFirewallNatRuleCollection {
  id?: string;
  name: string;
  properties: {
    priority: number; // 100–65000
    action: { type: 'Dnat' | 'Snat' };
    rules: AzureFirewallNatRule[];
    provisioningState?: string;
  };
}

export interface AzureFirewallIpConfiguration {
  id: string;
  name: string;
  properties: {
    privateIPAddress?: string;
    publicIPAddress?: SubResource;
    subnet?: SubResource;
  };
}

export interface AzureFirewall {
  id: string;
  name: string;
  type: 'Microsoft.Network/azureFirewalls';
  location: string;
  etag?: string;
  properties: {
    ipConfigurations: AzureFirewallIpConfiguration[];
    natRuleCollections: AzureFirewallNatRuleCollection[];
    networkRuleCollections?: unknown[];
    applicationRuleCollections?: unknown[];
    threatIntelMode?: 'Alert' | 'Deny' | 'Off';
    sku?: { name: 'AZFW_VNet' | 'AZFW_Hub'; tier: 'Standard' | 'Premium' | 'Basic' };
    provisioningState: string;
  };
}

/** Microsoft.Security/pricings (the VirtualMachines plan decides whether JIT is available). */
export type PricingTier = 'Free' | 'Standard';
export interface Pricing {
  id: string;
  name: string; // "VirtualMachines"
  type: 'Microsoft.Security/pricings';
  properties: { pricingTier: PricingTier; freeTrialRemainingTime?: string };
}

/** Microsoft.Authorization/policyAssignments (the Security Center default initiative). */
export interface PolicyAssignment {
  id: string;
  name: string;
  type: 'Microsoft.Authorization/policyAssignments';
  properties: {
    displayName: string;
    policyDefinitionId: string;
    scope: string;
    notScopes?: string[];
    enforcementMode?: 'Default' | 'DoNotEnforce';
    parameters?: Record<string, { value: unknown }>;
  };
}

/** The parameter of the Security Center default initiative that switches JIT monitoring. */
export const JIT_POLICY_EFFECT_PARAMETER = 'jitNetworkAccessMonitoringEffect';

export interface Permission {
  actions: string[];
  notActions: string[];
  dataActions?: string[];
  notDataActions?: string[];
}

export interface RoleDefinition {
  id: string;
  name: string; // guid
  type: 'Microsoft.Authorization/roleDefinitions';
  properties: {
    roleName: string;
    type: 'BuiltInRole' | 'CustomRole';
    description: string;
    assignableScopes: string[];
    permissions: Permission[];
  };
}

export interface RoleAssignment {
  id: string;
  name: string; // guid
  type: 'Microsoft.Authorization/roleAssignments';
  properties: {
    roleDefinitionId: string;
    principalId: string;
    principalType?: 'User' | 'Group' | 'ServicePrincipal';
    scope: string;
  };
}

export interface LocalizableString {
  value: string;
  localizedValue: string;
}

/** Microsoft.Insights EventData (activity log entry), api-version 2015-04-01. */
export interface EventData {
  authorization?: { action: string; scope: string; role?: string };
  caller: string;
  channels: string; // "Operation"
  claims?: Record<string, string>;
  correlationId: string;
  description: string;
  eventDataId: string;
  eventName: LocalizableString;
  category: LocalizableString;
  httpRequest?: { clientRequestId: string; clientIpAddress: string; method: string };
  id: string;
  level: 'Critical' | 'Error' | 'Warning' | 'Informational' | 'Verbose';
  resourceGroupName: string;
  resourceProviderName: LocalizableString;
  resourceId: string;
  resourceType: LocalizableString;
  operationId: string;
  operationName: LocalizableString;
  properties?: Record<string, string>;
  status: LocalizableString;
  subStatus: LocalizableString;
  eventTimestamp: string;
  submissionTimestamp: string;
  subscriptionId: string;
  tenantId: string;
}

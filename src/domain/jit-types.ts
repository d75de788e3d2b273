// Microsoft.Security jitNetworkAccessPolicies, api-version 2020-01-01, exactly as the spec
// (azure-spec/stable/2020-01-01/jitNetworkAccessPolicies.json) defines the wire shapes.

export type JitProtocol = 'TCP' | 'UDP' | '*';
export type JitPortStatus = 'Revoked' | 'Initiated';
export type JitPortStatusReason = 'Expired' | 'UserRequested' | 'NewerRequestInitiated';

export interface JitNetworkAccessPortRule {
  number: number;
  protocol: JitProtocol;
  /** Mutually exclusive with allowedSourceAddressPrefixes. */
  allowedSourceAddressPrefix?: string;
  allowedSourceAddressPrefixes?: string[];
  /** ISO 8601 duration, PT5M … PT24H. */
  maxRequestAccessDuration: string;
}

export interface JitNetworkAccessPolicyVirtualMachine {
  id: string;
  ports: JitNetworkAccessPortRule[];
  /** Public IP address of the Azure Firewall linked to this VM, if any. */
  publicIpAddress?: string;
}

export interface JitNetworkAccessRequestPort {
  number: number;
  allowedSourceAddressPrefix?: string;
  allowedSourceAddressPrefixes?: string[];
  endTimeUtc: string;
  status: JitPortStatus;
  statusReason: JitPortStatusReason;
  /** The firewall port mapped to `number` by a DNAT rule, for firewall-protected VMs. */
  mappedPort?: number;
}

export interface JitNetworkAccessRequestVirtualMachine {
  id: string;
  ports: JitNetworkAccessRequestPort[];
}

export interface JitNetworkAccessRequest {
  virtualMachines: JitNetworkAccessRequestVirtualMachine[];
  startTimeUtc: string;
  requestor: string;
  justification?: string;
}

export interface JitNetworkAccessPolicyProperties {
  virtualMachines: JitNetworkAccessPolicyVirtualMachine[];
  requests?: JitNetworkAccessRequest[];
  provisioningState?: string;
}

export const JIT_POLICY_TYPE = 'Microsoft.Security/locations/jitNetworkAccessPolicies';

export interface JitNetworkAccessPolicy {
  id: string;
  name: string;
  type: typeof JIT_POLICY_TYPE;
  kind?: string;
  location: string;
  /** Concurrency token (the emulator answers 412 when If-Match no longer matches). */
  etag?: string;
  properties: JitNetworkAccessPolicyProperties;
}

/** PUT body: readOnly fields (id, name, type, location, provisioningState) may be omitted. */
export interface JitNetworkAccessPolicyInput {
  kind?: string;
  location?: string;
  properties: {
    virtualMachines: JitNetworkAccessPolicyVirtualMachine[];
    requests?: JitNetworkAccessRequest[];
  };
}

export interface JitNetworkAccessPolicyInitiatePort {
  number: number;
  /** If omitted, the request is for the source IP address of the initiate request. */
  allowedSourceAddressPrefix?: string;
  endTimeUtc: string;
}

export interface JitNetworkAccessPolicyInitiateVirtualMachine {
  id: string;
  ports: JitNetworkAccessPolicyInitiatePort[];
}

export interface JitNetworkAccessPolicyInitiateRequest {
  virtualMachines: JitNetworkAccessPolicyInitiateVirtualMachine[];
  justification?: string;
}

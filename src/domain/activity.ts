import type { EventData, LocalizableString } from './arm-types';
import { parseResourceId } from './resource-id';

export const SYSTEM_CALLER = 'Windows Azure Security Resource Provider';

export const JIT_OPERATIONS = {
  policyWrite: 'Microsoft.Security/locations/jitNetworkAccessPolicies/write',
  policyDelete: 'Microsoft.Security/locations/jitNetworkAccessPolicies/delete',
  initiate: 'Microsoft.Security/locations/jitNetworkAccessPolicies/initiate/action',
  ruleWrite: 'Microsoft.Network/networkSecurityGroups/securityRules/write',
  ruleDelete: 'Microsoft.Network/networkSecurityGroups/securityRules/delete',
  firewallWrite: 'Microsoft.Network/azureFirewalls/write',
} as const;

/** The display names the activity log shows for the operations JIT performs. */
const OPERATION_NAMES: Readonly<Record<string, string>> = {
  [JIT_OPERATIONS.policyWrite.toLowerCase()]: 'Create or update JIT network access policy',
  [JIT_OPERATIONS.policyDelete.toLowerCase()]: 'Delete JIT network access policy',
  [JIT_OPERATIONS.initiate.toLowerCase()]: 'Initiate JIT network access policy',
  [JIT_OPERATIONS.ruleWrite.toLowerCase()]: 'Create or Update Security Rule',
  [JIT_OPERATIONS.ruleDelete.toLowerCase()]: 'Delete Security Rule',
  [JIT_OPERATIONS.firewallWrite.toLowerCase()]: 'Create or Update Azure Firewall',
};

const PROVIDER_NAMES: Readonly<Record<string, string>> = {
  'microsoft.security': 'Microsoft Security',
  'microsoft.network': 'Microsoft.Network',
  'microsoft.compute': 'Microsoft.Compute',
};

const RESOURCE_TYPE_NAMES: Readonly<Record<string, string>> = {
  'microsoft.security/locations/jitnetworkaccesspolicies': 'JIT network access policies',
  'microsoft.network/networksecuritygroups/securityrules': 'Microsoft.Network/networkSecurityGroups/securityRules',
  'microsoft.network/azurefirewalls': 'Microsoft.Network/azureFirewalls',
};

/** Status → ARM's subStatus for that stage (the HTTP status of the request that got there). */
const SUB_STATUS: Readonly<Record<ActivityInput['status'], LocalizableString>> = {
  Started: { value: '', localizedValue: '' },
  Accepted: { value: 'Accepted', localizedValue: 'Accepted (HTTP Status Code: 202)' },
  Succeeded: { value: 'OK', localizedValue: 'OK (HTTP Status Code: 200)' },
  Failed: { value: '', localizedValue: '' },
};

/** .NET ticks (100 ns since 0001-01-01) — the unit ARM puts in event ids. */
const TICKS_AT_UNIX_EPOCH = 621_355_968_000_000_000n;

export function toTicks(date: Date): string {
  return (BigInt(date.getTime()) * 10_000n + TICKS_AT_UNIX_EPOCH).toString();
}

function localizable(value: string, localizedValue: string = value): LocalizableString {
  return { value, localizedValue };
}

/**
 * "Microsoft.Security/locations/jitNetworkAccessPolicies/initiate/action" →
 * { provider: "Microsoft.Security", resourceType: "Microsoft.Security/locations/jitNetworkAccessPolicies", verb: "action" }.
 * An operation name is {namespace}/{type…}/{verb}, where an action's verb is "{name}/action".
 */
function splitOperation(operationName: string): { provider: string; resourceType: string; verb: string } | undefined {
  const segments = operationName.split('/');
  const isAction = segments[segments.length - 1]?.toLowerCase() === 'action';
  const typeSegments = segments.slice(0, isAction ? -2 : -1);
  if (typeSegments.length < 2) return undefined;
  return {
    provider: typeSegments[0] ?? '',
    resourceType: typeSegments.join('/'),
    verb: isAction ? 'action' : (segments[segments.length - 1] ?? '').toLowerCase(),
  };
}

const METHOD_BY_VERB: Readonly<Record<string, string>> = { write: 'PUT', delete: 'DELETE', action: 'POST', read: 'GET' };

export interface ActivityInput {
  operationName: string;
  status: 'Started' | 'Accepted' | 'Succeeded' | 'Failed';
  caller: string;
  /** The VM the event concerns (the activity log is read per VM). */
  resourceId: string;
  description: string;
  correlationId: string;
  eventDataId: string;
  tenantId: string;
  now: Date;
  properties?: Record<string, string>;
  level?: EventData['level'];
  clientIpAddress?: string;
}

/**
 * One ARM activity event (EventData), subscription and resource group taken from `resourceId`.
 *
 * The provider and resource type are those of the operation (a JIT rule write on an NSG is a
 * Microsoft.Network event even though it is filed under the VM), falling back to the resource
 * id's when the operation name is not of the form namespace/type/verb. Started and Accepted are
 * BeginRequest events, Succeeded and Failed EndRequest events. A Failed event is at level Error
 * unless a level is given. Both timestamps are `now`, so events are deterministic in tests.
 */
export function makeActivityEvent(input: ActivityInput): EventData {
  const parsedId = parseResourceId(input.resourceId);
  const operation = splitOperation(input.operationName);
  const provider = operation?.provider ?? parsedId?.provider ?? '';
  const resourceType = operation?.resourceType ?? (parsedId?.provider !== undefined && parsedId.type !== undefined ? `${parsedId.provider}/${parsedId.type}` : '');
  const timestamp = input.now.toISOString();
  const begin = input.status === 'Started' || input.status === 'Accepted';

  const event: EventData = {
    authorization: { action: input.operationName, scope: input.resourceId },
    caller: input.caller,
    channels: 'Operation',
    correlationId: input.correlationId,
    description: input.description,
    eventDataId: input.eventDataId,
    eventName: begin ? localizable('BeginRequest', 'Begin request') : localizable('EndRequest', 'End request'),
    category: localizable('Administrative'),
    id: `${input.resourceId}/events/${input.eventDataId}/ticks/${toTicks(input.now)}`,
    level: input.level ?? (input.status === 'Failed' ? 'Error' : 'Informational'),
    resourceGroupName: parsedId?.resourceGroup ?? '',
    resourceProviderName: localizable(provider, PROVIDER_NAMES[provider.toLowerCase()] ?? provider),
    resourceId: input.resourceId,
    resourceType: localizable(resourceType, RESOURCE_TYPE_NAMES[resourceType.toLowerCase()] ?? resourceType),
    operationId: input.correlationId,
    operationName: localizable(input.operationName, OPERATION_NAMES[input.operationName.toLowerCase()] ?? input.operationName),
    status: localizable(input.status),
    subStatus: SUB_STATUS[input.status],
    eventTimestamp: timestamp,
    submissionTimestamp: timestamp,
    subscriptionId: parsedId?.subscriptionId ?? '',
    tenantId: input.tenantId,
  };
  if (input.properties !== undefined) event.properties = { ...input.properties };
  if (input.clientIpAddress !== undefined) {
    event.httpRequest = {
      clientRequestId: input.correlationId,
      clientIpAddress: input.clientIpAddress,
      method: METHOD_BY_VERB[operation?.verb ?? ''] ?? 'POST',
    };
  }
  return event;
}

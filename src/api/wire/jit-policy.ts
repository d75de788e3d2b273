import { z } from 'zod';
import {
  JIT_POLICY_TYPE,
  type JitNetworkAccessPolicy,
  type JitNetworkAccessPolicyInitiateRequest,
  type JitNetworkAccessPolicyInput,
  type JitNetworkAccessPortRule,
  type JitNetworkAccessRequest,
  type JitNetworkAccessRequestPort,
} from '../../domain/jit-types';
import { armListSchema } from './arm-list';

// Wire shapes of Microsoft.Security jitNetworkAccessPolicies, api-version 2020-01-01. These check
// SHAPE only (types, required fields, enums of the spec); value rules (port range, prefixes,
// durations, name length) are the domain's validatePolicyInput / validateInitiate, so the form and
// the emulator report them with the same codes and sentences.

// The spec's date-time fields carry up to 7 fractional digits (.NET ticks), e.g. "2018-05-17T09:06:45.5691611Z".
const dateTime = z.iso.datetime({ offset: true, message: 'Expected an ISO 8601 date-time such as "2024-05-01T12:00:00Z".' });

const portNumber = z.number({ message: 'Expected a port number.' }).int({ message: 'Expected a whole port number.' });

export const jitProtocolSchema = z.enum(['TCP', 'UDP', '*'], {
  message: 'Expected protocol "TCP", "UDP" or "*".',
});

export const jitPortRuleSchema = z.object({
  number: portNumber,
  protocol: jitProtocolSchema,
  allowedSourceAddressPrefix: z.string().optional(),
  allowedSourceAddressPrefixes: z.array(z.string()).optional(),
  maxRequestAccessDuration: z.string({ message: 'Expected an ISO 8601 duration such as "PT3H".' }),
}) satisfies z.ZodType<JitNetworkAccessPortRule>;

export const jitPolicyVirtualMachineSchema = z.object({
  id: z.string(),
  ports: z.array(jitPortRuleSchema),
  publicIpAddress: z.string().optional(),
});

export const jitRequestPortSchema = z.object({
  number: portNumber,
  allowedSourceAddressPrefix: z.string().optional(),
  allowedSourceAddressPrefixes: z.array(z.string()).optional(),
  endTimeUtc: dateTime,
  status: z.enum(['Revoked', 'Initiated']),
  statusReason: z.enum(['Expired', 'UserRequested', 'NewerRequestInitiated']),
  mappedPort: z.number().int().optional(),
}) satisfies z.ZodType<JitNetworkAccessRequestPort>;

export const jitRequestSchema = z.object({
  virtualMachines: z.array(z.object({ id: z.string(), ports: z.array(jitRequestPortSchema) })),
  startTimeUtc: dateTime,
  requestor: z.string(),
  justification: z.string().optional(),
}) satisfies z.ZodType<JitNetworkAccessRequest>;

/** PUT body. Read-only fields (id, name, type, location, etag, provisioningState) are accepted and ignored. */
export const jitPolicyPutBodySchema = z.object({
  kind: z.string().optional(),
  location: z.string().optional(),
  properties: z.object({
    virtualMachines: z.array(jitPolicyVirtualMachineSchema),
    requests: z.array(jitRequestSchema).optional(),
  }),
}) satisfies z.ZodType<JitNetworkAccessPolicyInput>;

export const jitPolicySchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.literal(JIT_POLICY_TYPE),
  kind: z.string().optional(),
  location: z.string(),
  etag: z.string().optional(),
  properties: z.object({
    virtualMachines: z.array(jitPolicyVirtualMachineSchema),
    requests: z.array(jitRequestSchema).optional(),
    provisioningState: z.string().optional(),
  }),
}) satisfies z.ZodType<JitNetworkAccessPolicy>;

export const jitPolicyListSchema = armListSchema(jitPolicySchema);

export const jitInitiatePortSchema = z.object({
  number: portNumber,
  allowedSourceAddressPrefix: z.string().optional(),
  endTimeUtc: dateTime,
});

export const jitInitiateBodySchema = z.object({
  virtualMachines: z.array(z.object({ id: z.string(), ports: z.array(jitInitiatePortSchema) })),
  justification: z.string().optional(),
}) satisfies z.ZodType<JitNetworkAccessPolicyInitiateRequest>;

/** The 202 body of initiate is the request as stored. */
export const jitInitiateResponseSchema = jitRequestSchema;

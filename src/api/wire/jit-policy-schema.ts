import * as z from 'zod/mini';
import {
  JIT_POLICY_TYPE,
  type JitNetworkAccessPolicy,
  type JitNetworkAccessPortRule,
  type JitNetworkAccessRequest,
  type JitNetworkAccessRequestPort,
} from '../../domain/jit-types';
import { armListSchema } from './arm-list';

// zod/mini keeps the blade's initial script small; the emulator's request-body schemas (jit-policy.ts)
// compose these with full zod, which loads only with the emulator.
// Wire shapes of Microsoft.Security jitNetworkAccessPolicies, api-version 2020-01-01. These check
// SHAPE only (types, required fields, enums of the spec); value rules (port range, prefixes,
// durations, name length) are the domain's validatePolicyInput / validateInitiate, so the form and
// the emulator report them with the same codes and sentences.

// The spec's date-time fields carry up to 7 fractional digits (.NET ticks), e.g. "2018-05-17T09:06:45.5691611Z".
export const dateTime = z.iso.datetime({ offset: true, message: 'Expected an ISO 8601 date-time such as "2024-05-01T12:00:00Z".' });

export const portNumber = z.number({ message: 'Expected a port number.' }).check(z.int({ message: 'Expected a whole port number.' }));

export const jitProtocolSchema = z.enum(['TCP', 'UDP', '*'], {
  message: 'Expected protocol "TCP", "UDP" or "*".',
});

export const jitPortRuleSchema = z.object({
  number: portNumber,
  protocol: jitProtocolSchema,
  allowedSourceAddressPrefix: z.optional(z.string()),
  allowedSourceAddressPrefixes: z.optional(z.array(z.string())),
  maxRequestAccessDuration: z.string({ message: 'Expected an ISO 8601 duration such as "PT3H".' }),
}) satisfies z.ZodMiniType<JitNetworkAccessPortRule>;

export const jitPolicyVirtualMachineSchema = z.object({
  id: z.string(),
  ports: z.array(jitPortRuleSchema),
  publicIpAddress: z.optional(z.string()),
});

export const jitRequestPortSchema = z.object({
  number: portNumber,
  allowedSourceAddressPrefix: z.optional(z.string()),
  allowedSourceAddressPrefixes: z.optional(z.array(z.string())),
  endTimeUtc: dateTime,
  status: z.enum(['Revoked', 'Initiated']),
  statusReason: z.enum(['Expired', 'UserRequested', 'NewerRequestInitiated']),
  mappedPort: z.optional(z.number().check(z.int())),
}) satisfies z.ZodMiniType<JitNetworkAccessRequestPort>;

export const jitRequestSchema = z.object({
  virtualMachines: z.array(z.object({ id: z.string(), ports: z.array(jitRequestPortSchema) })),
  startTimeUtc: dateTime,
  requestor: z.string(),
  justification: z.optional(z.string()),
}) satisfies z.ZodMiniType<JitNetworkAccessRequest>;

export const jitPolicySchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.literal(JIT_POLICY_TYPE),
  kind: z.optional(z.string()),
  location: z.string(),
  etag: z.optional(z.string()),
  properties: z.object({
    virtualMachines: z.array(jitPolicyVirtualMachineSchema),
    requests: z.optional(z.array(jitRequestSchema)),
    provisioningState: z.optional(z.string()),
  }),
}) satisfies z.ZodMiniType<JitNetworkAccessPolicy>;

export const jitPolicyListSchema = armListSchema(jitPolicySchema);

/** The 202 body of initiate is the request as stored. */
export const jitInitiateResponseSchema = jitRequestSchema;

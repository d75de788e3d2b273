import { z } from 'zod';
import type { JitNetworkAccessPolicyInitiateRequest, JitNetworkAccessPolicyInput } from '../../domain/jit-types';
import { dateTime, jitPolicyVirtualMachineSchema, jitRequestSchema, portNumber } from './jit-policy-schema';

// The emulator's request-body schemas. They use full zod (the emulator reports ZodError issues) and
// compose the zod/mini shapes of jit-policy-schema.ts, which the blade loads without full zod.

/** PUT body. Read-only fields (id, name, type, location, etag, provisioningState) are accepted and ignored. */
export const jitPolicyPutBodySchema = z.object({
  kind: z.string().optional(),
  location: z.string().optional(),
  properties: z.object({
    virtualMachines: z.array(jitPolicyVirtualMachineSchema),
    requests: z.array(jitRequestSchema).optional(),
  }),
}) satisfies z.ZodType<JitNetworkAccessPolicyInput>;

export const jitInitiatePortSchema = z.object({
  number: portNumber,
  allowedSourceAddressPrefix: z.string().optional(),
  endTimeUtc: dateTime,
});

export const jitInitiateBodySchema = z.object({
  virtualMachines: z.array(z.object({ id: z.string(), ports: z.array(jitInitiatePortSchema) })),
  justification: z.string().optional(),
}) satisfies z.ZodType<JitNetworkAccessPolicyInitiateRequest>;

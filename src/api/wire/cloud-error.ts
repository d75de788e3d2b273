import * as z from 'zod/mini';

// ARM's error envelope (common-types CloudError), the body of every non-2xx answer.

export interface CloudErrorBody {
  code: string;
  message: string;
  target?: string;
  details?: CloudErrorBody[];
  additionalInfo?: { type: string; info?: unknown }[];
}

export const cloudErrorBodySchema: z.ZodMiniType<CloudErrorBody> = z.lazy(() =>
  z.object({
    code: z.string(),
    message: z.string(),
    target: z.optional(z.string()),
    details: z.optional(z.array(cloudErrorBodySchema)),
    additionalInfo: z.optional(z.array(z.object({ type: z.string(), info: z.optional(z.unknown()) }))),
  }),
);

export const cloudErrorSchema = z.object({ error: cloudErrorBodySchema });

export type CloudError = z.infer<typeof cloudErrorSchema>;

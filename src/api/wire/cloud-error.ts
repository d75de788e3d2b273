import { z } from 'zod';

// ARM's error envelope (common-types CloudError), the body of every non-2xx answer.

export interface CloudErrorBody {
  code: string;
  message: string;
  target?: string;
  details?: CloudErrorBody[];
  additionalInfo?: { type: string; info?: unknown }[];
}

export const cloudErrorBodySchema: z.ZodType<CloudErrorBody> = z.lazy(() =>
  z.object({
    code: z.string(),
    message: z.string(),
    target: z.string().optional(),
    details: z.array(cloudErrorBodySchema).optional(),
    additionalInfo: z.array(z.object({ type: z.string(), info: z.unknown().optional() })).optional(),
  }),
);

export const cloudErrorSchema = z.object({ error: cloudErrorBodySchema });

export type CloudError = z.infer<typeof cloudErrorSchema>;

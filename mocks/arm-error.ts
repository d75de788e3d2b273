import type { CloudErrorBody } from '../src/api/wire/cloud-error';
import type { FieldError } from '../src/domain/policy-validation';

/** An ARM error answer. Thrown anywhere below withArm, turned into a CloudError response there. */
export class ArmError extends Error {
  readonly status: number;
  readonly body: CloudErrorBody;
  readonly headers: Record<string, string>;

  constructor(status: number, code: string, message: string, extra: Partial<CloudErrorBody> = {}, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'ArmError';
    this.status = status;
    this.body = { code, message, ...extra };
    this.headers = headers;
  }
}

/** 400 from domain FieldErrors: the first problem names the code and the message, every problem is a detail with its path as target. */
export function fieldErrorsToArmError(errors: readonly FieldError[], fallbackCode = 'InvalidRequestBody'): ArmError {
  const [first] = errors;
  if (!first) return new ArmError(400, fallbackCode, 'The request is invalid.');
  const more = errors.length > 1 ? ` (and ${String(errors.length - 1)} more problem${errors.length > 2 ? 's' : ''}, see details)` : '';
  return new ArmError(400, first.code, `${first.path}: ${first.message}${more}`, {
    target: first.path,
    details: errors.map((error) => ({ code: error.code, message: error.message, target: error.path })),
  });
}

export function resourceNotFound(type: string, name: string, resourceGroup?: string): ArmError {
  const where = resourceGroup === undefined ? '' : ` under resource group '${resourceGroup}'`;
  return new ArmError(
    404,
    'ResourceNotFound',
    `The Resource '${type}/${name}'${where} was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

import { parseAddressPrefix } from './address-prefix';
import type { OsType } from './arm-types';
import { describeDuration, MAX_REQUEST_DURATION_MS, MIN_REQUEST_DURATION_MS, parseIsoDuration } from './duration';
import type { JitNetworkAccessPolicyInput, JitNetworkAccessPortRule } from './jit-types';
import { parseVirtualMachineId, resourceKey } from './resource-id';

/** A problem a form can show next to its field, and the emulator can put in a CloudError. */
export interface FieldError {
  /** JSON path of the field, e.g. "properties.virtualMachines[0].ports[1].number". */
  path: string;
  /** Machine-readable code, e.g. "PortOutOfRange", "InvalidProtocol", "InvalidAddressPrefix", "DurationOutOfRange", "DuplicatePort", "NameTooLong", "MutuallyExclusive". */
  code: string;
  /** A sentence a person understands, naming the offending value. */
  message: string;
}

/**
 * Every code validatePortRule / validatePolicyInput can produce:
 * - InvalidPort: the port number is not a whole number (a string, 1.5, NaN).
 * - PortOutOfRange: a whole number outside 0–65535.
 * - InvalidProtocol: not exactly "TCP", "UDP" or "*".
 * - Required: a required field is missing or an array that must not be empty is empty.
 * - MutuallyExclusive: both allowedSourceAddressPrefix and allowedSourceAddressPrefixes are set.
 * - InvalidAddressPrefix: not an IP address, CIDR range or "*", or "*" mixed with other prefixes.
 * - DuplicateAddressPrefix: the same prefix twice in one list (NSGs refuse duplicate values).
 * - TooManyAddressPrefixes: more than MAX_ADDRESS_PREFIXES_PER_PORT prefixes.
 * - InvalidDuration: maxRequestAccessDuration is not an ISO 8601 duration.
 * - DurationOutOfRange: a duration outside PT5M–PT24H.
 * - InvalidResourceId: not a Resource Manager VM id.
 * - DuplicateVirtualMachine: the same VM twice in one policy.
 * - DuplicatePort: the same port twice for one VM with overlapping protocols.
 * - NameTooLong: policy name + VM name longer than 56 characters.
 * - InvalidRequest: a stored request that is not well-formed.
 */
export type FieldErrorCode =
  | 'InvalidPort'
  | 'PortOutOfRange'
  | 'InvalidProtocol'
  | 'Required'
  | 'MutuallyExclusive'
  | 'InvalidAddressPrefix'
  | 'DuplicateAddressPrefix'
  | 'TooManyAddressPrefixes'
  | 'InvalidDuration'
  | 'DurationOutOfRange'
  | 'InvalidResourceId'
  | 'DuplicateVirtualMachine'
  | 'DuplicatePort'
  | 'NameTooLong'
  | 'InvalidRequest';

export const MAX_POLICY_AND_VM_NAME_LENGTH = 56;

/**
 * Limit on source prefixes per port. JIT copies them into one NSG rule per port, and an NSG
 * allows 4,000 addresses and ranges across all its rules; 1,000 per port keeps a policy with
 * several ports writable while being far above any real allow-list.
 */
export const MAX_ADDRESS_PREFIXES_PER_PORT = 1000;

/** Azure's recommended ports in the order the portal lists them. */
export const RECOMMENDED_PORTS: readonly { number: number; label: string }[] = [
  { number: 22, label: 'SSH' },
  { number: 3389, label: 'RDP' },
  { number: 5985, label: 'WinRM' },
  { number: 5986, label: 'WinRM' },
];

export const DEFAULT_MAX_REQUEST_ACCESS_DURATION = 'PT3H';

/** The blade's defaults for one port: protocol any, any source, 3 hours. */
export function defaultPortRule(number: number): JitNetworkAccessPortRule {
  return { number, protocol: '*', allowedSourceAddressPrefix: '*', maxRequestAccessDuration: DEFAULT_MAX_REQUEST_ACCESS_DURATION };
}

/** The blade's default port list (22, 3389, 5985, 5986). */
export function defaultPortRules(): JitNetworkAccessPortRule[] {
  return RECOMMENDED_PORTS.map((port) => defaultPortRule(port.number));
}

/** The VM page's "Enable just-in-time" defaults: Windows → 3389, Linux → 22; PT3H; any source. */
export function vmPageDefaultPortRules(os: OsType): JitNetworkAccessPortRule[] {
  return [defaultPortRule(os === 'Windows' ? 3389 : 22)];
}

function join(prefix: string, field: string): string {
  const base = prefix.endsWith('.') ? prefix.slice(0, -1) : prefix;
  return base === '' ? field : `${base}.${field}`;
}

/** A value as it appears in a message: strings quoted, everything else as JSON would show it. */
function show(value: unknown): string {
  if (typeof value === 'string') return `"${value}"`;
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (value === undefined) return 'nothing';
  return JSON.stringify(value) ?? typeof value;
}

const PROTOCOLS: readonly unknown[] = ['TCP', 'UDP', '*'];

/** Checks a port number as it arrives on the wire (the static type cannot be trusted there). */
function validatePortNumber(value: unknown, path: string): FieldError[] {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    return [{ path, code: 'InvalidPort', message: `Port ${show(value)} is not valid: a port must be a whole number from 0 to 65535.` }];
  }
  if (value < 0 || value > 65535) {
    return [{ path, code: 'PortOutOfRange', message: `Port ${show(value)} is out of range: a port must be a whole number from 0 to 65535.` }];
  }
  return [];
}

function validatePrefixes(rule: JitNetworkAccessPortRule, pathPrefix: string): FieldError[] {
  const single: unknown = rule.allowedSourceAddressPrefix ?? undefined;
  const list: unknown = rule.allowedSourceAddressPrefixes ?? undefined;
  const singlePath = join(pathPrefix, 'allowedSourceAddressPrefix');
  const listPath = join(pathPrefix, 'allowedSourceAddressPrefixes');

  if (single !== undefined && list !== undefined) {
    return [
      {
        path: singlePath,
        code: 'MutuallyExclusive',
        message: 'Set either allowedSourceAddressPrefix or allowedSourceAddressPrefixes, not both.',
      },
    ];
  }
  if (single === undefined && list === undefined) {
    return [
      {
        path: singlePath,
        code: 'Required',
        message: 'Allowed source IPs are required: give one address, CIDR range or "*" (any) in allowedSourceAddressPrefix, or a list in allowedSourceAddressPrefixes.',
      },
    ];
  }
  if (single !== undefined) {
    if (typeof single !== 'string') {
      return [{ path: singlePath, code: 'InvalidAddressPrefix', message: `The allowed source ${show(single)} is not valid: it must be one address, CIDR range or "*".` }];
    }
    const parsed = parseAddressPrefix(single);
    return parsed.ok ? [] : [{ path: singlePath, code: 'InvalidAddressPrefix', message: parsed.message }];
  }

  if (!Array.isArray(list)) {
    return [{ path: listPath, code: 'InvalidAddressPrefix', message: `The allowed sources ${show(list)} are not valid: allowedSourceAddressPrefixes must be a list of addresses or CIDR ranges.` }];
  }
  if (list.length === 0) {
    return [{ path: listPath, code: 'Required', message: 'The list of allowed source IPs is empty: give at least one address or CIDR range.' }];
  }
  if (list.length > MAX_ADDRESS_PREFIXES_PER_PORT) {
    return [
      {
        path: listPath,
        code: 'TooManyAddressPrefixes',
        message: `${String(list.length)} allowed source IPs are too many: a port allows at most ${String(MAX_ADDRESS_PREFIXES_PER_PORT)}.`,
      },
    ];
  }
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  list.forEach((item: unknown, i) => {
    const path = `${listPath}[${String(i)}]`;
    if (typeof item !== 'string') {
      errors.push({ path, code: 'InvalidAddressPrefix', message: `The allowed source ${show(item)} is not valid: it must be an address or CIDR range.` });
      return;
    }
    const parsed = parseAddressPrefix(item);
    if (!parsed.ok) {
      errors.push({ path, code: 'InvalidAddressPrefix', message: parsed.message });
    } else if (parsed.prefix.kind === 'any' && list.length > 1) {
      errors.push({ path, code: 'InvalidAddressPrefix', message: '"*" (any source) must be the only allowed source: remove the other addresses, or remove "*".' });
    } else if (seen.has(item.toLowerCase())) {
      errors.push({ path, code: 'DuplicateAddressPrefix', message: `The allowed source "${item}" is listed twice.` });
    }
    seen.add(item.toLowerCase());
  });
  return errors;
}

function validateDuration(value: unknown, path: string): FieldError[] {
  const limits = `between ${describeDuration(MIN_REQUEST_DURATION_MS)} (PT5M) and ${describeDuration(MAX_REQUEST_DURATION_MS)} (PT24H)`;
  if (value === undefined || value === null || value === '') {
    return [{ path, code: 'Required', message: `A maximum request time is required: give an ISO 8601 duration ${limits}.` }];
  }
  const ms = typeof value === 'string' ? parseIsoDuration(value) : undefined;
  if (ms === undefined) {
    return [{ path, code: 'InvalidDuration', message: `The maximum request time ${show(value)} is not an ISO 8601 duration such as "PT3H": it must be ${limits}.` }];
  }
  if (ms < MIN_REQUEST_DURATION_MS || ms > MAX_REQUEST_DURATION_MS) {
    return [
      {
        path,
        code: 'DurationOutOfRange',
        message: `The maximum request time ${show(value)} (${describeDuration(ms)}) is out of range: it must be ${limits}.`,
      },
    ];
  }
  return [];
}

/** Validates one port rule (number 0–65535 integer, protocol TCP|UDP|*, exactly one prefix field with valid prefixes, duration PT5M–PT24H). `pathPrefix` is prepended to paths. */
export function validatePortRule(rule: JitNetworkAccessPortRule, pathPrefix = ''): FieldError[] {
  const protocol: unknown = rule.protocol;
  const errors = validatePortNumber(rule.number, join(pathPrefix, 'number'));
  if (!PROTOCOLS.includes(protocol)) {
    errors.push({
      path: join(pathPrefix, 'protocol'),
      code: 'InvalidProtocol',
      message: `Protocol ${show(protocol)} is not valid: use "TCP", "UDP" or "*" (any), exactly as written.`,
    });
  }
  errors.push(...validatePrefixes(rule, pathPrefix));
  errors.push(...validateDuration(rule.maxRequestAccessDuration, join(pathPrefix, 'maxRequestAccessDuration')));
  return errors;
}

/** "*" overlaps both TCP and UDP, so the same number with "*" and either protocol is a duplicate. */
function protocolsOverlap(a: unknown, b: unknown): boolean {
  return a === b || a === '*' || b === '*';
}

const PORT_STATUSES: readonly unknown[] = ['Initiated', 'Revoked'];
const PORT_STATUS_REASONS: readonly unknown[] = ['Expired', 'UserRequested', 'NewerRequestInitiated'];

function isTimestamp(value: unknown): boolean {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value));
}

function validateRequests(requests: unknown): FieldError[] {
  if (requests === undefined || requests === null) return [];
  const base = 'properties.requests';
  if (!Array.isArray(requests)) return [{ path: base, code: 'InvalidRequest', message: 'properties.requests must be a list of access requests.' }];
  const errors: FieldError[] = [];
  const bad = (path: string, message: string) => errors.push({ path, code: 'InvalidRequest', message });
  requests.forEach((request: unknown, r) => {
    const path = `${base}[${String(r)}]`;
    if (typeof request !== 'object' || request === null) {
      bad(path, `Request ${String(r)} is not an object.`);
      return;
    }
    const { virtualMachines, startTimeUtc, requestor } = request as Record<string, unknown>;
    if (!isTimestamp(startTimeUtc)) bad(`${path}.startTimeUtc`, `The request start time ${show(startTimeUtc)} is not an ISO 8601 UTC timestamp.`);
    if (typeof requestor !== 'string' || requestor === '') bad(`${path}.requestor`, `The requestor ${show(requestor)} is not valid: it must name the user who asked.`);
    if (!Array.isArray(virtualMachines) || virtualMachines.length === 0) {
      bad(`${path}.virtualMachines`, 'A request must name at least one virtual machine.');
      return;
    }
    virtualMachines.forEach((vm: unknown, v) => {
      const vmPath = `${path}.virtualMachines[${String(v)}]`;
      const { id, ports } = (typeof vm === 'object' && vm !== null ? vm : {}) as Record<string, unknown>;
      if (typeof id !== 'string' || parseVirtualMachineId(id) === undefined) {
        bad(`${vmPath}.id`, `${show(id)} is not a virtual machine resource id.`);
      }
      if (!Array.isArray(ports) || ports.length === 0) {
        bad(`${vmPath}.ports`, 'A requested virtual machine must list at least one port.');
        return;
      }
      ports.forEach((port: unknown, p) => {
        const portPath = `${vmPath}.ports[${String(p)}]`;
        const fields = (typeof port === 'object' && port !== null ? port : {}) as Record<string, unknown>;
        for (const error of validatePortNumber(fields.number, `${portPath}.number`)) bad(error.path, error.message);
        if (!isTimestamp(fields.endTimeUtc)) bad(`${portPath}.endTimeUtc`, `The end time ${show(fields.endTimeUtc)} is not an ISO 8601 UTC timestamp.`);
        if (!PORT_STATUSES.includes(fields.status)) bad(`${portPath}.status`, `The status ${show(fields.status)} is not valid: it must be "Initiated" or "Revoked".`);
        if (!PORT_STATUS_REASONS.includes(fields.statusReason)) {
          bad(`${portPath}.statusReason`, `The status reason ${show(fields.statusReason)} is not valid: it must be "Expired", "UserRequested" or "NewerRequestInitiated".`);
        }
      });
    });
  });
  return errors;
}

/**
 * Validates a whole PUT body: every port rule, no duplicate port+protocol per VM, unique VM ids, policy name + VM name ≤ 56 characters, requests well-formed.
 *
 * Duplicates: the same number with the same protocol, or with "*" next to TCP or UDP (they guard
 * the same traffic), is a DuplicatePort on the later entry; TCP and UDP on the same number are
 * distinct rules and allowed. An empty list of VMs is allowed (the client deletes a policy whose
 * last VM it removes, but the PUT itself is well-formed).
 */
export function validatePolicyInput(policyName: string, input: JitNetworkAccessPolicyInput): FieldError[] {
  const errors: FieldError[] = [];
  const properties: unknown = input.properties;
  if (typeof properties !== 'object' || properties === null) {
    return [{ path: 'properties', code: 'Required', message: 'The policy has no properties: a JIT policy needs properties.virtualMachines.' }];
  }
  const virtualMachines: unknown = input.properties.virtualMachines;
  if (!Array.isArray(virtualMachines)) {
    return [{ path: 'properties.virtualMachines', code: 'Required', message: 'properties.virtualMachines is required: list the virtual machines the policy protects.' }];
  }

  const seenVms = new Map<string, number>();
  input.properties.virtualMachines.forEach((vm, v) => {
    const vmPath = `properties.virtualMachines[${String(v)}]`;
    const id: unknown = vm.id;
    const parsed = typeof id === 'string' ? parseVirtualMachineId(id) : undefined;
    if (parsed === undefined) {
      errors.push({
        path: `${vmPath}.id`,
        code: 'InvalidResourceId',
        message: `${show(id)} is not a virtual machine resource id: expected /subscriptions/{subscription id}/resourceGroups/{resource group}/providers/Microsoft.Compute/virtualMachines/{name}.`,
      });
    } else {
      const key = resourceKey(parsed.subscriptionId + '/' + parsed.resourceGroup + '/' + parsed.name);
      const first = seenVms.get(key);
      if (first !== undefined) {
        errors.push({
          path: `${vmPath}.id`,
          code: 'DuplicateVirtualMachine',
          message: `The virtual machine "${parsed.name}" is listed twice in the policy (also at properties.virtualMachines[${String(first)}]).`,
        });
      } else {
        seenVms.set(key, v);
      }
      const length = policyName.length + parsed.name.length;
      if (length > MAX_POLICY_AND_VM_NAME_LENGTH) {
        errors.push({
          path: `${vmPath}.id`,
          code: 'NameTooLong',
          message: `The policy name "${policyName}" and the VM name "${parsed.name}" are ${String(length)} characters together: they may be at most ${String(MAX_POLICY_AND_VM_NAME_LENGTH)}.`,
        });
      }
    }

    const ports: unknown = vm.ports;
    if (!Array.isArray(ports) || ports.length === 0) {
      errors.push({ path: `${vmPath}.ports`, code: 'Required', message: `${parsed ? `The virtual machine "${parsed.name}"` : 'A virtual machine'} has no ports: list at least one port to protect.` });
      return;
    }
    const seenPorts: { number: unknown; protocol: unknown; index: number }[] = [];
    vm.ports.forEach((port, p) => {
      const portPath = `${vmPath}.ports[${String(p)}]`;
      errors.push(...validatePortRule(port, portPath));
      const protocol: unknown = port.protocol;
      const clash = seenPorts.find((seen) => seen.number === port.number && protocolsOverlap(seen.protocol, protocol));
      if (clash !== undefined) {
        errors.push({
          path: `${portPath}.number`,
          code: 'DuplicatePort',
          message: `Port ${show(port.number)} with protocol ${show(protocol)} is already configured for this VM with protocol ${show(clash.protocol)} (ports[${String(clash.index)}]): each port and protocol may appear once.`,
        });
      }
      seenPorts.push({ number: port.number, protocol, index: p });
    });
  });

  errors.push(...validateRequests(input.properties.requests));
  return errors;
}

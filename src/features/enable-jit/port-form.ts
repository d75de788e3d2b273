import { hoursToIsoDuration, isoDurationToHours } from '../../domain/policy-merge';
import { validatePolicyInput, validatePortRule, type FieldError } from '../../domain/policy-validation';
import type { JitNetworkAccessPortRule, JitProtocol } from '../../domain/jit-types';

// The pane edits port rules as text (what the user typed stays exactly as typed, valid or not);
// the domain judges the rule built from that text, so the form and the emulator agree.

export interface PortDraft {
  key: string;
  number: string;
  protocol: JitProtocol;
  sourceMode: 'any' | 'list';
  /** Addresses and CIDR ranges, one per line or comma-separated. */
  prefixes: string;
  maxHours: string;
}

export type DraftField = 'number' | 'protocol' | 'sources' | 'maxHours';
export type DraftErrors = Partial<Record<DraftField, string>>;

let sequence = 0;
export function newDraftKey(): string {
  sequence += 1;
  return `port-${String(sequence)}`;
}

export function draftFromRule(rule: JitNetworkAccessPortRule): PortDraft {
  const prefixes = rule.allowedSourceAddressPrefixes ?? (rule.allowedSourceAddressPrefix === undefined ? [] : [rule.allowedSourceAddressPrefix]);
  const anySource = prefixes.length === 1 && prefixes[0] === '*';
  const hours = isoDurationToHours(rule.maxRequestAccessDuration);
  return {
    key: newDraftKey(),
    number: String(rule.number),
    protocol: rule.protocol,
    sourceMode: anySource ? 'any' : 'list',
    prefixes: anySource ? '' : prefixes.join('\n'),
    maxHours: hours === undefined ? rule.maxRequestAccessDuration : String(Number(hours.toFixed(4))),
  };
}

export function splitPrefixes(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

const NUMERIC = /^\s*-?\d+(\.\d+)?\s*$/;

/** The wire rule for a draft; undefined fields are left for the checks below to explain. */
export function ruleFromDraft(draft: PortDraft): JitNetworkAccessPortRule {
  const list = splitPrefixes(draft.prefixes);
  const sources: Pick<JitNetworkAccessPortRule, 'allowedSourceAddressPrefix' | 'allowedSourceAddressPrefixes'> =
    draft.sourceMode === 'any' ? { allowedSourceAddressPrefix: '*' } : list.length === 1 ? { allowedSourceAddressPrefix: list[0] ?? '' } : { allowedSourceAddressPrefixes: list };
  const hours = NUMERIC.test(draft.maxHours) ? Number(draft.maxHours) : Number.NaN;
  return {
    number: NUMERIC.test(draft.number) ? Number(draft.number) : Number.NaN,
    protocol: draft.protocol,
    ...sources,
    // 0 or a negative number still goes to the domain (as PT0S) so its range message is shown.
    maxRequestAccessDuration: hoursToIsoDuration(hours) ?? (Number.isFinite(hours) ? 'PT0S' : ''),
  };
}

function fieldOf(path: string): DraftField | undefined {
  if (path.endsWith('.number') || path === 'number') return 'number';
  if (path.endsWith('protocol')) return 'protocol';
  if (path.includes('allowedSourceAddressPrefix')) return 'sources';
  if (path.endsWith('maxRequestAccessDuration')) return 'maxHours';
  return undefined;
}

function put(errors: DraftErrors, field: DraftField | undefined, message: string) {
  if (field !== undefined && errors[field] === undefined) errors[field] = message;
}

// Any well-formed VM id: duplicates are judged per VM, and every VM of the pane gets the same ports.
const PROBE_VM = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm';

export interface DraftMessages {
  portNotNumber: string;
  hoursNotNumber: string;
}

/** Field messages for one draft among `all` (the domain's rules, then the duplicate check across rows). */
export function validateDraft(draft: PortDraft, all: readonly PortDraft[], messages: DraftMessages): DraftErrors {
  const errors: DraftErrors = {};
  if (!NUMERIC.test(draft.number)) errors.number = messages.portNotNumber;
  if (!NUMERIC.test(draft.maxHours)) errors.maxHours = messages.hoursNotNumber;
  for (const error of validatePortRule(ruleFromDraft(draft))) put(errors, fieldOf(error.path), error.message);
  if (errors.number === undefined && errors.protocol === undefined) {
    const index = all.findIndex((other) => other.key === draft.key);
    const rules = (index === -1 ? [...all, draft] : all).map(ruleFromDraft);
    const at = index === -1 ? rules.length - 1 : index;
    const duplicates: FieldError[] = validatePolicyInput('default', { properties: { virtualMachines: [{ id: PROBE_VM, ports: rules }] } }).filter(
      (error) => error.code === 'DuplicatePort',
    );
    // The domain flags the later entry of a pair; a new row (not yet in the list) is always the later one.
    const mine = duplicates.find((error) => error.path.startsWith(`properties.virtualMachines[0].ports[${String(at)}]`));
    if (mine !== undefined) errors.number = mine.message;
  }
  return errors;
}

export function hasErrors(errors: DraftErrors): boolean {
  return Object.values(errors).some((message) => message !== undefined);
}

import type { JitNetworkAccessPortRule } from '../../domain/jit-types';
import { checkRequestSource, isoDurationToHours } from '../../domain/policy-merge';

// What the pane holds per VM while the user chooses, and the checks that run as they type.

export interface PortChoice {
  enabled: boolean;
  hours: string;
}

export interface VmChoice {
  ports: Readonly<Record<number, PortChoice>>;
  sourceMode: 'myIp' | 'range';
  range: string;
}

export function initialChoice(rules: readonly JitNetworkAccessPortRule[]): VmChoice {
  const ports: Record<number, PortChoice> = {};
  for (const rule of rules) ports[rule.number] = { enabled: true, hours: String(Math.min(3, maxHoursOf(rule))) };
  return { ports, sourceMode: 'myIp', range: '' };
}

export function maxHoursOf(rule: JitNetworkAccessPortRule): number {
  return isoDurationToHours(rule.maxRequestAccessDuration) ?? 24;
}

export interface ChoiceMessages {
  hoursOutOfRange: (port: number, max: number) => string;
  rangeRequired: string;
  noPort: string;
}

export interface ChoiceErrors {
  hours: Readonly<Record<number, string>>;
  range?: string | undefined;
  ports?: string | undefined;
}

/** Hours within (0, the port's maximum]; an IP range inside every selected port's allowed sources. */
export function validateChoice(choice: VmChoice, rules: readonly JitNetworkAccessPortRule[], messages: ChoiceMessages): ChoiceErrors {
  const hours: Record<number, string> = {};
  const selected = rules.filter((rule) => choice.ports[rule.number]?.enabled === true);
  for (const rule of selected) {
    const text = choice.ports[rule.number]?.hours ?? '';
    const value = /^\s*\d+(\.\d+)?\s*$/.test(text) ? Number(text) : Number.NaN;
    const max = maxHoursOf(rule);
    if (!(value > 0 && value <= max)) hours[rule.number] = messages.hoursOutOfRange(rule.number, max);
  }
  let range: string | undefined;
  if (choice.sourceMode === 'range') {
    const value = choice.range.trim();
    if (value === '') range = messages.rangeRequired;
    else {
      for (const rule of selected) {
        const problem = checkRequestSource(value, rule);
        if (problem !== undefined) {
          range = problem.message;
          break;
        }
      }
    }
  }
  return { hours, range, ports: selected.length === 0 ? messages.noPort : undefined };
}

export function choiceIsValid(errors: ChoiceErrors): boolean {
  return Object.keys(errors.hours).length === 0 && errors.range === undefined && errors.ports === undefined;
}

export const MIN_REQUEST_DURATION_MS = 5 * 60_000; // PT5M
export const MAX_REQUEST_DURATION_MS = 24 * 3_600_000; // PT24H (= P1D)

const MS_PER_SECOND = 1_000;
const MS_PER_MINUTE = 60 * MS_PER_SECOND;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;
const MS_PER_DAY = 24 * MS_PER_HOUR;

// Days, hours and minutes are whole numbers; only seconds may carry a fraction ("PT0.5S"), as in
// .NET's XmlConvert.ToTimeSpan, which the Security resource provider's TimeSpan binding follows.
// Years, months and weeks are rejected: their length depends on the calendar, and no JIT duration
// needs them. Designators are upper-case and no whitespace or sign is accepted.
const ISO_DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/**
 * ISO 8601 duration (PnDTnHnMnS subset ARM accepts: days, hours, minutes, seconds) → ms, or undefined if malformed. "P2D" parses (and is then out of range); "3h" does not.
 *
 * Accepted: "PT5M", "PT3H", "PT1H30M", "PT90M" (components need not be normalised), "P1D",
 * "P1DT2H", "PT0.5S". Rejected: "PT0.5H" (fractions only on seconds), "P", "PT", "P1DT",
 * "PT-5M", "-PT5M", "pt5m", " PT5M", "P1W", "P1M", "P1Y".
 */
export function parseIsoDuration(text: string): number | undefined {
  const match = ISO_DURATION.exec(text);
  if (!match) return undefined;
  const [, days, hours, minutes, seconds] = match;
  if (days === undefined && hours === undefined && minutes === undefined && seconds === undefined) return undefined;
  // "P1DT" has a time designator with no time component.
  if (text.endsWith('T')) return undefined;
  const ms =
    Number(days ?? 0) * MS_PER_DAY +
    Number(hours ?? 0) * MS_PER_HOUR +
    Number(minutes ?? 0) * MS_PER_MINUTE +
    Math.round(Number(seconds ?? 0) * MS_PER_SECOND);
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/**
 * ms → canonical ISO 8601 ("PT3H", "PT1H30M", "PT24H").
 *
 * Canonical form: hours, minutes and seconds only (never days, so one day is "PT24H", the form the
 * portal writes), zero components omitted, zero is "PT0S", sub-second remainders as a decimal
 * fraction of seconds. Throws a RangeError for negative, fractional or non-finite input, which
 * no valid duration produces.
 */
export function formatIsoDuration(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0) {
    throw new RangeError(`${String(ms)} ms is not a duration: expected a whole, non-negative number of milliseconds.`);
  }
  const hours = Math.floor(ms / MS_PER_HOUR);
  const minutes = Math.floor((ms % MS_PER_HOUR) / MS_PER_MINUTE);
  const millisOfMinute = ms % MS_PER_MINUTE;
  let text = 'PT';
  if (hours > 0) text += `${String(hours)}H`;
  if (minutes > 0) text += `${String(minutes)}M`;
  if (millisOfMinute > 0 || text === 'PT') {
    const whole = Math.floor(millisOfMinute / MS_PER_SECOND);
    const fraction = millisOfMinute % MS_PER_SECOND;
    text += fraction === 0 ? `${String(whole)}S` : `${String(whole)}.${String(fraction).padStart(3, '0').replace(/0+$/, '')}S`;
  }
  return text;
}

function plural(count: number, unit: string): string {
  return `${String(count)} ${unit}${count === 1 ? '' : 's'}`;
}

/** ms → words for messages ("5 minutes", "24 hours", "1 hour 30 minutes", "25 seconds"). */
export function describeDuration(ms: number): string {
  const hours = Math.floor(ms / MS_PER_HOUR);
  const minutes = Math.floor((ms % MS_PER_HOUR) / MS_PER_MINUTE);
  const seconds = Math.round((ms % MS_PER_MINUTE) / MS_PER_SECOND);
  const parts: string[] = [];
  if (hours > 0) parts.push(plural(hours, 'hour'));
  if (minutes > 0) parts.push(plural(minutes, 'minute'));
  if (seconds > 0 || parts.length === 0) parts.push(plural(seconds, 'second'));
  return parts.join(' ');
}

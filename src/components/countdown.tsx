import { useEffect, useState } from 'react';
import { formatRemaining, remainingMs } from '../domain/connect-info';

/** The current time, re-read every `intervalMs` (countdowns and "is it still open" checks). */
export function useNow(intervalMs = 1000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => {
      setNow(new Date());
    }, intervalMs);
    return () => {
      clearInterval(timer);
    };
  }, [intervalMs]);
  return now;
}

/**
 * Time left until `endTimeUtc` as h:mm:ss, updated every second; 0:00:00 once it has passed.
 * `label` names what is counting down for assistive technology ("Port 3389 closes in").
 */
export function Countdown({ endTimeUtc, label }: { endTimeUtc: string; label: string }) {
  const now = useNow(1000);
  const text = formatRemaining(remainingMs(endTimeUtc, now));
  return (
    <span role="timer" aria-label={`${label} ${text}`} style={{ fontVariantNumeric: 'tabular-nums' }}>
      {text}
    </span>
  );
}

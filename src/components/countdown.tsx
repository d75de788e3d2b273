import { createContext, useCallback, useContext, useSyncExternalStore } from 'react';
import { formatRemaining, remainingMs } from '../domain/connect-info';

interface Ticker {
  now: Date;
  listeners: Set<() => void>;
  timer: ReturnType<typeof setInterval> | undefined;
}

// One clock per interval, shared by every component that reads it: a screenful of Configured rows
// each with its own countdown was one timer task (and one render) per row per second; now it is
// one task that renders them together.
const tickers = new Map<number, Ticker>();

function ticker(intervalMs: number): Ticker {
  let found = tickers.get(intervalMs);
  if (found === undefined) {
    found = { now: new Date(), listeners: new Set(), timer: undefined };
    tickers.set(intervalMs, found);
  }
  return found;
}

function subscribe(intervalMs: number, listener: () => void): () => void {
  const t = ticker(intervalMs);
  t.listeners.add(listener);
  // A clock nobody watched may be stale: the first watcher starts it from the current time.
  if (t.timer === undefined) t.now = new Date();
  t.timer ??= setInterval(() => {
    t.now = new Date();
    t.listeners.forEach((notify) => {
      notify();
    });
  }, intervalMs);
  return () => {
    t.listeners.delete(listener);
    if (t.listeners.size === 0) {
      clearInterval(t.timer);
      tickers.delete(intervalMs);
    }
  };
}

/**
 * True where countdowns are out of sight (a hidden tab panel kept mounted): they stop ticking, so
 * hidden rows cost no render and no DOM change every second, and catch up when shown again.
 */
export const ClockPaused = createContext(false);

const noSubscription = () => () => undefined;

/** The current time, re-read every `intervalMs` (countdowns and "is it still open" checks). */
export function useNow(intervalMs = 1000): Date {
  const paused = useContext(ClockPaused);
  // Stable per interval: a new subscribe function would resubscribe (and restart the clock) on every render.
  const subscribeToTicker = useCallback(
    (listener: () => void) => (paused ? noSubscription() : subscribe(intervalMs, listener)),
    [intervalMs, paused],
  );
  const snapshot = useCallback(() => ticker(intervalMs).now, [intervalMs]);
  return useSyncExternalStore(subscribeToTicker, snapshot);
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

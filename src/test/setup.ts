import { afterEach, beforeEach, vi, type MockInstance } from 'vitest';

// DOM-only helpers, loaded only for files that opt into `// @vitest-environment jsdom`.
if (typeof window !== 'undefined') {
  await import('@testing-library/jest-dom/vitest');
  const { cleanup } = await import('@testing-library/react');
  // Vitest globals are off, so Testing Library cannot register its own cleanup.
  afterEach(() => {
    cleanup();
  });
}

// A console.error in a test is a bug (React warnings, act() misuse, failed prop types…):
// throw where it happens, and fail the test afterwards in case the throw was swallowed.
let consoleErrors: string[] = [];
let consoleErrorSpy: MockInstance<typeof console.error> | undefined;

beforeEach(() => {
  consoleErrors = [];
  consoleErrorSpy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    const message = args.map((arg) => (arg instanceof Error ? arg.message : String(arg))).join(' ');
    consoleErrors.push(message);
    throw new Error(`console.error was called: ${message}`);
  });
});

afterEach(() => {
  const errors = consoleErrors;
  consoleErrors = [];
  consoleErrorSpy?.mockRestore();
  consoleErrorSpy = undefined;
  if (errors.length > 0) {
    throw new Error(`Test called console.error ${String(errors.length)} time(s):\n${errors.join('\n')}`);
  }
});

import { JitConsole } from './jit-console';

// The console: providers, theme, i18n, notifications and routes (src/app/jit-console.tsx).
// main.tsx renders this after the embedded emulator has started.
export function App() {
  return <JitConsole />;
}

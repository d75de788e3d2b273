// The only place under src/ that reaches into mocks/: a dynamic import, so a build with
// VITE_EMULATOR=off leaves the whole emulator (and msw) out of the bundle.
export async function startEmulator(): Promise<void> {
  const { startBrowserEmulator } = await import('../../mocks/browser');
  startBrowserEmulator();
}

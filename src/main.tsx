import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { startEmulator } from './app/start-emulator';

async function boot(): Promise<void> {
  // The emulator must answer before the first render issues its first request.
  if (import.meta.env.VITE_EMULATOR !== 'off') {
    await startEmulator();
  }
  const container = document.getElementById('root');
  if (!container) {
    throw new Error('Missing #root element in index.html');
  }
  createRoot(container).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

void boot();

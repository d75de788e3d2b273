/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** `off` builds the console without the embedded Azure emulator. */
  readonly VITE_EMULATOR?: 'on' | 'off';
  /** ARM endpoint the console talks to (default https://management.azure.com). */
  readonly VITE_ARM_BASE_URL?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}

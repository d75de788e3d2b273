/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** `off` builds the console without the embedded Azure emulator. */
  readonly VITE_EMULATOR?: 'on' | 'off';
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}

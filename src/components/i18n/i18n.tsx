import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en, type MessageKey, type Messages } from './en';

export type Language = 'en' | 'ja';
export const LANGUAGES: readonly Language[] = ['en', 'ja'];

const STORAGE_KEY = 'jit.language';

export type MessageParams = Readonly<Record<string, string | number>>;

export interface I18n {
  language: Language;
  setLanguage: (language: Language) => void;
  t: (key: MessageKey, params?: MessageParams) => string;
  /** Date and time in the user's locale with the time zone shown (the portal shows local time). */
  formatDateTime: (iso: string | Date) => string;
  formatNumber: (value: number) => string;
}

// Only English ships in the initial bundle; other catalogues are fetched when chosen.
const loaders: Record<Language, () => Promise<Messages>> = {
  en: () => Promise.resolve(en),
  ja: () => import('./ja').then((module) => module.ja),
};

function readStoredLanguage(): Language {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (stored === 'en' || stored === 'ja') return stored;
  } catch {
    // Storage unavailable.
  }
  return 'en';
}

export function formatMessage(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

function makeI18n(language: Language, messages: Messages, setLanguage: (language: Language) => void): I18n {
  const locale = language === 'ja' ? 'ja-JP' : undefined;
  const dateTime = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  });
  const number = new Intl.NumberFormat(locale);
  return {
    language,
    setLanguage,
    t: (key, params) => formatMessage(messages[key], params),
    formatDateTime: (value) => {
      const date = typeof value === 'string' ? new Date(value) : value;
      return Number.isNaN(date.getTime()) ? String(value) : dateTime.format(date);
    },
    formatNumber: (value) => number.format(value),
  };
}

const I18nContext = createContext<I18n>(makeI18n('en', en, () => undefined));

export function I18nProvider({ children, initialLanguage }: { children: ReactNode; initialLanguage?: Language }) {
  const [requested, setRequested] = useState<Language>(() => initialLanguage ?? readStoredLanguage());
  const [loaded, setLoaded] = useState<{ language: Language; messages: Messages }>({ language: 'en', messages: en });

  useEffect(() => {
    let cancelled = false;
    void loaders[requested]().then((messages) => {
      if (!cancelled) setLoaded({ language: requested, messages });
    });
    return () => {
      cancelled = true;
    };
  }, [requested]);

  useEffect(() => {
    document.documentElement.lang = loaded.language;
  }, [loaded.language]);

  const setLanguage = useCallback((language: Language) => {
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, language);
    } catch {
      // Remembered for this page only.
    }
    setRequested(language);
  }, []);

  const value = useMemo(() => makeI18n(loaded.language, loaded.messages, setLanguage), [loaded, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}

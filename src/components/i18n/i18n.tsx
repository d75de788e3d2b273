import { createContext, useCallback, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { enCore, type MessageKey } from './en';

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

// The catalogue comes in parts: the core (blade, header, app shell) and the strings of the panes
// and of the activity log / VM page. Only the English core ships in the initial script (issue 7);
// every other part, in every language, is fetched when first needed: a language's parts when it is
// chosen, a feature's part (loadMessages) when its code is fetched. A language is shown only once
// all parts requested so far are loaded in it, so nothing flashes in another language or as a key.

/** The parts that load on demand. */
export type MessagePart = 'panes' | 'activity';
type Part = 'core' | MessagePart;
type Catalogue = Partial<Record<MessageKey, string>>;

const loaders: Record<Language, Record<Part, () => Promise<Catalogue>>> = {
  en: {
    core: () => Promise.resolve(enCore),
    panes: () => import('./en-panes').then((module) => module.enPanes),
    activity: () => import('./en-activity').then((module) => module.enActivity),
  },
  ja: {
    core: () => import('./ja').then((module) => module.jaCore),
    panes: () => import('./ja-panes').then((module) => module.jaPanes),
    activity: () => import('./ja-activity').then((module) => module.jaActivity),
  },
};

type Catalogues = Readonly<Record<Language, Catalogue>>;

// One store for the page, shared by every provider: a part is fetched once. Replaced, never
// mutated, when a part arrives, so it is the useSyncExternalStore snapshot.
let catalogues: Catalogues = { en: enCore, ja: {} };
const loadedParts = new Set<string>(['en:core']);
const pending = new Map<string, Promise<void>>();
const requestedParts = new Set<Part>(['core']);
// English is the fallback and what shows until a stored language arrives, so it stays in use.
const languagesInUse = new Set<Language>(['en']);
const listeners = new Set<() => void>();

function loadPart(language: Language, part: Part): Promise<void> {
  const key = `${language}:${part}`;
  if (loadedParts.has(key)) return Promise.resolve();
  let promise = pending.get(key);
  if (promise === undefined) {
    promise = loaders[language][part]().then(
      (messages) => {
        catalogues = { ...catalogues, [language]: { ...catalogues[language], ...messages } };
        loadedParts.add(key);
        pending.delete(key);
        for (const listener of listeners) listener();
      },
      (error: unknown) => {
        // A failed chunk fetch (offline) is tried again the next time the part is needed.
        pending.delete(key);
        throw error;
      },
    );
    pending.set(key, promise);
  }
  return promise;
}

function isLanguageLoaded(language: Language): boolean {
  return [...requestedParts].every((part) => loadedParts.has(`${language}:${part}`));
}

function loadLanguage(language: Language): Promise<void> {
  languagesInUse.add(language);
  return Promise.all([...requestedParts].map((part) => loadPart(language, part))).then(() => undefined);
}

/**
 * Loads a part of the catalogue in every language in use. The app awaits it together with the
 * code of the pane or route that shows those strings, so they are there on its first render.
 */
export function loadMessages(part: MessagePart): Promise<void> {
  requestedParts.add(part);
  return Promise.all([...languagesInUse].map((language) => loadPart(language, part))).then(() => undefined);
}

function subscribeToCatalogues(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

const getCatalogues = () => catalogues;

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

function makeI18n(language: Language, messages: Catalogues, setLanguage: (language: Language) => void): I18n {
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
    // English is the fallback; a key shows only for a part not loaded, which the app never renders.
    t: (key, params) => formatMessage(messages[language][key] ?? messages.en[key] ?? key, params),
    formatDateTime: (value) => {
      const date = typeof value === 'string' ? new Date(value) : value;
      return Number.isNaN(date.getTime()) ? String(value) : dateTime.format(date);
    },
    formatNumber: (value) => number.format(value),
  };
}

const I18nContext = createContext<I18n>(makeI18n('en', catalogues, () => undefined));

export function I18nProvider({ children, initialLanguage }: { children: ReactNode; initialLanguage?: Language }) {
  const [requested, setRequested] = useState<Language>(() => initialLanguage ?? readStoredLanguage());
  // The language shown: the requested one once all its requested parts are loaded.
  const [language, setShown] = useState<Language>(() => (isLanguageLoaded(requested) ? requested : 'en'));
  // A part that arrives (loadMessages) re-renders the provider before the pane awaiting it renders.
  const messages = useSyncExternalStore(subscribeToCatalogues, getCatalogues, getCatalogues);

  useEffect(() => {
    let cancelled = false;
    void loadLanguage(requested).then(() => {
      if (!cancelled) setShown(requested);
    });
    return () => {
      cancelled = true;
    };
  }, [requested]);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const setLanguage = useCallback((next: Language) => {
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, next);
    } catch {
      // Remembered for this page only.
    }
    setRequested(next);
  }, []);

  const value = useMemo(() => makeI18n(language, messages, setLanguage), [language, messages, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}

import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { en, type Catalogue, type MessageKey } from './en.ts';
import { es } from './es.ts';
import { ptBR } from './pt-BR.ts';

export type Language = 'pt-BR' | 'es' | 'en';
export const languages: { code: Language; label: string }[] = [
  { code: 'pt-BR', label: 'Português' },
  { code: 'es', label: 'Español' },
  { code: 'en', label: 'English' },
];
const catalogues: Record<Language, Catalogue> = { 'pt-BR': ptBR, es, en };

/** The browser's first language we have; English otherwise. */
function browserLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('pt')) return 'pt-BR';
    if (lower.startsWith('es')) return 'es';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

function translate(language: Language, key: MessageKey, vars: Record<string, string | number> = {}): string {
  const text = catalogues[language][key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

export interface I18n {
  language: Language;
  setLanguage: (language: Language) => void;
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
  /** The translation of `prefix.value` when the catalogue has it, else the value as the API gave it (kinds added later still show). */
  label: (prefix: 'task' | 'record', value: string) => string;
  /** {amount: "1234.56", currency} in the user's locale. The decimal string is shown as it is, never through float arithmetic. */
  money: (money: { amount: string; currency: string } | null | undefined) => string;
  date: (iso: string | null | undefined) => string;
  dateTime: (iso: string | null | undefined) => string;
  number: (n: number) => string;
}

const I18nContext = createContext<I18n | null>(null);
const storageKey = 'regua.language';

function initialLanguage(): Language {
  const stored = localStorage.getItem(storageKey);
  if (stored === 'pt-BR' || stored === 'es' || stored === 'en') return stored;
  return browserLanguage(navigator.languages ?? [navigator.language]);
}

/** Formats a decimal string through Intl without turning it into a float: Intl.NumberFormat accepts decimal strings. */
function formatMoney(language: Language, money: { amount: string; currency: string }): string {
  const format = new Intl.NumberFormat(language, { style: 'currency', currency: money.currency });
  return format.format(money.amount as unknown as number);
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem(storageKey, next);
    document.documentElement.lang = next;
    setLanguageState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    document.documentElement.lang = language;
    const dateFormat = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' });
    const dateTimeFormat = new Intl.DateTimeFormat(language, { dateStyle: 'short', timeStyle: 'short' });
    const numberFormat = new Intl.NumberFormat(language);
    return {
      language,
      setLanguage,
      t: (key, vars) => translate(language, key, vars),
      label: (prefix, value) => (`${prefix}.${value}` in en ? translate(language, `${prefix}.${value}` as MessageKey) : value),
      money: (m) => (m ? formatMoney(language, m) : '—'),
      date: (iso) => (iso ? dateFormat.format(new Date(`${iso.slice(0, 10)}T00:00:00Z`)) : '—'),
      dateTime: (iso) => (iso ? dateTimeFormat.format(new Date(iso)) : '—'),
      number: (n) => numberFormat.format(n),
    };
  }, [language, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

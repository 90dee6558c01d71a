// Every string the user reads comes through t(). German first, English second.
import de from './de.js';
import en from './en.js';

const dictionaries = { de, en };
/** @type {'de' | 'en'} */
let current = 'de';

/** @param {'de' | 'en'} language */
export function setLanguage(language) {
  current = language in dictionaries ? language : 'de';
  document.documentElement.lang = current;
}

export function language() {
  return current;
}

/**
 * The text for `key` in the current language (German if missing), with
 * `{name}` placeholders filled from `params`.
 * @param {string} key
 * @param {Record<string, string | number>} [params]
 */
export function t(key, params = {}) {
  const text = lookup(dictionaries[current], key) ?? lookup(de, key) ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? `{${name}}`));
}

/**
 * The message for a CommandError: the core's German text, or in English the
 * translation of its code where there is one, with `{name}` placeholders
 * filled from the error's `params` (e.g. `{max}`).
 * @param {{ code: string, message: string, params?: Record<string, string> }} error
 */
export function errorText(error) {
  if (current === 'de') return error.message;
  const params = error.params ?? {};
  // An error with several wordings names the one that applies.
  const text = (params.variant && lookup(dictionaries[current], `errors.${error.code}_${params.variant}`))
    ?? lookup(dictionaries[current], `errors.${error.code}`);
  if (text === undefined) return error.message;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/** @param {any} dict @param {string} key @returns {string | undefined} */
function lookup(dict, key) {
  const value = key.split('.').reduce((node, part) => (node == null ? undefined : node[part]), dict);
  return typeof value === 'string' ? value : undefined;
}

/** Formats an ISO date (yyyy-mm-dd...) as dd.mm.yyyy. @param {string} iso */
export function formatDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}

/** Formats cents as German euros: 2450 → "24,50 €". @param {number} cents */
export function formatEuro(cents) {
  return `${(cents / 100).toFixed(2).replace('.', ',')} €`;
}

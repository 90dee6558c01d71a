// Every string the user reads comes through t(). German first, English second.
import de from './de.js';
import en from './en.js';

const dictionaries = { de, en };
/** @type {'de' | 'en'} */
let current = 'de';

/** @param {'de' | 'en'} language */
export function setLanguage(language) {
  current = language in dictionaries ? language : 'de';
  // Without a window (the i18n test imports this module in Node) there is no page to mark.
  if (typeof document !== 'undefined') document.documentElement.lang = current;
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
 * translation of its code where there is one (see {@link fillError}).
 * @param {import('../api.js').CommandError} error
 */
export function errorText(error) {
  if (current === 'de') return error.message;
  const params = error.params ?? {};
  // An error with several wordings names the one that applies.
  const text = (typeof params.variant === 'string' && lookup(dictionaries[current], `errors.${error.code}_${params.variant}`))
    || lookup(dictionaries[current], `errors.${error.code}`);
  if (text === undefined) return error.message;
  return fillError(text, params, current);
}

/**
 * Fills the placeholders of an error text from the error's `params`:
 * `{name}` shows the value as it is (a list joined by commas),
 * `{name:number}` groups a number by thousands as the language does,
 * `{name:date}` shows a yyyy-mm-dd date as dd.mm.yyyy,
 * `{name:record}` names a kind of record (`records.<code>`) and
 * `{name:field}` a form field (`fields.<code>`) in the language.
 * A placeholder without its parameter stays as it is (the i18n test fails on it).
 * @param {string} text
 * @param {Record<string, unknown>} params
 * @param {'de' | 'en'} language
 */
export function fillError(text, params, language) {
  const dict = dictionaries[language];
  return text.replace(/\{(\w+)(?::(\w+))?\}/g, (whole, name, format) => {
    if (!(name in params)) return whole;
    const value = params[name];
    switch (format) {
      case 'number': return groupThousands(Number(value), language === 'de' ? '.' : ',');
      case 'date': return formatDate(String(value));
      case 'record': return lookup(dict, `records.${value}`) ?? String(value);
      case 'field': return lookup(dict, `fields.${value}`) ?? lookup(dict, 'fields.other') ?? String(value);
      default: return Array.isArray(value) ? value.join(', ') : String(value);
    }
  });
}

/** 5000 → "5.000" (German) or "5,000" (English). @param {number} n @param {string} separator */
function groupThousands(n, separator) {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, separator);
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

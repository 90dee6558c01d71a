// Every string the user reads comes through t(). German first, English second.
// German is always loaded (it is the fallback for every missing text);
// English is read when it is first chosen, so a German start does not load
// and compile its 94 KB (docs/architecture.md, the first screen).
import de from './de.js';

/** The loaded dictionaries. @type {Record<string, any>} */
const dictionaries = { de };
/** @type {'de' | 'en'} */
let current = 'de';
/** The language asked for last: it wins over an earlier call still loading. */
let wanted = 'de';

/**
 * Makes `language` the current one, loading its dictionary on first use.
 * Resolves once texts come in that language (in German if it cannot be
 * loaded, or for a language the app does not have). When another language
 * is asked for while this one loads, the later choice stays.
 * @param {'de' | 'en'} language
 */
export async function setLanguage(language) {
  wanted = language;
  if (language === 'en' && !dictionaries.en) {
    try {
      dictionaries.en = (await import('./en.js')).default;
    } catch {
      // The dictionary is part of the app; should it ever fail to load,
      // German texts are still right.
    }
    if (wanted !== language) return;
  }
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
 * `codes` in the order of their labels (`<group>.<code>`) in the current
 * language, as a reader of that language expects them: for a column that
 * shows labels but sorts in the core, which knows only the codes.
 * @template {string} C
 * @param {readonly C[]} codes @param {string} group
 * @returns {C[]}
 */
export function inLabelOrder(codes, group) {
  const collator = new Intl.Collator(t('app.locale'), { sensitivity: 'base' });
  return [...codes].sort((a, b) => collator.compare(t(`${group}.${a}`), t(`${group}.${b}`)));
}

/**
 * The text of a CommandError in the current language: `errors.<code>_<variant>`
 * when the error names one of several wordings in `params.variant`, else
 * `errors.<code>`, with the placeholders filled from its `params`
 * (see {@link fillError}). The core sends no sentences, only these.
 * @param {import('../api.js').CommandError} error
 * @param {'de' | 'en'} [language]
 */
export function errorText(error, language = current) {
  const params = error.params ?? {};
  // A language whose dictionary is not loaded reads as German, numbers too.
  const shown = language in dictionaries ? language : 'de';
  const dict = dictionaries[shown];
  const text = errorTemplate(error.code, params, dict)
    ?? errorTemplate(error.code, params, de)
    ?? lookup(dict, 'errors.internal')
    ?? error.code;
  return fillError(text, params, shown);
}

/**
 * The key under `errors` of the text for an error in `dict`: its wording's
 * (`<code>_<variant>`) if the dictionary has it, else the code's; undefined
 * when the dictionary has neither.
 * @param {string} code
 * @param {Record<string, unknown>} params
 * @param {any} dict
 */
export function errorKey(code, params, dict) {
  const variant = typeof params.variant === 'string' ? `${code}_${params.variant}` : undefined;
  if (variant && lookup(dict, `errors.${variant}`) !== undefined) return variant;
  return lookup(dict, `errors.${code}`) === undefined ? undefined : code;
}

/**
 * The dictionary's text for an error, before its placeholders are filled.
 * @param {string} code
 * @param {Record<string, unknown>} params
 * @param {any} dict
 */
function errorTemplate(code, params, dict) {
  const key = errorKey(code, params, dict);
  return key === undefined ? undefined : lookup(dict, `errors.${key}`);
}

/**
 * Fills the placeholders of an error text from the error's `params`:
 * `{name}` shows the value as it is (a list joined by commas),
 * `{name:number}` groups a number by thousands as the language does,
 * `{name:date}` shows a yyyy-mm-dd date as dd.mm.yyyy,
 * `{name:moment}` a yyyy-mm-ddThh:mm moment as dd.mm.yyyy, hh:mm,
 * `{name:record}` names a kind of record (`records.<code>`) and
 * `{name:field}` a form field (`fields.<code>`) in the language.
 * A placeholder without its parameter stays as it is (the i18n test fails on it).
 * @param {string} text
 * @param {Record<string, unknown>} params
 * @param {'de' | 'en'} language
 */
export function fillError(text, params, language) {
  const dict = dictionaries[language] ?? de;
  return text.replace(/\{(\w+)(?::(\w+))?\}/g, (whole, name, format) => {
    if (!(name in params)) return whole;
    const value = params[name];
    switch (format) {
      case 'number': return groupThousands(Number(value), language === 'de' ? '.' : ',');
      case 'date': return formatDate(String(value));
      case 'moment': return formatMoment(String(value));
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

/** Formats an ISO moment: "2026-12-01T09:30:00" → "01.12.2026, 09:30". @param {string} iso */
export function formatMoment(iso) {
  const time = /T(\d{2}:\d{2})/.exec(iso);
  return time ? `${formatDate(iso)}, ${time[1]}` : formatDate(iso);
}

/** Formats cents as German euros: 2450 → "24,50 €". @param {number} cents */
export function formatEuro(cents) {
  return `${(cents / 100).toFixed(2).replace('.', ',')} €`;
}

/**
 * A level range as the catalogue writes it: "A2", "A1–B1", "ab A2",
 * "bis B1"; empty without either end.
 * @param {string | null} from @param {string | null} to
 */
export function levelRange(from, to) {
  if (from && to) return from === to ? t(`levels.${from}`) : `${t(`levels.${from}`)}–${t(`levels.${to}`)}`;
  if (from) return t('desk.levelFrom', { level: t(`levels.${from}`) });
  return to ? t('desk.levelTo', { level: t(`levels.${to}`) }) : '';
}

/**
 * The languages of the centre's public site (src/publish), in its
 * language switch's order, each named in itself.
 * @type {[string, string][]}
 */
export const SITE_LANGUAGES = [['de', 'Deutsch'], ['en', 'English'], ['fr', 'Français'], ['ru', 'Русский'], ['tr', 'Türkçe'], ['ar', 'العربية']];

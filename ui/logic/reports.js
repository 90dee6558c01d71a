// The Berichte page without a window: the period staff chose (kept in the
// hash and the session), how it is written out in words, and how a figure
// and its change against the year before are written.

/** @typedef {import('../api.js').PeriodChoice} PeriodChoice */
/** @typedef {(key: string, params?: Record<string, string | number>) => string} Translate */

/**
 * The period shown when staff open the page without having chosen one: the
 * last complete calendar year, the one the Sachbericht and the
 * Verwendungsnachweis are written for (a year still running would compare
 * a part of a year with a whole one).
 * @param {string} today yyyy-mm-dd
 * @returns {PeriodChoice}
 */
export function defaultChoice(today) {
  return { kind: 'year', year: Number(today.slice(0, 4)) - 1 };
}

/**
 * The school year a day belongs to (NRW: from 1 August): 2026-03-01 → 2025.
 * @param {string} day yyyy-mm-dd
 */
export function schoolYearOf(day) {
  const year = Number(day.slice(0, 4));
  return Number(day.slice(5, 7)) >= 8 ? year : year - 1;
}

/**
 * A choice as the last part of the page's hash: `year-2025`,
 * `quarter-2026-4`, `half-2025-2`, `range-2026-03-01-2026-04-15`.
 * @param {PeriodChoice} choice
 */
export function choiceToHash(choice) {
  switch (choice.kind) {
    case 'year': return `year-${choice.year}`;
    case 'quarter': return `quarter-${choice.year}-${choice.quarter}`;
    case 'school_half': return `half-${choice.school_year}-${choice.half}`;
    case 'range': return `range-${choice.from}-${choice.to}`;
  }
}

/**
 * The choice a hash part names, or null for anything else (an old or
 * mistyped address then shows the default).
 * @param {string | undefined} text
 * @returns {PeriodChoice | null}
 */
export function choiceFromHash(text) {
  if (!text) return null;
  let m = /^year-(\d{4})$/.exec(text);
  if (m) return { kind: 'year', year: Number(m[1]) };
  m = /^quarter-(\d{4})-([1-4])$/.exec(text);
  if (m) return { kind: 'quarter', year: Number(m[1]), quarter: Number(m[2]) };
  m = /^half-(\d{4})-([12])$/.exec(text);
  if (m) return { kind: 'school_half', school_year: Number(m[1]), half: Number(m[2]) };
  m = /^range-(\d{4}-\d{2}-\d{2})-(\d{4}-\d{2}-\d{2})$/.exec(text);
  if (m) return { kind: 'range', from: m[1], to: m[2] };
  return null;
}

/** yyyy-mm-dd → dd.mm.yyyy. @param {string} iso */
function day(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}

/**
 * A resolved period in words: "01.01.2025 bis 31.12.2025".
 * @param {{ first: string, last: string }} period @param {Translate} t
 */
export function periodDays(period, t) {
  return t('reports.days', { from: day(period.first), to: day(period.last) });
}

/**
 * The choice in words: "Kalenderjahr 2025", "2. Quartal 2026",
 * "1. Schulhalbjahr 2025/26", "Zeitraum".
 * @param {PeriodChoice} choice @param {Translate} t
 */
export function choiceName(choice, t) {
  switch (choice.kind) {
    case 'year': return t('reports.nameYear', { year: choice.year });
    case 'quarter': return t('reports.nameQuarter', { year: choice.year, quarter: choice.quarter });
    case 'school_half': return t('reports.nameHalf', { half: choice.half, years: schoolYearName(choice.school_year) });
    case 'range': return t('reports.nameRange');
  }
}

/** 2025 → "2025/26". @param {number} year */
export function schoolYearName(year) {
  return `${year}/${String((year + 1) % 100).padStart(2, '0')}`;
}

/** One number format per language: making one is the slow part (`toLocaleString` makes one per call). */
/** @type {Map<string, Intl.NumberFormat>} */
const countFormats = new Map();

/**
 * A whole number grouped as the language does: 1234 → "1.234" (German).
 * The page writes every figure three times (now, before, change); with
 * `toLocaleString` the 3,000 numbers of a year took 100 ms in the window,
 * with a kept format 1 ms.
 * @param {number} n @param {string} locale
 */
export function formatCount(n, locale) {
  let format = countFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    countFormats.set(locale, format);
  }
  return format.format(n);
}

/**
 * The change from the year before to now: "+3 (+25 %)", "−2 (−10 %)",
 * "±0 (0 %)"; without a percentage when the year before had none ("+3").
 * `points` for a figure that is itself a percentage: "+5 Pp." (percentage
 * points, no percentage of a percentage). A figure missing in either
 * period (a rate without any registration) has no change: "–".
 * @param {number | null} now @param {number | null} before
 * @param {string} locale @param {Translate} t
 * @param {boolean} [points]
 */
export function formatChange(now, before, locale, t, points = false) {
  if (now == null || before == null) return '–';
  const diff = now - before;
  const sign = diff > 0 ? '+' : diff < 0 ? '−' : '±';
  const amount = `${sign}${formatCount(Math.abs(diff), locale)}`;
  if (points) return t('reports.points', { n: amount });
  if (before === 0) return amount;
  const percent = Math.round((diff * 100) / before);
  const percentSign = percent > 0 ? '+' : percent < 0 ? '−' : '';
  return `${amount} (${percentSign}${formatCount(Math.abs(percent), locale)} %)`;
}

/**
 * A month of the monthly lines as staff read it:
 * "2025-03" → "03/2025".
 * @param {string} month yyyy-mm
 */
export function monthName(month) {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  return m ? `${m[2]}/${m[1]}` : month;
}

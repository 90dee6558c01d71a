// Einstellungen → Ausleihe: loan periods and renewals per Mediengruppe and
// kind of borrower, limits, opening days and closing periods, grace,
// pickup and reminder intervals, automatic slip printing.
import * as api from '../api.js';
import { h } from './dom.js';
import { showConflict } from './form.js';
import { redrawOnChange } from './live.js';
import { notify, notifyError } from './toast.js';
import { errorText, t } from '../i18n/index.js';

const KINDS = ['hauptamtlich', 'ehrenamtlich', 'organisation', 'sonstige'];

/** @param {string} id @param {number} value @param {string} label @param {number} min @param {number} max */
function numberInput(id, value, label, min, max) {
  return h('input', { type: 'number', id, class: 'number-input', value: String(value), min: String(min), max: String(max), 'aria-label': label, inputmode: 'numeric' });
}

/** @param {HTMLElement} root @param {string} id */
function numberOf(root, id) {
  const input = /** @type {HTMLInputElement | null} */ (root.querySelector(`#${id}`));
  return input ? Number(input.value) : NaN;
}

/** The Ausleihe section of the settings page. @returns {Promise<HTMLElement | null>} */
export async function lendingSection() {
  let settings;
  try {
    settings = await api.getLendingSettings();
  } catch (error) {
    notifyError(error);
    return null;
  }
  const section = h('section', { 'aria-labelledby': 'lending-title', id: 'lending-settings' });
  render(section, settings);
  // Another PC saved the rules, the closing times or a Mediengruppe (the
  // shared database): the section is drawn again, unless something typed
  // in it is not saved (then the notice with "Neu laden").
  redrawOnChange(section, ['app_setting', 'loan_rule', 'loan_limit', 'closing_period', 'media_kind', 'course_term', 'course_end_limit'], async (decide) => {
    let read;
    try {
      read = await api.getLendingSettings();
    } catch {
      return;
    }
    if (decide(JSON.stringify(read) !== shown.get(section))) render(section, read);
  });
  return section;
}

/** What each section shows, to tell whether another PC changed it. @type {WeakMap<HTMLElement, string>} */
const shown = new WeakMap();

/** @param {HTMLElement} section @param {import('../api.js').LendingSettings} s */
function render(section, s) {
  shown.set(section, JSON.stringify(s));
  /** @type {Map<number, { name: string, rules: Map<string, import('../api.js').LoanRule> }>} */
  const byKind = new Map();
  for (const rule of s.rules) {
    const entry = byKind.get(rule.kind_id) ?? { name: rule.kind_name, rules: new Map() };
    entry.rules.set(rule.borrower_kind, rule);
    byKind.set(rule.kind_id, entry);
  }
  const rulesTable = h('table', { class: 'data-table rules-table', id: 'rules-table' }, [
    h('thead', {}, [
      h('tr', {}, [
        h('th', { scope: 'col', text: t('catalogue.kind') }),
        ...KINDS.map((k) => h('th', { scope: 'col', text: t(`borrowerKinds.${k}`) })),
      ]),
    ]),
    h('tbody', {}, [
      ...[...byKind.entries()].map(([kindId, entry]) =>
        h('tr', {}, [
          h('th', { scope: 'row', text: entry.name }),
          ...KINDS.map((k) => {
            const rule = entry.rules.get(k);
            const label = `${entry.name}, ${t(`borrowerKinds.${k}`)}`;
            return h('td', { class: 'rule-cell' }, [
              h('span', { class: 'rule-pair' }, [
                numberInput(`rule-${kindId}-${k}-days`, rule?.period_days ?? 28, `${label}: ${t('lending.periodDays')}`, 1, 365),
                h('span', { class: 'unit', text: t('lending.daysShort') }),
              ]),
              h('span', { class: 'rule-pair' }, [
                numberInput(`rule-${kindId}-${k}-renewals`, rule?.max_renewals ?? 2, `${label}: ${t('lending.maxRenewals')}`, 0, 20),
                h('span', { class: 'unit', text: t('lending.renewalsShort') }),
              ]),
            ]);
          }),
        ]),
      ),
      h('tr', { class: 'limits-row' }, [
        h('th', { scope: 'row', text: t('lending.maxItems') }),
        ...KINDS.map((k) =>
          h('td', {}, [
            numberInput(`limit-${k}`, s.limits.find((l) => l.borrower_kind === k)?.max_items ?? 10, `${t('lending.maxItems')}: ${t(`borrowerKinds.${k}`)}`, 1, 500),
          ]),
        ),
      ]),
    ]),
  ]);

  const weekdays = h('fieldset', { class: 'weekdays' }, [
    h('legend', { text: t('lending.closedWeekdays') }),
    ...[1, 2, 3, 4, 5, 6, 7].map((d) =>
      h('label', { class: 'checkbox', for: `closed-${d}` }, [
        h('input', { type: 'checkbox', id: `closed-${d}`, checked: s.closed_weekdays.includes(d) }),
        ` ${t(`lending.weekday.${d}`)}`,
      ]),
    ),
  ]);

  const periods = h('div', { class: 'closing-periods', id: 'closing-periods' });
  /** A closing period added or removed: unsaved until "Speichern" (an update waits for it). */
  const markChanged = () => section.querySelector('#lending-card')?.setAttribute('data-changed', '');
  /** @param {{ first_day: string, last_day: string, reason: string }} p */
  const addPeriod = (p) => {
    const n = periods.children.length;
    periods.append(
      h('div', { class: 'closing-row' }, [
        h('input', { type: 'date', class: 'first-day', value: p.first_day, 'aria-label': t('lending.from') }),
        h('span', { text: '–' }),
        h('input', { type: 'date', class: 'last-day', value: p.last_day, 'aria-label': t('lending.to') }),
        h('input', { type: 'text', class: 'reason', value: p.reason, placeholder: t('lending.reason'), 'aria-label': t('lending.reason'), id: `closing-reason-${n}` }),
        h('button', { type: 'button', class: 'button small', text: t('lending.remove'), onClick: (/** @type {Event} */ e) => {
          markChanged();
          /** @type {HTMLElement} */ (e.currentTarget).parentElement?.remove();
        } }),
      ]),
    );
  };
  s.closing_periods.forEach(addPeriod);

  // The terms a loan may be due at instead of after the loan period, and
  // how far ahead that may be per Mediengruppe (issue 23).
  const terms = h('div', { class: 'closing-periods', id: 'course-terms' });
  /** @param {{ name: string, ends_on: string }} term */
  const addTerm = (term) => {
    const n = terms.children.length;
    terms.append(
      h('div', { class: 'closing-row course-term' }, [
        h('input', { type: 'text', class: 'reason term-name', value: term.name, placeholder: t('lending.termName'), 'aria-label': t('lending.termName'), id: `term-name-${n}` }),
        h('input', { type: 'date', class: 'term-end', value: term.ends_on, 'aria-label': t('lending.termEnd'), id: `term-end-${n}` }),
        h('button', { type: 'button', class: 'button small', text: t('lending.remove'), onClick: (/** @type {Event} */ e) => {
          markChanged();
          /** @type {HTMLElement} */ (e.currentTarget).parentElement?.remove();
        } }),
      ]),
    );
  };
  s.course_terms.forEach(addTerm);
  const courseLimits = h('div', { class: 'number-grid', id: 'course-limits' }, s.course_end_limits.map((l) =>
    h('div', { class: 'field' }, [
      h('label', { for: `course-max-${l.kind_id}`, text: l.kind_name }),
      numberInput(`course-max-${l.kind_id}`, l.max_days, `${l.kind_name}: ${t('lending.courseMaxDays')}`, 1, 730),
    ]),
  ));

  const numbers = /** @type {[string, number, number, number][]} */ ([
    ['renewal_grace_days', s.renewal_grace_days, 0, 365],
    ['pickup_days', s.pickup_days, 1, 60],
    ['reminder_days_1', s.reminder_days[0], 1, 365],
    ['reminder_days_2', s.reminder_days[1], 1, 365],
    ['reminder_days_3', s.reminder_days[2], 1, 365],
  ]);
  const autoPrint = h('input', { type: 'checkbox', id: 'auto-print-slip', checked: s.auto_print_slip });
  const error = h('p', { class: 'field-error', id: 'lending-error', 'aria-live': 'polite' });

  const save = async () => {
    error.textContent = '';
    /** @type {import('../api.js').LendingSettings} */
    const next = {
      rules: s.rules.map((r) => ({
        ...r,
        period_days: numberOf(section, `rule-${r.kind_id}-${r.borrower_kind}-days`),
        max_renewals: numberOf(section, `rule-${r.kind_id}-${r.borrower_kind}-renewals`),
      })),
      limits: KINDS.map((k) => ({ borrower_kind: k, max_items: numberOf(section, `limit-${k}`) })),
      closed_weekdays: [1, 2, 3, 4, 5, 6, 7].filter((d) => /** @type {HTMLInputElement} */ (section.querySelector(`#closed-${d}`)).checked),
      closing_periods: [...periods.querySelectorAll('.closing-row')]
        .map((row) => ({
          first_day: /** @type {HTMLInputElement} */ (row.querySelector('.first-day')).value,
          last_day: /** @type {HTMLInputElement} */ (row.querySelector('.last-day')).value,
          reason: /** @type {HTMLInputElement} */ (row.querySelector('.reason')).value,
        }))
        .filter((p) => p.first_day || p.last_day),
      renewal_grace_days: numberOf(section, 'renewal_grace_days'),
      pickup_days: numberOf(section, 'pickup_days'),
      reminder_days: [1, 2, 3].map((i) => numberOf(section, `reminder_days_${i}`)),
      auto_print_slip: /** @type {HTMLInputElement} */ (autoPrint).checked,
      course_terms: [...terms.querySelectorAll('.course-term')]
        .map((row) => ({
          name: /** @type {HTMLInputElement} */ (row.querySelector('.term-name')).value,
          ends_on: /** @type {HTMLInputElement} */ (row.querySelector('.term-end')).value,
        }))
        .filter((term) => term.name.trim() || term.ends_on),
      course_end_limits: s.course_end_limits.map((l) => ({ ...l, max_days: numberOf(section, `course-max-${l.kind_id}`) })),
      // The version this form was drawn from: a save over another PC's is refused.
      version: s.version,
      saved_by: s.saved_by,
      saved_at: s.saved_at,
    };
    const bad = [...section.querySelectorAll('input[type=number]')].find((i) => !Number.isInteger(Number(/** @type {HTMLInputElement} */ (i).value)) || /** @type {HTMLInputElement} */ (i).value === '');
    const undated = next.closing_periods.find((p) => !p.first_day || !p.last_day);
    const termUndated = [...terms.querySelectorAll('.course-term')].find(
      (row) => /** @type {HTMLInputElement} */ (row.querySelector('.term-name')).value.trim() && !(/** @type {HTMLInputElement} */ (row.querySelector('.term-end')).value),
    );
    if (bad || undated || termUndated) {
      error.textContent = t(bad ? 'lending.wholeNumbers' : undated ? 'lending.bothDates' : 'lending.termDate');
      const at = bad ?? (undated ? periods : termUndated?.querySelector('.term-end'));
      /** @type {HTMLElement | null | undefined} */ (at)?.focus();
      return;
    }
    try {
      const stored = await api.saveLendingSettings(next);
      notify(t('lending.saved'), 'success');
      render(section, stored);
      /** @type {HTMLElement | null} */ (section.querySelector('#save-lending'))?.focus();
    } catch (e) {
      const reload = async () => {
        try {
          render(section, await api.getLendingSettings());
        } catch (failure) {
          notifyError(failure);
        }
      };
      // The card is the form here (its fields stand in a table and a grid).
      if (showConflict(/** @type {HTMLFormElement} */ (/** @type {unknown} */ (section.querySelector('#lending-card'))), /** @type {any} */ (e), reload)) return;
      error.textContent = errorText(/** @type {any} */ (e));
    }
  };

  section.replaceChildren(
    h('h2', { id: 'lending-title', text: t('lending.title') }),
    h('p', { class: 'section-lead', text: t('lending.lead') }),
    h('div', { class: 'card lending-card', id: 'lending-card', 'data-editable': true }, [
      h('h3', { text: t('lending.rulesTitle') }),
      h('p', { class: 'secondary', text: t('lending.rulesHint') }),
      h('div', { class: 'table-wrap' }, [rulesTable]),
      h('h3', { text: t('lending.calendarTitle') }),
      weekdays,
      h('p', { class: 'secondary', text: t('lending.closingHint') }),
      periods,
      h('button', { type: 'button', class: 'button small', id: 'add-closing', text: t('lending.addClosing'), onClick: () => {
        markChanged();
        addPeriod({ first_day: '', last_day: '', reason: '' });
      } }),
      h('h3', { text: t('lending.courseTitle') }),
      h('p', { class: 'secondary', text: t('lending.courseHint') }),
      terms,
      h('button', { type: 'button', class: 'button small', id: 'add-term', text: t('lending.addTerm'), onClick: () => {
        markChanged();
        addTerm({ name: '', ends_on: '' });
      } }),
      h('p', { class: 'secondary', text: t('lending.courseLimitsHint') }),
      courseLimits,
      h('h3', { text: t('lending.numbersTitle') }),
      h('div', { class: 'number-grid' }, numbers.map(([id, value, min, max]) =>
        h('div', { class: 'field' }, [h('label', { for: id, text: t(`lending.${id}`) }), numberInput(id, value, t(`lending.${id}`), min, max)]),
      )),
      h('label', { class: 'checkbox', for: 'auto-print-slip' }, [autoPrint, ` ${t('lending.autoPrint')}`]),
      error,
      h('div', { class: 'form-actions' }, [h('button', { type: 'button', class: 'button primary', id: 'save-lending', text: t('lending.save'), onClick: save })]),
    ]),
  );
}

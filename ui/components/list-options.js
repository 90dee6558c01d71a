// The choices staff make before printing a participant list or name badges
// (on the workshop's and on the event's page): the list's columns, kept
// while the app runs, and the label sheet with the start position.
import { h } from './dom.js';
import { t } from '../i18n/index.js';

const COLUMNS = ['nr', 'name', 'school', 'languages', 'age', 'contact', 'signature'];
const DEFAULT_COLUMNS = ['nr', 'name', 'school', 'languages', 'age', 'signature'];

/** The columns staff chose, kept while the app runs. */
let columnsChosen = [...DEFAULT_COLUMNS];

/** Checkboxes for the list's columns (contact data only when ticked). @param {string} prefix */
export function columnChooser(prefix) {
  const box = h('fieldset', { class: 'field field-wide checkbox-group', id: `${prefix}-columns` }, [
    h('legend', { text: t('workshop.columns') }),
    h('div', { class: 'checkbox-grid' }, COLUMNS.map((c) =>
      h('label', { class: 'checkbox' }, [h('input', { type: 'checkbox', name: `${prefix}-column`, value: c, checked: columnsChosen.includes(c) }), ` ${t(`listColumn.${c}`)}`]),
    )),
  ]);
  box.addEventListener('change', () => (columnsChosen = chosenColumns(box)));
  return box;
}

/** @param {HTMLElement} box @returns {string[]} */
export function chosenColumns(box) {
  return [...box.querySelectorAll('input[type=checkbox]:checked')].map((i) => /** @type {HTMLInputElement} */ (i).value);
}

/**
 * The label sheet and start position for name badges, and the button.
 * @param {string} prefix @param {(sheet: string, start: number) => void} print
 */
export function labelSheetField(prefix, print) {
  const sheet = /** @type {HTMLSelectElement} */ (
    h('select', { id: `${prefix}-sheet` }, ['three_by_eight', 'three_by_seven'].map((s) => h('option', { value: s, text: t(s === 'three_by_eight' ? 'labels.threeByEight' : 'labels.threeBySeven') })))
  );
  const start = /** @type {HTMLInputElement} */ (h('input', { id: `${prefix}-start`, type: 'number', min: '1', max: '24', value: '1', inputmode: 'numeric' }));
  return h('div', { class: 'filter-row' }, [
    h('div', { class: 'field' }, [h('label', { for: `${prefix}-sheet`, text: t('workshop.badgeSheet') }), sheet]),
    h('div', { class: 'field' }, [h('label', { for: `${prefix}-start`, text: t('workshop.badgeStart') }), start]),
    h('button', { type: 'button', class: 'button', id: `${prefix}-print`, text: t('workshop.printBadges'), onClick: () => print(sheet.value, Number(start.value) || 1) }),
  ]);
}

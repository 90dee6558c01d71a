// Einstellungen → Daten importieren: choose what and which file, the sheet,
// map the columns (guessed from the headers or as saved for files of this
// shape), a dry run that shows per row what will happen and a preview of
// the first 20 rows as they will be stored, then the import in one
// transaction with a progress bar and "Abbrechen", and its report.
import * as api from '../api.js';
import { deliverDocument } from '../components/delivery.js';
import { h, pageHeader } from '../components/dom.js';
import { selectField, textField, todayIso } from '../components/form.js';
import { notify, notifyError } from '../components/toast.js';
import { rowNote, summary } from '../logic/import.js';
import { t } from '../i18n/index.js';

/** @type {api.ImportTarget[]} */
const TARGETS = ['media', 'borrowers', 'organisations', 'participants'];

/** @param {api.ImportReport} report @param {string} id */
function reportTable(report, id) {
  return h('div', { class: 'table-wrap' }, [
    h('table', { class: 'data-table compact', id }, [
      h('thead', {}, [h('tr', {}, ['row', 'action', 'record', 'note'].map((k) => h('th', { scope: 'col', text: t(`importWizard.${k}`) })))]),
      h('tbody', {}, report.rows.map((r) => h('tr', { 'data-row': String(r.row), 'data-action': r.action, class: r.action === 'refuse' ? 'overdue' : null }, [
        h('td', { class: 'number', text: String(r.row) }),
        h('td', { text: t(`importWizard.actions.${r.action}`) }),
        h('td', { text: r.label }),
        h('td', { class: 'row-note', text: rowNote(r) }),
      ]))),
    ]),
  ]);
}

/** The first rows with their values as they will be stored. @param {api.ImportReport} report */
function previewTable(report) {
  const rows = report.rows.filter((r) => r.values.length > 0);
  if (rows.length === 0) return null;
  const keys = rows[0].values.map(([k]) => k);
  return h('section', { 'aria-labelledby': 'import-preview-title' }, [
    h('h3', { id: 'import-preview-title', text: t('importWizard.previewTitle') }),
    h('div', { class: 'table-wrap' }, [
      h('table', { class: 'data-table compact', id: 'import-preview' }, [
        h('thead', {}, [h('tr', {}, [h('th', { scope: 'col', text: t('importWizard.row') }), ...keys.map((k) => h('th', { scope: 'col', text: t(`fields.${k}`) }))])]),
        h('tbody', {}, rows.map((r) => h('tr', {}, [h('td', { class: 'number', text: String(r.row) }), ...r.values.map(([, v]) => h('td', { text: v }))]))),
      ]),
    ]),
  ]);
}

/**
 * The workshops to register participants for, newest event first.
 * @returns {Promise<{ value: string, label: string }[]>}
 */
async function workshopChoices() {
  // Archived events too: their lists are the past workshops taken over.
  const events = await api.listEvents(true);
  const choices = [];
  for (const event of events) {
    const detail = await api.getEvent(event.id);
    for (const w of detail.workshops) choices.push({ value: String(w.id), label: `${event.title}: ${w.title}` });
  }
  return choices;
}

/**
 * @param {HTMLElement} outlet
 * @param {api.ImportTarget | undefined} preset the target when opened from a page ("Aus Excel übernehmen")
 * @param {number | undefined} presetWorkshop the workshop when opened from one
 */
export async function render(outlet, preset, presetWorkshop) {
  /** @type {api.ImportFile | null} */
  let file = null;
  let sheetIndex = 0;
  /** @type {api.ImportMapping | null} */
  let proposal = null;
  let kinds;
  let workshops;
  try {
    kinds = (await api.catalogueOptions()).kinds;
    workshops = await workshopChoices();
  } catch (error) {
    notifyError(error);
    return;
  }
  const target = /** @type {HTMLSelectElement} */ (h('select', { id: 'import-target', name: 'target' },
    TARGETS.map((v) => h('option', { value: v, text: t(`importWizard.targets.${v}`) }))));
  target.value = preset && TARGETS.includes(preset) ? preset : 'media';
  const workshopField = selectField({
    name: 'workshop', label: t('importWizard.workshop'),
    options: [{ value: '', label: t('importWizard.chooseWorkshop') }, ...workshops],
    value: presetWorkshop ? String(presetWorkshop) : '',
  });
  const consentOn = textField({ name: 'consent_on', label: t('importWizard.consentOn'), type: 'date', value: todayIso() });
  const consentVersion = textField({ name: 'consent_version', label: t('importWizard.consentVersion'), value: '' });
  const participantsBox = h('div', { class: 'card form-grid', id: 'import-participants' }, [
    h('p', { class: 'field-hint field-wide', text: t('importWizard.consentLead') }), workshopField, consentOn, consentVersion,
  ]);
  const fileBox = h('div', { id: 'import-file' });
  const mappingBox = h('div', { id: 'import-mapping' });
  const resultBox = h('div', { id: 'import-result', 'aria-live': 'polite' });

  const showTargetParts = () => {
    participantsBox.hidden = target.value !== 'participants';
  };

  /** @returns {api.ImportOptions} */
  const options = () => {
    const value = (/** @type {string} */ name) => /** @type {HTMLInputElement | null} */ (outlet.querySelector(`[name="${name}"]`))?.value ?? '';
    const checked = (/** @type {string} */ name) => /** @type {HTMLInputElement | null} */ (outlet.querySelector(`[name="${name}"]:checked`))?.value ?? '';
    const mapping = [...mappingBox.querySelectorAll('select[data-column]')].map((s) => /** @type {HTMLSelectElement} */ (s).value || null);
    const participants = target.value === 'participants';
    return {
      target: /** @type {api.ImportTarget} */ (target.value),
      mapping,
      valid_rows_only: checked('mode') !== 'all',
      on_duplicate: checked('duplicates') === 'update' ? 'update' : 'skip',
      media_kind_id: value('media_kind') ? Number(value('media_kind')) : null,
      workshop_id: participants && value('workshop') ? Number(value('workshop')) : null,
      // Without a date or a version there is no consent: every row is then
      // refused with the form's own message.
      consent: participants && value('consent_on') && value('consent_version').trim()
        ? { given_on: value('consent_on'), text_version: value('consent_version').trim() }
        : null,
    };
  };

  const drawMapping = async () => {
    resultBox.replaceChildren();
    if (!file) return;
    const sheet = file.sheets[sheetIndex];
    try {
      proposal = await api.importMapping(/** @type {api.ImportTarget} */ (target.value), sheet.headers);
    } catch (error) {
      notifyError(error);
      return;
    }
    const fields = proposal.fields;
    const rows = sheet.headers.map((header, column) => {
      const select = /** @type {HTMLSelectElement} */ (h('select', { 'data-column': String(column), 'aria-label': `${t('importWizard.column')} ${header}` }, [
        h('option', { value: '', text: t('importWizard.ignore') }),
        ...fields.map((f) => h('option', { value: f, text: t(`fields.${f}`) })),
      ]));
      select.value = proposal?.mapping[column] ?? '';
      return h('tr', {}, [h('td', { text: header }), h('td', {}, [select])]);
    });
    const radio = (/** @type {string} */ name, /** @type {string} */ value, /** @type {string} */ label, /** @type {boolean} */ on) =>
      h('label', { class: 'checkbox' }, [h('input', { type: 'radio', name, value, checked: on }), ` ${label}`]);
    mappingBox.replaceChildren(
      h('h2', { id: 'import-mapping-title', text: t('importWizard.mappingTitle') }),
      h('p', { class: 'section-lead', id: 'import-mapping-source', text: proposal.saved ? t('importWizard.mappingSaved') : t('importWizard.mappingGuessed') }),
      h('div', { class: 'table-wrap' }, [h('table', { class: 'data-table compact', id: 'import-columns' }, [
        h('thead', {}, [h('tr', {}, [h('th', { scope: 'col', text: t('importWizard.column') }), h('th', { scope: 'col', text: t('importWizard.field') })])]),
        h('tbody', {}, rows),
      ])]),
      h('div', { class: 'card form-grid' }, [
        target.value === 'media'
          ? selectField({ name: 'media_kind', label: t('importWizard.defaultKind'), options: kinds.map((/** @type {{ id: number, name: string }} */ k) => ({ value: String(k.id), label: k.name })), value: String(kinds[0]?.id ?? '') })
          : null,
        h('fieldset', { class: 'checkbox-group field' }, [h('legend', { text: t('importWizard.duplicates') }), h('div', { class: 'choice-list' }, [
          radio('duplicates', 'skip', t('importWizard.duplicatesSkip'), true), radio('duplicates', 'update', t('importWizard.duplicatesUpdate'), false)])]),
        h('fieldset', { class: 'checkbox-group field' }, [h('legend', { text: t('importWizard.mode') }), h('div', { class: 'choice-list' }, [
          radio('mode', 'valid', t('importWizard.modeValid'), true), radio('mode', 'all', t('importWizard.modeAll'), false)])]),
        h('label', { class: 'checkbox field-wide' }, [h('input', { type: 'checkbox', name: 'save_mapping', id: 'import-save-mapping', checked: true }), ` ${t('importWizard.saveMapping')}`]),
      ]),
      h('div', { class: 'button-row' }, [
        h('button', { type: 'button', class: 'button', id: 'import-check', text: t('importWizard.check'), onClick: check }),
        h('button', { type: 'button', class: 'button primary', id: 'import-run', text: t('importWizard.run'), onClick: run }),
      ]),
    );
  };

  /**
   * Runs a dry run or an import with the buttons resting until it has
   * ended: one at a time, and a long list does not look stuck.
   * @param {(file: api.ImportFile) => Promise<void>} work
   */
  const busy = async (work) => {
    if (!file) return notify(t('importWizard.noFile'), 'error');
    const buttons = /** @type {HTMLButtonElement[]} */ ([...mappingBox.querySelectorAll('#import-check, #import-run')]);
    for (const b of buttons) b.disabled = true;
    resultBox.setAttribute('aria-busy', 'true');
    try {
      await work(file);
    } finally {
      for (const b of buttons) b.disabled = false;
      resultBox.setAttribute('aria-busy', 'false');
    }
  };

  const check = () => busy(async (file) => {
    resultBox.replaceChildren(h('p', { class: 'section-lead', id: 'import-checking', text: t('importWizard.checking') }));
    const chosen = options();
    let report;
    try {
      report = await api.importCheck(file.path, sheetIndex, chosen);
    } catch (error) {
      resultBox.replaceChildren();
      notifyError(error);
      return;
    }
    // With "nothing unless all are valid" a refused row means nothing is stored.
    const outcome = !chosen.valid_rows_only && report.refused > 0 ? t('importWizard.wouldStoreNothing') : t('importWizard.notStored');
    resultBox.replaceChildren(
      h('h2', { id: 'import-result-title', text: t('importWizard.resultTitle') }),
      h('p', { class: 'section-lead', id: 'import-summary', text: `${summary(report)}. ${outcome}` }),
      reportTable(report, 'import-rows'),
      previewTable(report) ?? '',
    );
  });

  const run = () => busy(runImport);

  /** @param {api.ImportFile} file */
  const runImport = async (file) => {
    const bar = /** @type {HTMLProgressElement} */ (h('progress', { id: 'import-progress', max: '1', value: '0' }));
    const label = h('span', { id: 'import-progress-text' });
    const cancel = h('button', {
      type: 'button', class: 'button', id: 'import-cancel', text: t('importWizard.cancel'),
      onClick: async () => {
        cancel.textContent = t('importWizard.cancelling');
        await api.importCancel();
      },
    });
    resultBox.replaceChildren(h('div', { class: 'button-row' }, [bar, label, cancel]));
    const timer = setInterval(async () => {
      const p = await api.importProgress();
      if (p.total > 0) {
        bar.max = p.total;
        bar.value = p.done;
        label.textContent = t('importWizard.progress', { done: p.done, total: p.total });
      }
    }, 150);
    const save = /** @type {HTMLInputElement | null} */ (outlet.querySelector('#import-save-mapping'))?.checked ?? false;
    let report;
    try {
      report = await api.importRun(file.path, sheetIndex, options(), save);
    } catch (error) {
      clearInterval(timer);
      resultBox.replaceChildren();
      notifyError(error);
      return;
    }
    clearInterval(timer);
    const outcome = report.stored ? t('importWizard.stored') : t('importWizard.allOrNothingRefused', { refused: report.refused });
    const lead = `${summary(report)}. ${outcome}`;
    const title = `${t('importWizard.reportTitle')}: ${file.file_name}`;
    const shown = {
      title,
      lead,
      columns: ['row', 'action', 'record', 'note'].map((k) => t(`importWizard.${k}`)),
      rows: report.rows.map((r) => [String(r.row), t(`importWizard.actions.${r.action}`), r.label, rowNote(r)]),
    };
    resultBox.replaceChildren(
      h('h2', { id: 'import-report-title', text: t('importWizard.reportTitle') }),
      h('p', { class: 'section-lead', id: 'import-summary', text: lead }),
      h('div', { class: 'button-row' }, [
        h('button', { type: 'button', class: 'button', id: 'import-report-pdf', text: t('importWizard.reportPdf'), onClick: () => deliverDocument(() => api.importReport(shown, 'pdf', 'open')) }),
        h('button', { type: 'button', class: 'button', id: 'import-report-xlsx', text: t('importWizard.reportXlsx'), onClick: () => deliverDocument(() => api.importReport(shown, 'xlsx', 'save')) }),
      ]),
      reportTable(report, 'import-report'),
    );
    notify(outcome, report.stored ? 'success' : 'error');
  };

  const pick = async () => {
    let picked;
    try {
      picked = await api.importPickFile();
    } catch (error) {
      notifyError(error);
      return;
    }
    if (!picked) return;
    file = picked;
    sheetIndex = 0;
    const current = file;
    const sheetSelect = /** @type {HTMLSelectElement} */ (h('select', { id: 'import-sheet', name: 'sheet' },
      current.sheets.map((s, i) => h('option', { value: String(i), text: s.name || current.file_name }))));
    const info = h('p', { class: 'section-lead', id: 'import-header-row' });
    const showInfo = () => {
      const s = current.sheets[sheetIndex];
      info.textContent = t('importWizard.headerRow', { row: s.header_row, rows: s.rows });
    };
    sheetSelect.addEventListener('change', async () => {
      sheetIndex = Number(sheetSelect.value);
      showInfo();
      await drawMapping();
    });
    showInfo();
    fileBox.replaceChildren(
      h('p', { id: 'import-file-name', text: `${t('importWizard.file')}: ${current.file_name}` }),
      current.sheets.length > 1 ? h('div', { class: 'field' }, [h('label', { for: 'import-sheet', text: t('importWizard.sheet') }), sheetSelect]) : '',
      info,
    );
    await drawMapping();
  };

  target.addEventListener('change', async () => {
    showTargetParts();
    await drawMapping();
  });
  showTargetParts();
  outlet.replaceChildren(
    pageHeader(t('importWizard.title'), t('importWizard.lead')),
    h('section', { 'aria-labelledby': 'import-what' }, [
      h('div', { class: 'card form-grid' }, [
        h('div', { class: 'field field-wide' }, [h('label', { for: 'import-target', id: 'import-what', text: t('importWizard.target') }), target]),
      ]),
      participantsBox,
      h('div', { class: 'button-row' }, [h('button', { type: 'button', class: 'button primary', id: 'import-pick', text: t('importWizard.pick'), onClick: pick })]),
      fileBox,
    ]),
    mappingBox,
    resultBox,
  );
  return false;
}

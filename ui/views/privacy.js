// Einstellungen → Datenschutz: the deletion calendar for the next 30 days
// (automatic rules and proposals that two staff members confirm, and the
// safety copies and damaged files with the day each is removed), the
// retention rules, the consent texts, the deletion log (kinds and numbers,
// no names), how long backups are kept, with the figures as set, and where
// the data lives (the database file and the backup folder of this PC, or
// the shared database, whose backups are IT's).
import * as api from '../api.js';
import { ask } from '../components/dialog.js';
import { h, pageHeader } from '../components/dom.js';
import { clearFieldErrors, formValues, selectField, showConflict, showError, textareaField, textField } from '../components/form.js';
import { notify, notifyError } from '../components/toast.js';
import { errorText, formatDate, t } from '../i18n/index.js';
import { keepButton } from '../components/backup-settings.js';
import { redrawOnChange } from '../components/live.js';

const PURPOSES = ['mediathek', 'organisationsverzeichnis', 'veranstaltungen', 'fotos'];
const LANGUAGES = ['de', 'en', 'fr', 'ru', 'tr', 'ar', 'ku', 'fa', 'uk', 'ti'];

/**
 * @param {HTMLElement} outlet
 * @param {unknown} [_context] the router's (not used)
 * @param {(read: unknown) => boolean} [decide] after reading: whether to draw (the live view)
 */
export async function render(outlet, _context, decide) {
  let o;
  /** @type {import('../api.js').BackupPlan | null} */
  let plan = null;
  let where;
  try {
    [o, where] = await Promise.all([api.privacyOverview(), api.databaseLocation()]);
    // On the shared database the backups are IT's: this PC's plan is not shown.
    if (!where.shared) plan = await api.backupPlan();
  } catch (error) {
    if (decide) return false;
    notifyError(error);
    return false;
  }
  if (decide && !decide({ o, where, plan })) return false;
  const redraw = () => render(outlet);
  const header = pageHeader(t('privacy.title'), t('privacy.lead'));
  // Another PC changed a rule, a consent text, or what the calendar lists
  // (the shared database): the page is drawn again, unless a form on it
  // has unsaved input (then the notice with "Neu laden").
  const shown = JSON.stringify({ o, where, plan });
  redrawOnChange(header, ['app_setting', 'consent_text', 'deletion_log', 'borrower', 'participant', 'contact', 'contact_role', 'organisation', 'event', 'loan', 'medium', 'registration'], (check) => render(outlet, undefined, (read) => check(JSON.stringify(read) !== shown)), outlet);
  outlet.replaceChildren(
    header,
    h('div', { class: 'button-row toolbar' }, [h('a', { class: 'button', href: '#/settings', text: t('privacy.back') })]),
    h('section', { 'aria-labelledby': 'privacy-where-title' }, [
      h('h2', { id: 'privacy-where-title', text: t('privacy.whereTitle') }),
      h('p', {
        class: 'section-lead', id: 'privacy-where',
        text: plan
          ? t('privacy.whereText', { file: where.file, folder: plan.folder })
          : t('privacy.whereTextShared', { server: where.shared ?? '', file: where.file }),
      }),
    ]),
    calendarSection(o.calendar, redraw),
    ...(plan ? [safetyCopiesSection(plan, redraw)] : []),
    rulesSection(o.rules, o.rules_version, redraw),
    consentSection(o.consent_texts, redraw),
    logSection(o.log),
    h('section', { 'aria-labelledby': 'privacy-backups-title' }, [
      h('h2', { id: 'privacy-backups-title', text: t('privacy.backupsTitle') }),
      h('p', {
        class: 'section-lead', id: 'privacy-backups',
        text: plan
          ? t('privacy.backupsText', {
            daily: plan.retention.daily, weekly: plan.retention.weekly, monthly: plan.retention.monthly,
            longest: span(plan.longest), safety: span({ unit: 'days', count: plan.safety_days }),
          })
          : t('privacy.backupsTextShared'),
      }),
    ]),
  );
  return false;
}

/** "12 Monate", "1 Woche". @param {import('../api.js').Span} s */
function span(s) {
  const one = { days: 'day', weeks: 'week', months: 'month' }[s.unit];
  return s.count === 1 ? t(`privacy.span.${one}`) : t(`privacy.span.${s.unit}`, { n: s.count });
}

/**
 * Part of the deletion calendar: each safety copy before a restore and each
 * damaged database file, with the day it is removed or that it is kept.
 * @param {import('../api.js').BackupPlan} plan @param {() => unknown} redraw
 */
function safetyCopiesSection(plan, redraw) {
  const rows = plan.safety_copies.map((c) =>
    h('tr', { 'data-file': c.file_name, 'data-kind': c.kind }, [
      h('td', { class: 'nowrap', text: c.removed_on ? formatDate(c.removed_on) : t('privacy.keptForever') }),
      h('td', { text: t(`privacy.safetyKind.${c.kind}`) }),
      h('td', { text: c.file_name }),
      h('td', { class: 'nowrap', text: `${formatDate(c.made_at)}, ${c.made_at.slice(11, 16)}` }),
      h('td', {}, [keepButton(c.file_name, c.kept, redraw)]),
    ]),
  );
  return h('section', { 'aria-labelledby': 'safety-copies-title' }, [
    h('h3', { id: 'safety-copies-title', text: t('privacy.safetyTitle') }),
    h('p', { class: 'section-lead', text: t('privacy.safetyLead', { safety: span({ unit: 'days', count: plan.safety_days }) }) }),
    h('div', { class: 'table-wrap' }, [
      h('table', { class: 'data-table', id: 'safety-copies' }, [
        h('thead', {}, [h('tr', {}, [t('privacy.removedOn'), t('privacy.kind'), t('privacy.file'), t('privacy.madeAt'), ''].map((c) => h('th', { scope: 'col', text: c })))]),
        h('tbody', {}, rows.length ? rows : [h('tr', {}, [h('td', { colspan: '5', class: 'empty-row', text: t('privacy.safetyNone') })])]),
      ]),
    ]),
  ]);
}

/** @param {import('../api.js').DueItem[]} items @param {() => void} redraw */
function calendarSection(items, redraw) {
  /** @type {Record<string, number>} */
  const counts = {};
  for (const i of items) counts[i.rule] = (counts[i.rule] ?? 0) + 1;
  const staff = /** @type {HTMLInputElement} */ (h('input', { id: 'staff', autocomplete: 'name' }));
  const second = /** @type {HTMLInputElement} */ (h('input', { id: 'second-staff', autocomplete: 'off' }));
  const body = h('tbody', {}, items.length
    ? items.map((i) =>
        h('tr', { 'data-rule': i.rule, 'data-id': String(i.record_id) }, [
          h('td', {}, [i.automatic ? null : h('input', { type: 'checkbox', class: 'pick', 'aria-label': i.name, value: String(i.record_id), 'data-rule': i.rule })]),
          h('td', { class: 'nowrap', text: formatDate(i.due_on) }),
          h('td', { text: t(`privacyRule.${i.rule}`) }),
          h('td', { dir: 'auto', class: 'strong', text: i.name }),
          h('td', { text: i.detail }),
          h('td', { text: i.automatic ? t('privacy.automatic') : t('privacy.needsTwo') }),
        ]),
      )
    : [h('tr', {}, [h('td', { colspan: '6', class: 'empty-row', text: t('privacy.nothingDue') })])]);
  const remove = async () => {
    const picked = [...body.querySelectorAll('input.pick:checked')].map((x) => /** @type {HTMLInputElement} */ (x));
    if (!picked.length) {
      notify(t('privacy.pickFirst'), 'info');
      return;
    }
    try {
      let n = 0;
      for (const rule of new Set(picked.map((p) => p.dataset.rule ?? ''))) {
        const ids = picked.filter((p) => p.dataset.rule === rule).map((p) => Number(p.value));
        n += await api.deleteProposed(rule, ids, staff.value, second.value);
      }
      notify(t('privacy.deleted', { n }), 'success');
      redraw();
    } catch (error) {
      notifyError(error);
    }
  };
  // data-editable: the ticks and the two names are input the live view
  // keeps (unsavedForms).
  return h('section', { 'aria-labelledby': 'calendar-title', 'data-editable': true }, [
    h('h2', { id: 'calendar-title', text: t('privacy.calendarTitle') }),
    h('p', { class: 'section-lead', text: t('privacy.calendarLead') }),
    h('ul', { class: 'plain-list', id: 'calendar-counts' }, Object.entries(counts).map(([rule, n]) => h('li', { text: `${t(`privacyRule.${rule}`)}: ${n}` }))),
    h('div', { class: 'table-wrap' }, [
      h('table', { class: 'data-table', id: 'calendar-table' }, [
        h('thead', {}, [h('tr', {}, ['', t('privacy.due'), t('privacy.rule'), t('organisations.name'), t('privacy.detail'), t('privacy.how')].map((c) => h('th', { scope: 'col', text: c })))]),
        body,
      ]),
    ]),
    h('div', { class: 'card filter-row' }, [
      h('div', { class: 'field' }, [h('label', { for: 'staff', text: t('privacy.staff') }), staff]),
      h('div', { class: 'field' }, [h('label', { for: 'second-staff', text: t('privacy.secondStaff') }), second]),
      h('button', { type: 'button', class: 'button', id: 'delete-proposed', text: t('privacy.deletePicked'), onClick: remove }),
    ]),
  ]);
}

/**
 * @param {import('../api.js').RetentionRules} rules @param {number} version the rules' version the page read
 * @param {() => void} redraw
 */
function rulesSection(rules, version, redraw) {
  const form = /** @type {HTMLFormElement} */ (
    h('form', { id: 'retention-form', class: 'card form-grid', novalidate: true }, [
      textField({ name: 'loan_link_days', label: t('privacy.loanLinkDays'), value: String(rules.loan_link_days), type: 'number', hint: t('privacy.loanLinkHint') }),
      textField({ name: 'inactive_borrower_months', label: t('privacy.inactiveMonths'), value: String(rules.inactive_borrower_months), type: 'number' }),
      textField({ name: 'participant_days', label: t('privacy.participantDays'), value: String(rules.participant_days), type: 'number' }),
      h('div', { class: 'form-actions field-wide' }, [h('button', { type: 'submit', class: 'button', id: 'save-retention', text: t('settings.save') })]),
    ])
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const v = formValues(form, ['loan_link_days', 'inactive_borrower_months', 'participant_days']);
    try {
      await api.saveRetentionRules({ loan_link_days: Number(v.loan_link_days), inactive_borrower_months: Number(v.inactive_borrower_months), participant_days: Number(v.participant_days) }, version);
      notify(t('privacy.rulesSaved'), 'success');
      redraw();
    } catch (error) {
      const e = /** @type {any} */ (error);
      // Saved on another PC since this page read them: say who, offer to reload.
      if (showConflict(form, e, redraw)) return;
      if (!showError(form, e, errorText)) notifyError(e);
    }
  });
  return h('section', { 'aria-labelledby': 'rules-title' }, [h('h2', { id: 'rules-title', text: t('privacy.rulesTitle') }), form]);
}

/** @param {import('../api.js').ConsentTextRow[]} texts @param {() => void} redraw */
function consentSection(texts, redraw) {
  const form = /** @type {HTMLFormElement} */ (
    h('form', { id: 'consent-text-form', class: 'card form-grid', novalidate: true }, [
      selectField({ name: 'purpose', label: t('privacy.purpose'), value: 'veranstaltungen', options: PURPOSES.map((p) => ({ value: p, label: t(`purpose.${p}`) })) }),
      textField({ name: 'version', label: t('privacy.version'), value: '' }),
      selectField({ name: 'language', label: t('privacy.language'), value: 'de', options: LANGUAGES.map((l) => ({ value: l, label: l.toUpperCase() })) }),
      textareaField({ name: 'body', label: t('privacy.body'), rows: 4 }),
      h('div', { class: 'form-actions field-wide' }, [h('button', { type: 'submit', class: 'button', id: 'add-consent-text', text: t('privacy.addText') })]),
    ])
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const v = formValues(form, ['purpose', 'version', 'language', 'body']);
    try {
      await api.addConsentText({ purpose: v.purpose, version: v.version, language: v.language, body: v.body });
      notify(t('privacy.textAdded'), 'success');
      redraw();
    } catch (error) {
      const e = /** @type {any} */ (error);
      if (!showError(form, e, errorText)) notifyError(e);
    }
  });
  return h('section', { 'aria-labelledby': 'consent-title' }, [
    h('h2', { id: 'consent-title', text: t('privacy.consentTitle') }),
    h('p', { class: 'section-lead', text: t('privacy.consentLead') }),
    h('div', { class: 'table-wrap' }, [
      h('table', { class: 'data-table', id: 'consent-texts' }, [
        h('thead', {}, [h('tr', {}, [t('privacy.purpose'), t('privacy.version'), t('privacy.language'), t('privacy.body'), t('privacy.checked')].map((c) => h('th', { scope: 'col', text: c })))]),
        h('tbody', {}, texts.map((x) =>
          h('tr', { 'data-text': String(x.id) }, [
            h('td', { text: t(`purpose.${x.purpose}`) }),
            h('td', { text: x.version }),
            h('td', { text: x.language.toUpperCase() }),
            h('td', { dir: 'auto', text: x.body.length > 140 ? `${x.body.slice(0, 140)} …` : x.body }),
            h('td', {}, checkedCell(x, redraw)),
          ]),
        )),
      ]),
    ]),
    form,
  ]);
}

/**
 * Whether a text is checked: German originals and confirmed translations
 * say who confirmed them; an unchecked translation is marked and can be
 * confirmed with the staff member's name.
 * @param {import('../api.js').ConsentTextRow} x @param {() => void} redraw
 */
function checkedCell(x, redraw) {
  if (x.checked_on) {
    return [h('span', { class: 'secondary', text: x.checked_by ? t('privacy.checkedBy', { name: x.checked_by, date: formatDate(x.checked_on) }) : t('privacy.original') })];
  }
  const confirm = async () => {
    const staff = /** @type {HTMLInputElement} */ (h('input', { id: 'check-staff', autocomplete: 'name' }));
    const yes = await ask({
      title: t('privacy.checkTitle'),
      message: t('privacy.checkQuestion', { language: x.language.toUpperCase(), version: x.version }),
      confirm: t('privacy.markChecked'),
      body: [h('label', { for: 'check-staff', text: t('privacy.staff') }), staff],
    });
    if (!yes) return;
    try {
      await api.markConsentTextChecked(x.id, staff.value);
      notify(t('privacy.textChecked'), 'success');
      redraw();
    } catch (error) {
      notifyError(error);
    }
  };
  return [
    h('span', { class: 'status status-vorgemerkt', text: t('privacy.unchecked') }), ' ',
    h('button', { type: 'button', class: 'button small', 'data-check-text': String(x.id), text: t('privacy.markChecked'), onClick: confirm }),
  ];
}

/** @param {import('../api.js').LogEntry[]} log */
function logSection(log) {
  return h('section', { 'aria-labelledby': 'log-title' }, [
    h('h2', { id: 'log-title', text: t('privacy.logTitle') }),
    h('p', { class: 'section-lead', text: t('privacy.logLead') }),
    h('div', { class: 'table-wrap' }, [
      h('table', { class: 'data-table', id: 'deletion-log' }, [
        h('thead', {}, [h('tr', {}, [t('privacy.when'), t('privacy.rule'), t('privacy.kind'), t('privacy.records'), t('privacy.by')].map((c, i) => h('th', { scope: 'col', class: i === 3 ? 'number' : null, text: c })))]),
        h('tbody', {}, log.length
          ? log.map((e) =>
              h('tr', {}, [
                h('td', { class: 'nowrap', text: `${formatDate(e.at)}, ${e.at.slice(11, 16)}` }),
                h('td', { text: t(`privacyRule.${e.rule}`) }),
                h('td', { text: t(`recordKind.${e.record_kind}`) }),
                h('td', { class: 'number', text: String(e.records) }),
                h('td', { text: [e.staff, e.second_staff].filter(Boolean).join(' / ') || t('privacy.automatic') }),
              ]),
            )
          : [h('tr', {}, [h('td', { colspan: '5', class: 'empty-row', text: t('privacy.logEmpty') })])]),
      ]),
    ]),
  ]);
}

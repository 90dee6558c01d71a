// What data protection offers on a person's page: the access report (PDF
// to hand over, JSON to take along), the consent form to sign, and
// "Person löschen" (with the name of the staff member, for the log).
// Records with the same or a similar name are listed for staff to tick:
// only ticked ones go into the report. Erasure offers the records the app
// links to the person (a contact who is also a borrower) to erase along.
import * as api from '../api.js';
import { ask } from './dialog.js';
import { deliverDocument } from './delivery.js';
import { h } from './dom.js';
import { notify, notifyError } from './toast.js';
import { errorText, formatDate, t } from '../i18n/index.js';

/** @param {import('../api.js').PersonRef} person */
const kindOf = (person) => /** @type {'borrower' | 'contact' | 'participant'} */ (Object.keys(person)[0]);

/** @param {import('../api.js').PersonRef} person */
const key = (person) => `${kindOf(person)}-${Object.values(person)[0]}`;

/**
 * One related record as a ticking line: kind, name, since when, where it
 * belongs and why it is shown.
 * @param {import('../api.js').RelatedRecord} r @param {string} prefix
 */
function recordChoice(r, prefix) {
  const id = `${prefix}-${key(r.person)}`;
  const facts = [
    t(`privacy.kindOne.${kindOf(r.person)}`),
    t('privacy.createdOn', { date: formatDate(r.created_on) }),
    ...r.context,
  ];
  return h('label', { class: 'checkbox related-record', for: id }, [
    h('input', { type: 'checkbox', id, 'data-person': key(r.person) }),
    h('span', {}, [
      h('span', { class: 'strong', dir: 'auto', text: r.name }),
      ` · ${facts.join(' · ')}`,
      r.relation === 'linked' ? null : h('span', { class: 'field-hint', text: ` (${t(`privacy.relation.${r.relation}`)})` }),
    ]),
  ]);
}

/**
 * The records whose box is ticked.
 * @param {ParentNode} within @param {import('../api.js').RelatedRecord[]} records
 * @returns {import('../api.js').PersonRef[]}
 */
function ticked(within, records) {
  return records
    .filter((r) => /** @type {HTMLInputElement | null} */ (within.querySelector(`input[data-person="${key(r.person)}"]`))?.checked)
    .map((r) => r.person);
}

/**
 * @param {import('../api.js').PersonRef} person
 * @param {() => void} erased what to show once the person is gone
 * @param {string} [title] the card's heading
 */
export function personActions(person, erased, title = t('privacy.personTitle')) {
  /** @type {import('../api.js').RelatedRecord[]} */
  let candidates = [];
  const candidateList = h('fieldset', { class: 'checkbox-group report-candidates', id: 'report-candidates', 'aria-busy': 'true' }, [
    h('legend', { text: t('privacy.candidatesTitle') }),
  ]);
  api.accessReportCandidates(person).then(
    (list) => {
      candidates = list;
      candidateList.append(
        list.length
          ? h('p', { class: 'field-hint', text: t('privacy.candidatesLead') })
          : h('p', { class: 'field-hint', text: t('privacy.noCandidates') }),
        ...list.map((r) => recordChoice(r, 'candidate')),
      );
      candidateList.setAttribute('aria-busy', 'false');
    },
    (error) => {
      candidateList.append(h('p', { class: 'field-hint', text: errorText(error) }));
      candidateList.setAttribute('aria-busy', 'false');
    },
  );
  const report = (/** @type {boolean} */ json) =>
    deliverDocument(() => api.accessReport(person, ticked(candidateList, candidates), json, json ? 'save' : 'open'));

  const erase = async () => {
    /** @type {import('../api.js').RelatedRecord[]} */
    let linked;
    try {
      linked = await api.linkedRecords(person);
    } catch (error) {
      notifyError(error);
      return;
    }
    const staff = /** @type {HTMLInputElement} */ (h('input', { id: 'erase-staff', autocomplete: 'name', 'aria-label': t('privacy.staff') }));
    const also = h('fieldset', { class: 'checkbox-group erase-linked', id: 'erase-linked' }, [
      h('legend', { text: t('privacy.linkedTitle') }),
      h('p', { class: 'field-hint', text: t('privacy.linkedLead') }),
      ...linked.map((r) => recordChoice(r, 'erase-also')),
    ]);
    const yes = await ask({
      title: t('privacy.eraseTitle'),
      message: t('privacy.eraseQuestion'),
      confirm: t('privacy.erase'),
      body: [h('label', { for: 'erase-staff', text: t('privacy.staff') }), staff, ...(linked.length ? [also] : [])],
    });
    if (!yes) return;
    const alsoErased = ticked(also, linked);
    try {
      await api.erasePerson(person, alsoErased, staff.value);
      notify(alsoErased.length ? t('privacy.erasedWithLinked', { n: alsoErased.length }) : t('privacy.erased'), 'success');
      erased();
    } catch (error) {
      notifyError(error);
    }
  };
  // data-editable: ticked records and typed names are input a page that
  // follows other PCs keeps (unsavedForms).
  return h('section', { class: 'card person-actions', id: 'person-actions', 'aria-labelledby': 'person-actions-title', 'data-editable': true }, [
    h('h2', { id: 'person-actions-title', text: title }),
    h('div', { class: 'button-row' }, [
      h('button', { type: 'button', class: 'button', id: 'access-report', text: t('privacy.report'), onClick: () => report(false) }),
      h('button', { type: 'button', class: 'button', id: 'access-report-json', text: t('privacy.reportJson'), onClick: () => report(true) }),
      h('button', { type: 'button', class: 'button', id: 'consent-form', text: t('privacy.consentForm'), onClick: () => deliverDocument(() => api.consentForm(person, 'open')) }),
      h('button', { type: 'button', class: 'button danger-outline', id: 'erase-person', text: t('privacy.erase'), onClick: erase }),
    ]),
    // Below the buttons, so that they stay in place while the list loads.
    candidateList,
  ]);
}

// What data protection offers on a person's page: the access report (PDF
// to hand over, JSON to take along), the consent form to sign, and
// "Person löschen" (with the name of the staff member, for the log).
import * as api from '../api.js';
import { ask } from './dialog.js';
import { deliverDocument } from './delivery.js';
import { h } from './dom.js';
import { notify } from './toast.js';
import { errorText, t } from '../i18n/index.js';

/**
 * @param {{ borrower: number } | { participant: number } | { contact: number }} person
 * @param {() => void} erased what to show once the person is gone
 */
export function personActions(person, erased) {
  const erase = async () => {
    const staff = /** @type {HTMLInputElement} */ (h('input', { id: 'erase-staff', autocomplete: 'name', 'aria-label': t('privacy.staff') }));
    const yes = await ask({
      title: t('privacy.eraseTitle'),
      message: t('privacy.eraseQuestion'),
      confirm: t('privacy.erase'),
      body: [h('label', { for: 'erase-staff', text: t('privacy.staff') }), staff],
    });
    if (!yes) return;
    try {
      await api.erasePerson(person, staff.value);
      notify(t('privacy.erased'), 'success');
      erased();
    } catch (error) {
      notify(errorText(/** @type {any} */ (error)), 'error');
    }
  };
  return h('section', { class: 'card person-actions', id: 'person-actions', 'aria-labelledby': 'person-actions-title' }, [
    h('h2', { id: 'person-actions-title', text: t('privacy.personTitle') }),
    h('div', { class: 'button-row' }, [
      h('button', { type: 'button', class: 'button', id: 'access-report', text: t('privacy.report'), onClick: () => deliverDocument(() => api.accessReport(person, false, 'open')) }),
      h('button', { type: 'button', class: 'button', id: 'access-report-json', text: t('privacy.reportJson'), onClick: () => deliverDocument(() => api.accessReport(person, true, 'save')) }),
      h('button', { type: 'button', class: 'button', id: 'consent-form', text: t('privacy.consentForm'), onClick: () => deliverDocument(() => api.consentForm(person, 'open')) }),
      h('button', { type: 'button', class: 'button danger-outline', id: 'erase-person', text: t('privacy.erase'), onClick: erase }),
    ]),
  ]);
}

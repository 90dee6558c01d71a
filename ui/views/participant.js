// One participant: the only screen with their contact data, their
// consents and registrations, and what data protection offers (access
// report, consent form, erasure).
import * as api from '../api.js';
import { h, pageHeader } from '../components/dom.js';
import { personActions } from '../components/person-actions.js';
import { notify } from '../components/toast.js';
import { errorText, formatDate, t } from '../i18n/index.js';
import { clock } from './event-detail.js';

/** @param {HTMLElement} outlet @param {number} id */
export async function render(outlet, id) {
  let page;
  try {
    page = await api.getParticipant(id);
  } catch (error) {
    notify(errorText(/** @type {any} */ (error)), 'error');
    return false;
  }
  const p = page.participant;
  /** @type {[string, string][]} */
  const facts = [
    [t('workshop.birthYear'), p.birth_year == null ? '' : String(p.birth_year)],
    [t('participant.ageGroup'), p.age_group],
    [t('workshop.school'), p.school],
    [t('events.languages'), p.languages.join(', ')],
    [t('borrowers.email'), p.email],
    [t('borrowers.phone'), p.phone],
    [t('workshop.guardian'), p.guardian_name],
    [t('workshop.guardianContact'), p.guardian_contact],
    [t('participant.consent'), t('borrowers.consentGiven', { date: formatDate(p.consent.given_on), version: p.consent.text_version })],
    [t('workshop.photoConsent'), p.photo_consent ? t('participant.yes') : t('participant.no')],
  ];
  outlet.replaceChildren(
    pageHeader(p.name, t('participant.lead')),
    h('dl', { class: 'facts', id: 'participant-facts' }, facts.filter(([, v]) => v).map(([k, v]) => h('div', { class: 'fact' }, [h('dt', { text: k }), h('dd', { dir: 'auto', text: v })]))),
    h('h2', { text: t('workshop.registrations') }),
    h('div', { class: 'table-wrap' }, [
      h('table', { class: 'data-table', id: 'participant-registrations' }, [
        h('thead', {}, [h('tr', {}, [t('events.titleField'), t('events.workshop'), t('events.time'), t('workshop.status')].map((c) => h('th', { scope: 'col', text: c })))]),
        h('tbody', {}, page.registrations.map((r) =>
          h('tr', {}, [
            h('td', { text: r.event_title }),
            h('td', {}, [h('a', { href: `#/events/workshop/${r.workshop_id}`, class: 'strong', text: r.workshop_title })]),
            h('td', { class: 'nowrap', text: `${formatDate(r.starts_at)}, ${clock(r.starts_at)}` }),
            h('td', { text: t(`registration.${r.status}`, { n: '' }) }),
          ]),
        )),
      ]),
    ]),
    personActions({ participant: p.id }, () => history.back()),
  );
  return false;
}

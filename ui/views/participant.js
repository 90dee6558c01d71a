// One participant: the only screen with their contact data, their
// consents and registrations, and what data protection offers (access
// report, consent form, erasure).
import * as api from '../api.js';
import { h, pageHeader } from '../components/dom.js';
import { clock } from '../components/event-facts.js';
import { clearFieldErrors, showConflict, showError } from '../components/form.js';
import { participantFields, participantValues, photoConsentField } from '../components/participant-fields.js';
import { redrawOnChange } from '../components/live.js';
import { personActions } from '../components/person-actions.js';
import { notify, notifyError } from '../components/toast.js';
import { errorText, formatDate, t } from '../i18n/index.js';

/**
 * @param {HTMLElement} outlet
 * @param {number} id
 * @param {(page: any) => boolean} [decide] after reading: whether to draw (the live view)
 */
export async function render(outlet, id, decide) {
  let page;
  try {
    page = await api.getParticipant(id);
  } catch (error) {
    if (decide) return false;
    notifyError(error);
    return false;
  }
  if (decide && !decide(page)) return false;
  const p = page.participant;
  /** @type {[string, string][]} */
  const facts = [
    [t('workshop.birthYear'), p.birth_year == null ? '' : String(p.birth_year)],
    [t('participant.ageGroup'), p.age_group],
    [t('workshop.school'), p.school],
    [t('events.languages'), p.languages.join(', ')],
    [t('settings.email'), p.email],
    [t('settings.phone'), p.phone],
    [t('workshop.guardian'), p.guardian_name],
    [t('workshop.guardianContact'), p.guardian_contact],
    [t('participant.consent'), t('borrowers.consentGiven', { date: formatDate(p.consent.given_on), version: p.consent.text_version })],
    [t('workshop.photoConsent'), p.photo_consent_given
      ? t('borrowers.consentGiven', { date: formatDate(p.photo_consent_given.given_on), version: p.photo_consent_given.text_version })
      : t('participant.no')],
  ];
  const factList = h('dl', { class: 'facts', id: 'participant-facts' }, facts.filter(([, v]) => v).map(([k, v]) => h('div', { class: 'fact' }, [h('dt', { text: k }), h('dd', { dir: 'auto', text: v })])));
  /** Replaces the facts by a form to correct them; the consent stays as recorded. */
  async function edit() {
    let options;
    try {
      options = await api.eventOptions();
    } catch (error) {
      notifyError(error);
      return;
    }
    const form = /** @type {HTMLFormElement} */ (
      h('form', { id: 'participant-edit-form', class: 'card form-grid', novalidate: true }, [
        h('h2', { class: 'field-wide', text: t('participant.editTitle') }),
        ...participantFields(options.languages, p),
        photoConsentField(p.photo_consent),
        h('p', { class: 'field-hint field-wide', text: t('participant.consentStays', { date: formatDate(p.consent.given_on), version: p.consent.text_version }) }),
        h('div', { class: 'form-actions field-wide' }, [
          h('button', { type: 'button', class: 'button', id: 'cancel-participant-edit', text: t('desk.cancel'), onClick: () => render(outlet, id) }),
          h('button', { type: 'submit', class: 'button primary', id: 'save-participant', text: t('settings.save') }),
        ]),
      ])
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      // The version this form was filled from: a save over someone else's is refused.
      const input = { ...participantValues(form), version: p.saved.version };
      try {
        await api.updateParticipant(p.id, input);
        notify(t('participant.saved', { name: input.name.trim() }), 'success');
        await render(outlet, id);
      } catch (error) {
        const e = /** @type {any} */ (error);
        if (showConflict(form, e, () => render(outlet, id))) return;
        if (!showError(form, e, errorText)) notifyError(e);
      }
    });
    factList.replaceWith(form);
    editButton?.remove();
    /** @type {HTMLInputElement | null} */ (form.querySelector('#field-name'))?.focus();
  }
  const editButton = p.anonymised ? null : h('button', { type: 'button', class: 'button', id: 'edit-participant', text: t('workshop.edit'), onClick: edit });
  // replaceChildren would print a null as the text "null": leave it out.
  const toolbar = editButton ? [h('div', { class: 'toolbar' }, [editButton])] : [];
  const header = pageHeader(p.name, t('participant.lead'));
  // Another PC corrected the person, registered or checked them in (the
  // shared database): the page is drawn again, unless the correction
  // form here has unsaved input.
  const shown = JSON.stringify(page);
  redrawOnChange(header, ['participant', 'participant_language', 'registration', 'workshop', 'event'], (check) => render(outlet, id, (read) => check(JSON.stringify(read) !== shown)), outlet);
  outlet.replaceChildren(
    header,
    ...toolbar,
    factList,
    h('h2', { text: t('workshop.registrations') }),
    h('div', { class: 'table-wrap' }, [
      h('table', { class: 'data-table', id: 'participant-registrations' }, [
        h('thead', {}, [h('tr', {}, [t('events.titleField'), t('events.workshop'), t('events.time'), t('workshop.status')].map((c) => h('th', { scope: 'col', text: c })))]),
        h('tbody', {}, page.registrations.map((r) =>
          h('tr', {}, [
            h('td', { text: r.event_title }),
            h('td', {}, [h('a', { href: `#/events/workshop/${r.workshop_id}`, class: 'strong', text: r.workshop_title })]),
            h('td', { class: 'nowrap', text: `${formatDate(r.starts_at)}, ${clock(r.starts_at)}` }),
            h('td', { text: t(`registration.${r.status}`, { n: r.waitlist_position ?? '' }) }),
          ]),
        )),
      ]),
    ]),
    // Nothing about the person is left to report, to ask consent for or
    // to erase once the record is anonymised.
    p.anonymised ? h('p', { class: 'secondary', id: 'anonymised-note', text: t('participant.anonymisedNote') }) : personActions({ participant: p.id }, () => history.back()),
  );
  return false;
}

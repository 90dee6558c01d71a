// The form fields of a participant's data, shared by registering someone
// new (workshop page) and correcting a participant (participant page).
import { h } from './dom.js';
import { checkboxGroup, checkedValues, formValues, textField } from './form.js';
import { t } from '../i18n/index.js';

/**
 * The fields of a participant's data, empty for a new person or filled for a
 * correction (the consent is asked for separately, only for a new person).
 * @param {{ code: string, name: string }[]} languages @param {Record<string, any>} [p]
 */
export function participantFields(languages, p) {
  return [
    textField({ name: 'name', label: t('organisations.name'), value: p?.name, required: true, requiredText: t('settings.required') }),
    textField({ name: 'year', label: t('workshop.birthYear'), value: p?.birth_year == null ? '' : String(p.birth_year), inputmode: 'numeric' }),
    textField({ name: 'school', label: t('workshop.school'), value: p?.school }),
    textField({ name: 'email', label: t('settings.email'), type: 'email', value: p?.email }),
    textField({ name: 'phone', label: t('settings.phone'), type: 'tel', value: p?.phone }),
    textField({ name: 'guardian_name', label: t('workshop.guardian'), value: p?.guardian_name }),
    textField({ name: 'guardian_contact', label: t('workshop.guardianContact'), value: p?.guardian_contact }),
    checkboxGroup({ name: 'languages', legend: t('events.languages'), options: languages.map((l) => ({ value: l.code, label: l.name })), checked: p?.languages ?? [] }),
  ];
}

/** @param {boolean} checked */
export function photoConsentField(checked) {
  return h('label', { class: 'checkbox field field-wide' }, [h('input', { type: 'checkbox', id: 'field-photo_consent', name: 'photo_consent', checked }), ` ${t('workshop.photoConsent')}`]);
}

/**
 * What the fields of {@link participantFields} and {@link photoConsentField} hold, as the
 * core's participant input without the consent. A year that is not a whole number is sent
 * as -1, so the core names the allowed range next to the field.
 * @param {HTMLFormElement} form
 */
export function participantValues(form) {
  const v = formValues(form, ['name', 'year', 'school', 'email', 'phone', 'guardian_name', 'guardian_contact']);
  const year = v.year.trim() ? Number(v.year) : null;
  return {
    name: v.name,
    birth_year: year != null && Number.isInteger(year) ? year : year == null ? null : -1,
    school: v.school,
    email: v.email,
    phone: v.phone,
    guardian_name: v.guardian_name,
    guardian_contact: v.guardian_contact,
    languages: checkedValues(form, 'languages'),
    photo_consent: /** @type {HTMLInputElement} */ (form.querySelector('#field-photo_consent')).checked,
  };
}

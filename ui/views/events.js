// Veranstaltungen: the list of events and the form for a new one or a
// change (the sub-pages are listed in routes.js).
//   #/events                     events (archived ones on request)
//   #/events/new                 new event
//   #/events/ID/edit             change an event
import * as api from '../api.js';
import { h, pageHeader } from '../components/dom.js';
import { period } from '../components/event-facts.js';
import { clearFieldErrors, formValues, selectField, showConflict, showError, textareaField, textField } from '../components/form.js';
import { reloadOnChange } from '../components/live.js';
import { notify, notifyError } from '../components/toast.js';
import { errorText, t } from '../i18n/index.js';

export const KINDS = ['ausbildungsboerse', 'workshop_reihe', 'informationsabend', 'sonstige'];

let showArchived = false;

/**
 * @param {HTMLElement} outlet
 * @param {{ params: string[] }} ctx
 */
export async function render(outlet, ctx) {
  const [first, second] = ctx.params;
  if (first === 'new') return renderForm(outlet);
  if (first && /^\d+$/.test(first) && second === 'edit') return editEvent(outlet, Number(first));
  return renderList(outlet);
}

/** @param {HTMLElement} outlet */
async function renderList(outlet) {
  let list;
  try {
    list = await api.listEvents(showArchived);
  } catch (error) {
    notifyError(error);
    return false;
  }
  const archived = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', id: 'events-archived', checked: showArchived }));
  archived.addEventListener('change', () => {
    showArchived = archived.checked;
    renderList(outlet);
  });
  /** @param {number} id */
  const open = (id) => (location.hash = `#/events/${id}`);
  const header = pageHeader(t('events.title'), t('events.lead'));
  // Another PC added an event or registered someone (the shared
  // database): the list is drawn again.
  reloadOnChange(header, ['event', 'workshop', 'registration'], () => renderList(outlet));
  outlet.replaceChildren(
    header,
    h('div', { class: 'button-row toolbar' }, [
      h('a', { class: 'button primary', href: '#/events/new', id: 'new-event', text: t('events.new') }),
      h('a', { class: 'button', href: '#/settings/import/participants', id: 'import-participants', text: t('importWizard.fromExcel') }),
      h('label', { class: 'checkbox filter-check', for: 'events-archived' }, [archived, ` ${t('events.showArchived')}`]),
    ]),
    list.length
      ? h('div', { class: 'table-wrap' }, [
          h('table', { class: 'data-table', id: 'events-table' }, [
            h('thead', {}, [h('tr', {}, [t('events.titleField'), t('events.date'), t('events.venue'), t('events.workshops'), t('events.registered'), t('events.waitlisted')].map((c, i) => h('th', { scope: 'col', class: i > 2 ? 'number' : null, text: c })))]),
            h('tbody', {}, list.map((e) =>
              h('tr', { tabindex: '0', class: `row-link ${e.archived ? 'archived' : ''}`, 'data-id': String(e.id), onClick: () => open(e.id), onKeydown: (/** @type {KeyboardEvent} */ k) => k.key === 'Enter' && open(e.id) }, [
                h('td', {}, [h('a', { href: `#/events/${e.id}`, class: 'strong', text: e.title }), e.archived ? h('span', { class: 'status', text: ` ${t('events.archived')}` }) : null]),
                h('td', { text: period(e.starts_on, e.ends_on) }),
                h('td', { text: e.venue }),
                h('td', { class: 'number', text: String(e.workshops) }),
                h('td', { class: 'number', text: String(e.registered) }),
                h('td', { class: 'number', text: String(e.waitlisted) }),
              ]),
            )),
          ]),
        ])
      : h('section', { class: 'empty-state' }, [h('h2', { text: t('events.emptyTitle') }), h('p', { text: t('events.emptyText') })]),
  );
  return false;
}

/** @param {HTMLElement} outlet @param {number} id */
async function editEvent(outlet, id) {
  try {
    return renderForm(outlet, (await api.getEvent(id)).event);
  } catch (error) {
    notifyError(error);
    return false;
  }
}

/** @param {HTMLElement} outlet @param {Record<string, any> | null} [e] the event to change */
async function renderForm(outlet, e = null) {
  let options;
  try {
    options = await api.eventOptions();
  } catch (error) {
    notifyError(error);
    return false;
  }
  const form = /** @type {HTMLFormElement} */ (
    h('form', { id: 'event-form', class: 'card form-grid', novalidate: true }, [
      textField({ name: 'title', label: t('events.titleField'), value: e?.title, required: true, requiredText: t('settings.required'), wide: true }),
      selectField({ name: 'kind', label: t('events.kind'), value: e?.kind ?? 'ausbildungsboerse', options: KINDS.map((k) => ({ value: k, label: t(`eventKind.${k}`) })) }),
      textField({ name: 'venue', label: t('events.venue'), value: e?.venue }),
      textField({ name: 'starts_on', label: t('events.startsOn'), type: 'date', value: e?.starts_on ?? '', required: true, requiredText: t('settings.required') }),
      textField({ name: 'ends_on', label: t('events.endsOn'), type: 'date', value: e?.ends_on ?? '', hint: t('events.endsOnHint') }),
      textField({ name: 'registration_opens_on', label: t('events.opensOn'), type: 'date', value: e?.registration_opens_on ?? '' }),
      textField({ name: 'registration_closes_on', label: t('events.closesOn'), type: 'date', value: e?.registration_closes_on ?? '' }),
      textareaField({ name: 'rooms', label: t('events.rooms'), hint: t('events.roomsHint'), rows: 3, value: (e?.rooms ?? []).join('\n') }),
      selectField({ name: 'project_id', label: t('events.project'), value: e?.project_id == null ? '' : String(e.project_id), options: [{ value: '', label: '–' }, ...options.projects.map(([id, title]) => ({ value: String(id), label: title }))] }),
      textareaField({ name: 'description', label: t('events.description'), value: e?.description }),
      h('div', { class: 'form-actions field-wide' }, [
        e ? h('a', { class: 'button', href: `#/events/${e.id}`, text: t('desk.cancel') }) : null,
        h('button', { type: 'submit', class: 'button primary', id: 'save-event', text: t('settings.save') }),
      ]),
    ])
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const v = formValues(form, ['title', 'kind', 'venue', 'starts_on', 'ends_on', 'registration_opens_on', 'registration_closes_on', 'rooms', 'project_id', 'description']);
    try {
      const input = {
        title: v.title,
        kind: v.kind,
        venue: v.venue,
        starts_on: v.starts_on || null,
        ends_on: v.ends_on || null,
        registration_opens_on: v.registration_opens_on || null,
        registration_closes_on: v.registration_closes_on || null,
        rooms: v.rooms.split('\n').map((r) => r.trim()).filter(Boolean),
        project_id: v.project_id ? Number(v.project_id) : null,
        description: v.description,
        // The version this form was filled from: a save over someone else's is refused.
        version: e ? e.saved.version : null,
      };
      const id = e ? (await api.updateEvent(e.id, input), e.id) : await api.createEvent(input);
      notify(t(e ? 'events.changed' : 'events.saved', { title: v.title.trim() }), 'success');
      location.hash = `#/events/${id}`;
    } catch (error) {
      const x = /** @type {any} */ (error);
      if (e && showConflict(form, x, () => editEvent(outlet, e.id))) return;
      if (!showError(form, x, errorText)) notifyError(x);
    }
  });
  outlet.replaceChildren(e ? pageHeader(t('events.edit'), e.title) : pageHeader(t('events.new'), t('events.newLead')), form);
  /** @type {HTMLElement | null} */ (form.querySelector('#field-title'))?.focus();
  return true;
}

// One event: its workshops in programme order with their figures, the
// figures per host organisation, the event's printouts, and the form for
// a new workshop.
import * as api from '../api.js';
import { confirmingButton, h, pageHeader } from '../components/dom.js';
import { deliverDocument } from '../components/delivery.js';
import { clock, figure, period, rate } from '../components/event-facts.js';
import { checkboxGroup, checkedValues, clearFieldErrors, formValues, selectField, showConflict, showError, textareaField, textField } from '../components/form.js';
import { chosenColumns, columnChooser, labelSheetField } from '../components/list-options.js';
import { redrawOnChange } from '../components/live.js';
import { notify, notifyError } from '../components/toast.js';
import { errorText, formatDate, t } from '../i18n/index.js';

/**
 * @param {HTMLElement} outlet @param {number} id @param {boolean} newWorkshop
 * @param {(page: unknown) => boolean} [decide] after reading: whether to draw (the live view)
 */
export async function render(outlet, id, newWorkshop, decide) {
  let page;
  try {
    page = await api.getEvent(id);
  } catch (error) {
    if (decide) return false;
    notifyError(error);
    return false;
  }
  if (decide && !decide(page)) return false;
  const { event: e, workshops, figures } = page;
  if (newWorkshop) return renderWorkshopForm(outlet, e);
  const lead = [t(`eventKind.${e.kind}`), period(e.starts_on, e.ends_on), e.venue, e.archived_on ? t('events.archived') : ''].filter(Boolean).join(' · ');
  /** @param {number} wid */
  const open = (wid) => (location.hash = `#/events/workshop/${wid}`);
  const total = figures.total;
  const columns = columnChooser('event');
  const scope = { event: e.id };
  const header = pageHeader(e.title, lead);
  // Another PC changed the event, a workshop or a registration (the
  // shared database): the page is drawn again with the new figures, if
  // they changed and nothing chosen on the page would be lost.
  const shown = JSON.stringify(page);
  redrawOnChange(header, ['event', 'workshop', 'workshop_host', 'registration'], (check) => render(outlet, id, false, (read) => check(JSON.stringify(read) !== shown)), outlet);
  outlet.replaceChildren(
    header,
    h('div', { class: 'button-row toolbar' }, [
      h('a', { class: 'button primary', href: `#/events/${e.id}/workshop-new`, id: 'new-workshop', text: t('events.newWorkshop') }),
      h('a', { class: 'button', href: `#/events/${e.id}/edit`, id: 'edit-event', text: t('events.edit') }),
      h('button', { type: 'button', class: 'button', id: 'print-programme', text: t('events.printProgramme'), onClick: () => deliverDocument(() => api.eventDocument({ kind: 'programme', event_id: e.id }, 'open')) }),
      e.archived_on
        ? h('button', { type: 'button', class: 'button', id: 'unarchive-event', text: t('events.unarchive'), onClick: () => archive(false) })
        : h('button', { type: 'button', class: 'button', id: 'archive-event', text: t('events.archive'), onClick: () => archive(true) }),
      confirmingButton({ id: 'delete-event' }, t('events.delete'), t('events.deleteConfirm'), async () => {
        try {
          await api.deleteEvent(e.id);
          notify(t('events.deleted', { title: e.title }), 'success');
          location.hash = '#/events';
        } catch (error) {
          notifyError(error);
        }
      }),
    ]),
    h('dl', { class: 'facts' }, [
      fact(t('events.registrationPeriod'), [e.registration_opens_on ? formatDate(e.registration_opens_on) : '…', e.registration_closes_on ? formatDate(e.registration_closes_on) : '…'].join(' – ')),
      fact(t('events.rooms'), e.rooms.join(', ') || '–'),
      fact(t('events.project'), e.project_title ?? '–'),
      e.description ? fact(t('events.description'), e.description, true) : null,
    ]),
    h('section', { class: 'figures', id: 'event-figures', 'aria-label': t('events.figures') }, [
      figure(t('events.registered'), String(total.registered)),
      figure(t('events.waitlisted'), String(total.waitlisted)),
      figure(t('events.present'), String(total.present)),
      figure(t('events.attendance'), rate(total)),
    ]),
    h('h2', { text: t('events.workshops') }),
    workshops.length
      ? h('div', { class: 'table-wrap' }, [
          h('table', { class: 'data-table', id: 'workshops-table' }, [
            h('thead', {}, [h('tr', {}, [t('events.time'), t('events.room'), t('events.workshop'), t('events.hosts'), t('events.seats'), t('events.waitlisted'), t('events.present'), t('events.rate')].map((c, i) => h('th', { scope: 'col', class: i > 3 ? 'number' : null, text: c })))]),
            h('tbody', {}, workshops.map((w) =>
              h('tr', { tabindex: '0', class: 'row-link', 'data-id': String(w.id), onClick: () => open(w.id), onKeydown: (/** @type {KeyboardEvent} */ k) => k.key === 'Enter' && open(w.id) }, [
                h('td', { class: 'nowrap', text: `${e.starts_on === e.ends_on ? '' : `${formatDate(w.starts_at)} `}${clock(w.starts_at)}–${clock(w.ends_at)}` }),
                h('td', { class: 'nowrap', text: w.room }),
                h('td', {}, [h('a', { href: `#/events/workshop/${w.id}`, class: 'strong', text: w.title }), h('div', { class: 'secondary', text: [w.target_group, w.languages.join(', ')].filter(Boolean).join(' · ') })]),
                h('td', { text: w.hosts.join(', ') }),
                h('td', { class: 'number', text: `${w.figures.registered} / ${w.capacity}` }),
                h('td', { class: 'number', text: String(w.figures.waitlisted) }),
                h('td', { class: 'number', text: String(w.figures.present) }),
                h('td', { class: 'number', text: rate(w.figures) }),
              ]),
            )),
          ]),
        ])
      : h('p', { class: 'empty-row', text: t('events.noWorkshops') }),
    // Spread, not null: replaceChildren would print a null as "null".
    ...(figures.hosts.length
      ? [h('section', {}, [
          h('h2', { text: t('events.byHost') }),
          h('div', { class: 'table-wrap' }, [
            h('table', { class: 'data-table', id: 'hosts-table' }, [
              h('thead', {}, [h('tr', {}, [t('events.host'), t('events.workshops'), t('events.registered'), t('events.waitlisted'), t('events.present'), t('events.rate')].map((c, i) => h('th', { scope: 'col', class: i > 0 ? 'number' : null, text: c })))]),
              h('tbody', {}, figures.hosts.map((x) =>
                h('tr', {}, [
                  h('td', { text: x.name }),
                  h('td', { class: 'number', text: String(x.workshops) }),
                  h('td', { class: 'number', text: String(x.figures.registered) }),
                  h('td', { class: 'number', text: String(x.figures.waitlisted) }),
                  h('td', { class: 'number', text: String(x.figures.present) }),
                  h('td', { class: 'number', text: rate(x.figures) }),
                ]),
              )),
            ]),
          ]),
        ])]
      : []),
    ...(workshops.length
      ? [h('section', { class: 'card print-card' }, [
          h('h2', { text: t('events.allLists') }),
          h('p', { class: 'section-lead', text: t('events.allListsLead') }),
          columns,
          h('div', { class: 'button-row' }, [
            h('button', { type: 'button', class: 'button', id: 'print-event-lists', text: t('workshop.printList'), onClick: () => deliverDocument(() => api.eventDocument({ kind: 'participant_list', scope, columns: chosenColumns(columns), empty_rows: 0 }, 'open')) }),
            h('button', { type: 'button', class: 'button', id: 'export-event-xlsx', text: t('workshop.exportXlsx'), onClick: () => deliverDocument(() => api.eventDocument({ kind: 'participant_sheet', scope, columns: chosenColumns(columns), csv: false }, 'open')) }),
            h('button', { type: 'button', class: 'button', id: 'export-event-csv', text: t('workshop.exportCsv'), onClick: () => deliverDocument(() => api.eventDocument({ kind: 'participant_sheet', scope, columns: chosenColumns(columns), csv: true }, 'open')) }),
          ]),
          labelSheetField('event-badges', (sheet, start) => deliverDocument(() => api.eventDocument({ kind: 'badges', scope, sheet, start }, 'open'))),
        ])]
      : []),
  );
  return false;

  /** @param {boolean} on */
  async function archive(on) {
    try {
      await api.archiveEvent(e.id, on);
      notify(t(on ? 'events.archivedDone' : 'events.unarchivedDone', { title: e.title }), 'success');
      render(outlet, id, false);
    } catch (error) {
      notifyError(error);
    }
  }
}

/** @param {string} label @param {string} value @param {boolean} [wide] */
function fact(label, value, wide = false) {
  return h('div', { class: wide ? 'fact fact-wide' : 'fact' }, [h('dt', { text: label }), h('dd', { text: value })]);
}

/** The form for a workshop already planned. @param {HTMLElement} outlet @param {number} id */
export async function renderWorkshopEdit(outlet, id) {
  try {
    const w = (await api.getWorkshop(id)).workshop;
    return renderWorkshopForm(outlet, (await api.getEvent(w.event_id)).event, w);
  } catch (error) {
    notifyError(error);
    return false;
  }
}

/**
 * @param {HTMLElement} outlet @param {Record<string, any>} e the event
 * @param {Record<string, any> | null} [w] the workshop to change
 */
async function renderWorkshopForm(outlet, e, w = null) {
  let options;
  try {
    options = await api.eventOptions();
  } catch (error) {
    notifyError(error);
    return false;
  }
  const hosts = h('div', { class: 'partners', id: 'hosts' });
  const addHost = (/** @type {{ organisation_id: number, role: string }} */ link = { organisation_id: 0, role: '' }) => {
    hosts.append(
      h('div', { class: 'closing-row' }, [
        h('select', { class: 'host-organisation', 'aria-label': t('events.host') }, [h('option', { value: '', text: '–' }), ...options.organisations.map((o) => h('option', { value: String(o.id), text: o.name, selected: o.id === link.organisation_id }))]),
        h('input', { type: 'text', class: 'host-role', value: link.role, placeholder: t('events.hostRole'), 'aria-label': t('events.hostRole') }),
        h('button', { type: 'button', class: 'button small', text: t('lending.remove'), onClick: (/** @type {Event} */ ev) => /** @type {HTMLElement} */ (ev.currentTarget).parentElement?.remove() }),
      ]),
    );
  };
  if (w?.host_links.length) w.host_links.forEach((/** @type {any} */ link) => addHost(link));
  else addHost();
  const rooms = /** @type {string[]} */ (e.rooms);
  const day = w ? w.starts_at.slice(0, 10) : e.starts_on;
  const form = /** @type {HTMLFormElement} */ (
    h('form', { id: 'workshop-form', class: 'card form-grid', novalidate: true }, [
      textField({ name: 'title', label: t('events.workshopTitle'), value: w?.title, required: true, requiredText: t('settings.required'), wide: true }),
      textField({ name: 'day', label: t('events.day'), type: 'date', value: day }),
      h('div', { class: 'field', 'data-field': 'room' }, [
        h('label', { for: 'field-room', text: t('events.room') }),
        h('input', { id: 'field-room', name: 'room', list: 'room-list', autocomplete: 'off', value: w?.room ?? '' }),
        h('datalist', { id: 'room-list' }, rooms.map((r) => h('option', { value: r }))),
        h('p', { class: 'field-error', 'aria-live': 'polite' }),
      ]),
      textField({ name: 'starts_at', label: t('events.startsAt'), type: 'time', value: w ? clock(w.starts_at) : '10:00', required: true, requiredText: t('settings.required') }),
      textField({ name: 'ends_at', label: t('events.endsAt'), type: 'time', value: w ? clock(w.ends_at) : '11:30', required: true, requiredText: t('settings.required') }),
      w
        ? h('p', { class: 'field field-hint', text: t('events.capacityOnPage', { capacity: w.capacity }) })
        : textField({ name: 'capacity', label: t('events.capacity'), type: 'number', value: '20', inputmode: 'numeric' }),
      h('label', { class: 'checkbox field' }, [h('input', { type: 'checkbox', name: 'waitlist', id: 'field-waitlist', checked: w ? w.waitlist : true }), ` ${t('events.waitlistOn')}`]),
      textField({ name: 'target_group', label: t('events.targetGroup'), value: w?.target_group, hint: t('events.targetGroupHint') }),
      selectField({ name: 'project_id', label: t('events.project'), value: w?.project_id == null ? '' : String(w.project_id), options: [{ value: '', label: t('events.noProject') }, ...options.projects.map(([pid, title]) => ({ value: String(pid), label: title }))] }),
      h('fieldset', { class: 'field field-wide' }, [h('legend', { text: t('events.hosts') }), hosts, h('button', { type: 'button', class: 'button small', id: 'add-host', text: t('events.addHost'), onClick: () => addHost() })]),
      checkboxGroup({ name: 'facilitators', legend: t('events.facilitators'), options: options.facilitators.map((f) => ({ value: String(f.id), label: f.organisations ? `${f.name} (${f.organisations})` : f.name })), checked: (w?.facilitator_ids ?? []).map(String) }),
      checkboxGroup({ name: 'languages', legend: t('events.languages'), options: options.languages.map((l) => ({ value: l.code, label: l.name })), checked: w ? w.languages : ['de'] }),
      textareaField({ name: 'description', label: t('events.description'), value: w?.description }),
      h('div', { class: 'form-actions field-wide' }, [
        h('a', { class: 'button', href: w ? `#/events/workshop/${w.id}` : `#/events/${e.id}`, text: t('desk.cancel') }),
        h('button', { type: 'submit', class: 'button primary', id: 'save-workshop', text: t('settings.save') }),
      ]),
    ])
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const v = formValues(form, ['title', 'day', 'room', 'starts_at', 'ends_at', 'capacity', 'target_group', 'project_id', 'description']);
    const at = (/** @type {string} */ time) => (v.day && time ? `${v.day}T${time}:00` : null);
    const capacity = w ? w.capacity : Number(v.capacity);
    if (!Number.isInteger(capacity) || capacity < 0) {
      showError(form, { code: 'required', field: 'capacity', params: {} }, () => t('events.capacityInvalid'));
      return;
    }
    try {
      const input = {
        title: v.title,
        description: v.description,
        target_group: v.target_group,
        room: v.room,
        starts_at: at(v.starts_at),
        ends_at: at(v.ends_at),
        capacity,
        waitlist: /** @type {HTMLInputElement} */ (form.querySelector('#field-waitlist')).checked,
        hosts: [...hosts.querySelectorAll('.closing-row')]
          .map((row) => ({
            organisation_id: Number(/** @type {HTMLSelectElement} */ (row.querySelector('.host-organisation')).value),
            role: /** @type {HTMLInputElement} */ (row.querySelector('.host-role')).value,
          }))
          .filter((x) => x.organisation_id > 0),
        facilitators: checkedValues(form, 'facilitators').map(Number),
        languages: checkedValues(form, 'languages'),
        project_id: v.project_id ? Number(v.project_id) : null,
        // The version this form was filled from: a save over someone else's is refused.
        version: w ? w.saved.version : null,
      };
      const id = w ? (await api.updateWorkshop(w.id, input), w.id) : await api.createWorkshop(e.id, input);
      notify(t(w ? 'events.workshopChanged' : 'events.workshopSaved', { title: v.title.trim() }), 'success');
      location.hash = `#/events/workshop/${id}`;
    } catch (error) {
      const x = /** @type {any} */ (error);
      if (w && showConflict(form, x, () => renderWorkshopEdit(outlet, w.id))) return;
      if (!showError(form, x, errorText)) notifyError(x);
    }
  });
  outlet.replaceChildren(pageHeader(w ? t('events.editWorkshop') : t('events.newWorkshop'), e.title), form);
  /** @type {HTMLElement | null} */ (form.querySelector('#field-title'))?.focus();
  return true;
}

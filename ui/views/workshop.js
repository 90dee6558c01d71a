// One workshop: registrations with the waitlist, registering someone
// (known or new, with consent), cancelling with automatic move-up, moving
// up by hand, changing the capacity, and the workshop's printouts.
import * as api from '../api.js';
import { ask } from '../components/dialog.js';
import { confirmingButton, h, pageHeader } from '../components/dom.js';
import { deliverDocument } from '../components/delivery.js';
import { clock, figure, statusText } from '../components/event-facts.js';
import { clearFieldErrors, showConflict, showError, todayIso, consentVersion } from '../components/form.js';
import { chosenColumns, columnChooser, labelSheetField } from '../components/list-options.js';
import { participantFields, participantValues, photoConsentField } from '../components/participant-fields.js';
import { sortedTable } from '../components/sorted-table.js';
import { materialSection } from '../components/workshop-material.js';
import { reloadOnChange } from '../components/live.js';
import { notify, notifyError } from '../components/toast.js';
import { errorText, formatDate, t } from '../i18n/index.js';

/** Tells staff who moved up, so they can tell the person. @param {import('../api.js').MovedUp[]} moved */
function announceMovedUp(moved) {
  for (const m of moved) notify(t('workshop.movedUp', { name: m.participant_name }), 'info');
}

/** @param {HTMLElement} outlet @param {number} id */
export async function render(outlet, id) {
  let page;
  let options;
  let version = '';
  try {
    [page, options, version] = await Promise.all([api.getWorkshop(id), api.eventOptions(), consentVersion('veranstaltungen')]);
  } catch (error) {
    notifyError(error);
    return false;
  }
  const { workshop: w } = page;
  let seats = takenSeats(page.registrations);
  const refresh = () => render(outlet, id);
  // The registrations, sorted and paged by the core (kept sort: the list "participants").
  const registrationList = sortedTable({
    id: 'registrations-table',
    list: 'participants',
    columns: [
      { label: t('organisations.name'), sort: 'name' },
      { label: t('workshop.school'), sort: 'school' },
      { label: t('workshop.status'), sort: 'status' },
      { label: t('workshop.code'), sort: 'code' },
      { label: '' },
    ],
    load: (paging, sort) => api.registrationPage(w.id, paging, sort),
    row: (r) =>
      h('tr', { 'data-id': String(r.id), 'data-status': r.status, class: r.status === 'abgesagt' ? 'archived' : null }, [
        h('td', {}, [h('a', { href: `#/events/participant/${r.participant_id}`, class: 'strong', dir: 'auto', text: r.participant_name })]),
        h('td', { text: r.school }),
        h('td', {}, [h('span', { class: `status status-${r.status}`, text: statusText(r) })]),
        h('td', { class: 'mono', text: r.code }),
        actions(r),
      ]),
    empty: t('workshop.noRegistrations'),
  });

  /** @param {import('../api.js').Registration} r */
  const actions = (r) =>
    h('td', {}, [h('div', { class: 'row-actions' }, [
      // An anonymised person gets no confirmation and cannot cancel.
      r.status !== 'abgesagt' && !r.anonymised
        ? h('button', { type: 'button', class: 'button small', 'data-action': 'confirmation', text: t('workshop.confirmation'), onClick: () => deliverDocument(() => api.eventDocument({ kind: 'confirmation', registration_id: r.id }, 'open')) })
        : null,
      r.status === 'warteliste'
        ? h('button', {
            type: 'button', class: 'button small', 'data-action': 'move-up', text: t('workshop.moveUp'),
            onClick: async () => {
              try {
                await api.moveUpRegistration(r.id);
                notify(t('workshop.movedUp', { name: r.participant_name }), 'info');
                refresh();
              } catch (error) {
                notifyError(error);
              }
            },
          })
        : null,
      ['angemeldet', 'warteliste'].includes(r.status) && !r.anonymised
        ? confirmingButton({ 'data-action': 'cancel' }, t('workshop.cancel'), t('workshop.cancelConfirm'), async () => {
            try {
              const moved = await api.cancelRegistration(r.id);
              notify(t('workshop.cancelled', { name: r.participant_name }), 'success');
              announceMovedUp(moved);
              refresh();
            } catch (error) {
              notifyError(error);
            }
          })
        : null,
    ])]);

  const columns = columnChooser('workshop');
  const emptyRows = /** @type {HTMLInputElement} */ (h('input', { id: 'empty-rows', type: 'number', min: '0', max: '50', value: '3', inputmode: 'numeric' }));
  const scope = { workshop: w.id };
  const capacity = /** @type {HTMLInputElement} */ (h('input', { id: 'capacity', type: 'number', min: '0', value: String(w.capacity), inputmode: 'numeric' }));

  // The first page before the page is drawn, so the list is complete when the page is.
  await registrationList.reload();
  // Another PC registered, cancelled or checked someone in (the shared
  // database): the list is read again where it stands; the forms on the
  // page keep what is typed in them.
  reloadOnChange(registrationList.body, ['registration', 'participant'], () => registrationList.reload());
  // The head, the figures and the moved-up notice follow too, read again
  // with the workshop; the capacity field takes a new capacity only when
  // nothing is typed in it.
  let header = workshopHeader(w);
  let summary = workshopSummary(page);
  reloadOnChange(registrationList.body, ['workshop', 'registration', 'participant', 'event', 'workshop_host', 'organisation'], async () => {
    let read;
    try {
      read = await api.getWorkshop(id);
    } catch {
      return;
    }
    if (!summary.isConnected) return;
    const next = workshopHeader(read.workshop);
    header.replaceWith(next);
    header = next;
    const nextSummary = workshopSummary(read);
    summary.replaceWith(nextSummary);
    summary = nextSummary;
    seats = takenSeats(read.registrations);
    if (capacity.value === capacity.defaultValue) {
      capacity.value = String(read.workshop.capacity);
      capacity.defaultValue = capacity.value;
      // The seats shown are the stored ones now: a change starts from
      // their version (with something typed, the older one stays, and
      // its save is refused naming who changed the workshop).
      w.saved = read.workshop.saved;
    }
  });
  const capacitySection = h('section', { class: 'card' }, [
    h('h2', { text: t('workshop.capacityTitle') }),
    h('div', { class: 'filter-row' }, [
      h('div', { class: 'field' }, [h('label', { for: 'capacity', text: t('events.capacity') }), capacity]),
      h('button', { type: 'button', class: 'button', id: 'save-capacity', text: t('workshop.changeCapacity'), onClick: () => changeCapacity(w, Number(capacity.value), seats, refresh, capacitySection) }),
    ]),
  ]);
  outlet.replaceChildren(
    header,
    h('div', { class: 'button-row toolbar' }, [
      h('a', { class: 'button primary', href: `#/events/checkin/${w.id}`, id: 'open-checkin', text: t('workshop.checkIn') }),
      h('a', { class: 'button', href: `#/events/workshop/${w.id}/edit`, id: 'edit-workshop', text: t('workshop.edit') }),
      h('a', { class: 'button', href: `#/settings/import/participants/${w.id}`, id: 'import-participants', text: t('importWizard.fromExcel') }),
      h('a', { class: 'button', href: `#/events/${w.event_id}`, id: 'back-to-event', text: t('workshop.backToEvent') }),
      confirmingButton({ id: 'delete-workshop' }, t('events.delete'), t('events.deleteConfirm'), async () => {
        try {
          await api.deleteWorkshop(w.id);
          notify(t('workshop.deleted', { title: w.title }), 'success');
          location.hash = `#/events/${w.event_id}`;
        } catch (error) {
          notifyError(error);
        }
      }),
    ]),
    summary,
    ...(w.project_id == null
      ? []
      : [h('p', { id: 'workshop-project' }, [`${t('events.project')}: `, h('a', { href: `#/organisations/projects/${w.project_id}`, text: w.project_title })])]),
    registerCard(w, options.languages, version, refresh),
    h('h2', { text: t('workshop.registrations') }),
    registrationList.element,
    capacitySection,
    materialSection(/** @type {any} */ (w)),
    h('section', { class: 'card print-card' }, [
      h('h2', { text: t('workshop.printTitle') }),
      columns,
      h('div', { class: 'filter-row' }, [h('div', { class: 'field' }, [h('label', { for: 'empty-rows', text: t('workshop.emptyRows') }), emptyRows])]),
      h('div', { class: 'button-row' }, [
        h('button', { type: 'button', class: 'button primary', id: 'print-list', text: t('workshop.printList'), onClick: () => deliverDocument(() => api.eventDocument({ kind: 'participant_list', scope, columns: chosenColumns(columns), empty_rows: Number(emptyRows.value) || 0 }, 'open')) }),
        h('button', { type: 'button', class: 'button', id: 'save-list', text: t('workshop.saveList'), onClick: () => deliverDocument(() => api.eventDocument({ kind: 'participant_list', scope, columns: chosenColumns(columns), empty_rows: Number(emptyRows.value) || 0 }, 'save')) }),
        h('button', { type: 'button', class: 'button', id: 'export-xlsx', text: t('workshop.exportXlsx'), onClick: () => deliverDocument(() => api.eventDocument({ kind: 'participant_sheet', scope, columns: chosenColumns(columns), csv: false }, 'open')) }),
        h('button', { type: 'button', class: 'button', id: 'export-csv', text: t('workshop.exportCsv'), onClick: () => deliverDocument(() => api.eventDocument({ kind: 'participant_sheet', scope, columns: chosenColumns(columns), csv: true }, 'open')) }),
        h('button', { type: 'button', class: 'button', id: 'print-certificates', text: t('workshop.certificates'), onClick: () => deliverDocument(() => api.eventDocument({ kind: 'certificates', workshop_id: w.id }, 'open')) }),
      ]),
      labelSheetField('workshop-badges', (sheet, start) => deliverDocument(() => api.eventDocument({ kind: 'badges', scope, sheet, start }, 'open'))),
    ]),
  );
  return false;
}

/** The registrations that hold a seat. @param {import('../api.js').Registration[]} registrations */
function takenSeats(registrations) {
  return registrations.filter((r) => ['angemeldet', 'teilgenommen', 'nicht_erschienen'].includes(r.status));
}

/** The page's head: title, event, time, room, hosts. @param {Record<string, any>} w */
function workshopHeader(w) {
  const lead = [w.event_title, `${formatDate(w.starts_at)}, ${clock(w.starts_at)}–${clock(w.ends_at)}`, w.room, w.hosts.map((/** @type {[string, string]} */ x) => x[0]).join(', ')].filter(Boolean).join(' · ');
  return pageHeader(w.title, lead);
}

/**
 * The seats, the waitlist and who is present, and who moved up.
 * @param {{ workshop: Record<string, any>, registrations: import('../api.js').Registration[] }} page
 */
function workshopSummary(page) {
  const { workshop: w, registrations } = page;
  const waiting = registrations.filter((r) => r.status === 'warteliste');
  const present = registrations.filter((r) => r.status === 'teilgenommen');
  const movedUp = registrations.filter((r) => r.moved_up_at && r.status === 'angemeldet');
  return h('div', { id: 'workshop-summary' }, [
    h('section', { class: 'figures', id: 'workshop-figures' }, [
      figure(t('events.seats'), `${takenSeats(registrations).length} / ${w.capacity}`),
      figure(t('events.waitlisted'), w.waitlist ? String(waiting.length) : t('workshop.noWaitlist')),
      figure(t('events.present'), String(present.length)),
    ]),
    // No notice while nobody moved up.
    ...(movedUp.length
      ? [h('div', { class: 'banner banner-warning', id: 'moved-up', role: 'status' }, [
          h('strong', { text: t('workshop.movedUpTitle') }),
          ` ${movedUp.map((r) => `${r.participant_name} (${formatDate(r.moved_up_at ?? '')})`).join(', ')}`,
        ])]
      : []),
  ]);
}

/**
 * Changes the capacity; below the seats taken, staff choose who waits.
 * @param {Record<string, any>} w @param {number} capacity
 * @param {import('../api.js').Registration[]} seats @param {() => void} refresh
 * @param {HTMLElement} section where a refusal because of another PC's save is shown
 */
async function changeCapacity(w, capacity, seats, refresh, section) {
  if (!Number.isInteger(capacity) || capacity < 0) {
    notify(t('events.capacityInvalid'), 'error');
    return;
  }
  /** @param {number[]} toWaitlist */
  const save = async (toWaitlist) => {
    const moved = await api.setWorkshopCapacity(w.id, capacity, toWaitlist, w.saved.version);
    notify(t('workshop.capacityChanged', { capacity }), 'success');
    announceMovedUp(moved);
    refresh();
  };
  try {
    await save([]);
  } catch (error) {
    const e = /** @type {any} */ (error);
    // Another PC saved the workshop since this page read it: say who, offer to reload.
    if (showConflict(section, e, refresh)) return;
    if (e.code !== 'capacity_below_registered') {
      notifyError(e);
      return;
    }
    const boxes = seats
      .filter((r) => r.status === 'angemeldet')
      .map((r) => h('label', { class: 'checkbox' }, [h('input', { type: 'checkbox', value: String(r.id), name: 'to-waitlist' }), ` ${r.participant_name}`]));
    const list = h('div', { class: 'checkbox-grid', id: 'to-waitlist' }, boxes);
    const yes = await ask({ title: t('workshop.chooseWaitlistTitle'), message: errorText(e), confirm: t('workshop.changeCapacity'), body: [list] });
    if (!yes) return;
    const ids = [...list.querySelectorAll('input:checked')].map((i) => Number(/** @type {HTMLInputElement} */ (i).value));
    try {
      await save(ids);
    } catch (again) {
      if (!showConflict(section, /** @type {any} */ (again), refresh)) notifyError(again);
    }
  }
}

/**
 * Register someone: search the known participants, or enter a new person
 * with consent. A closed registration asks before registering anyway.
 * @param {Record<string, any>} w @param {{ code: string, name: string }[]} languages
 * @param {string} version of the consent text @param {() => void} refresh
 */
function registerCard(w, languages, version, refresh) {
  const search = /** @type {HTMLInputElement} */ (h('input', { id: 'participant-search', type: 'search', placeholder: t('workshop.searchPlaceholder'), 'aria-label': t('workshop.searchPerson'), autocomplete: 'off' }));
  const results = h('ul', { class: 'pick-list', id: 'participant-results', 'aria-live': 'polite' });
  let asked = 0;
  // Every keystroke asks at once (no typing pause); a late answer to an
  // older keystroke is dropped. The list is busy from the keystroke to its
  // update (for the window's timing test, with the time in `data-last-ms`).
  search.addEventListener('input', async () => {
    const started = performance.now();
    const text = search.value.trim();
    const mine = ++asked;
    if (!text) {
      results.replaceChildren();
      results.setAttribute('aria-busy', 'false');
      return;
    }
    results.setAttribute('aria-busy', 'true');
    try {
      const found = await api.findParticipants(text);
      if (mine !== asked) return;
      results.replaceChildren(
        ...(found.length
          ? found.map((p) =>
              h('li', {}, [
                h('button', { type: 'button', class: 'button small', 'data-id': String(p.id), text: t('workshop.registerThis'), onClick: () => register({ existing: p.id }) }),
                h('span', { dir: 'auto', text: ` ${p.name}` }),
                h('span', { class: 'secondary', text: [p.birth_year, p.school].filter(Boolean).join(', ') ? ` · ${[p.birth_year, p.school].filter(Boolean).join(', ')}` : '' }),
              ]),
            )
          : [h('li', { class: 'secondary', text: t('workshop.nobodyFound') })]),
      );
    } catch (error) {
      if (mine !== asked) return;
      notifyError(error);
    }
    results.setAttribute('data-last-ms', (performance.now() - started).toFixed(1));
    results.setAttribute('aria-busy', 'false');
  });

  const form = /** @type {HTMLFormElement} */ (
    h('form', { id: 'participant-form', class: 'form-grid', novalidate: true }, [
      ...participantFields(languages),
      h('div', { class: 'field field-wide', 'data-field': 'consent' }, [
        h('label', { class: 'checkbox' }, [h('input', { type: 'checkbox', id: 'field-consent', name: 'consent' }), ` ${t('workshop.consent', { version: version })}`]),
        h('p', { class: 'field-error', 'aria-live': 'polite' }),
      ]),
      photoConsentField(false),
      h('div', { class: 'form-actions field-wide' }, [h('button', { type: 'submit', class: 'button primary', id: 'register-new', text: t('workshop.register') })]),
    ])
  );

  /** @param {import('../api.js').Person} person @param {boolean} [afterClosing] */
  async function register(person, afterClosing = false) {
    clearFieldErrors(form);
    try {
      const r = await api.registerParticipant(w.id, person, { after_closing: afterClosing });
      notify(r.status === 'warteliste' ? t('workshop.waitlisted', { name: r.participant_name, n: r.waitlist_position ?? '' }) : t('workshop.registered', { name: r.participant_name }), 'success');
      refresh();
    } catch (error) {
      const e = /** @type {any} */ (error);
      if (e.code === 'registration_closed' && !afterClosing) {
        if (await ask({ title: t('workshop.closedTitle'), message: errorText(e), confirm: t('workshop.registerAnyway') })) await register(person, true);
        return;
      }
      if (!showError(form, e, errorText)) notifyError(e);
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const consent = /** @type {HTMLInputElement} */ (form.querySelector('#field-consent')).checked;
    await register({
      new: { ...participantValues(form), consent: consent ? { given_on: todayIso(), text_version: version } : null },
    });
  });

  return h('section', { class: 'card', id: 'register-card' }, [
    h('h2', { text: t('workshop.registerTitle') }),
    h('div', { class: 'search-row' }, [search]),
    results,
    h('details', { id: 'new-person' }, [h('summary', { text: t('workshop.newPerson') }), form]),
  ]);
}

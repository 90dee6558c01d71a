// Arbeitskreis: the working group with its next meeting, open action
// items, members with their attendance history, and a meeting page with
// attendance, minutes, decisions, actions, invitation and minutes as PDF.
import * as api from '../api.js';
import { emptyState, h, pageHeader } from '../components/dom.js';
import { deliverDocument } from '../components/delivery.js';
import { clearFieldErrors, formValues, markSaved, showConflict, showError, textareaField, textField } from '../components/form.js';
import { redrawOnChange } from '../components/live.js';
import { notify, notifyError } from '../components/toast.js';
import { errorText, formatDate, t } from '../i18n/index.js';

/** "2026-12-09T18:00:00" → "09.12.2026, 18:00" @param {string} iso */
function dateTime(iso) {
  return `${formatDate(iso)}, ${iso.slice(11, 16)}`;
}

/** The tables the Arbeitskreis' pages show. */
const ARBEITSKREIS_TABLES = ['working_group', 'working_group_member', 'meeting', 'meeting_attendance', 'meeting_attendee', 'meeting_decision', 'action_item', 'organisation', 'contact', 'contact_role'];

/**
 * @param {HTMLElement} outlet @param {number | null} id @param {HTMLElement} tabs
 * @param {(read: unknown) => boolean} [decide] after reading: whether to draw (the live view)
 */
export async function renderGroup(outlet, id, tabs, decide) {
  let page;
  let organisations;
  try {
    page = await api.getWorkingGroup(id);
    organisations = (await api.searchOrganisations({ limit: 500 }, 'name:asc')).rows; // a picker, by name, whatever the directory keeps
  } catch (error) {
    if (decide) return false;
    notifyError(error);
    return false;
  }
  if (decide && !decide([page, organisations])) return false;
  const head = h('div', { class: 'page-header-row' }, [pageHeader(t('arbeitskreis.title'), t('arbeitskreis.lead')), tabs]);
  const g = page.group;
  if (!g) {
    const form = /** @type {HTMLFormElement} */ (
      h('form', { class: 'inline-form', id: 'group-form', novalidate: true }, [
        textField({ name: 'group_name', label: t('arbeitskreis.name'), value: t('arbeitskreis.defaultName') }),
        h('button', { type: 'submit', class: 'button primary', id: 'create-group', text: t('arbeitskreis.create') }),
      ])
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        await api.createWorkingGroup(formValues(form, ['group_name']).group_name, '');
        await renderGroup(outlet, null, tabs);
      } catch (error) {
        const e = /** @type {any} */ (error);
        if (!showError(form, { ...e, field: 'group_name' }, errorText)) notifyError(e);
      }
    });
    outlet.replaceChildren(head, emptyState(t('arbeitskreis.emptyTitle'), t('arbeitskreis.emptyText'), [form]));
    return false;
  }
  const reload = () => renderGroup(outlet, g.id, tabs);
  // Another PC changed the group, its members or meetings (the shared
  // database): drawn again, unless something typed here is not saved.
  const shownGroup = JSON.stringify([page, organisations]);
  redrawOnChange(head, ARBEITSKREIS_TABLES, (decide) => renderGroup(outlet, g.id, tabs, (read) => decide(JSON.stringify(read) !== shownGroup)), outlet);
  const meetingForm = /** @type {HTMLFormElement} */ (
    h('form', { id: 'meeting-form', class: 'card form-grid', novalidate: true }, [
      h('h3', { class: 'field-wide', text: t('arbeitskreis.newMeeting') }),
      textField({ name: 'meeting_date', label: t('organisations.date'), value: '', type: 'date' }),
      textField({ name: 'meeting_time', label: t('arbeitskreis.time'), value: '18:00', type: 'time' }),
      textField({ name: 'meeting_place', label: t('organisations.place'), value: '', wide: true }),
      textareaField({ name: 'agenda', label: t('arbeitskreis.agenda'), value: '' }),
      h('div', { class: 'form-actions field-wide' }, [h('button', { type: 'submit', class: 'button primary', id: 'add-meeting', text: t('arbeitskreis.addMeeting') })]),
    ])
  );
  meetingForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(meetingForm);
    const v = formValues(meetingForm, ['meeting_date', 'meeting_time', 'meeting_place', 'agenda']);
    if (!v.meeting_date) {
      showError(meetingForm, { code: 'required', field: 'meeting_date', params: {} }, () => t('settings.required'));
      return;
    }
    try {
      const m = await api.saveMeeting(g.id, null, { starts_at: `${v.meeting_date}T${v.meeting_time || '18:00'}:00`, place: v.meeting_place, agenda: v.agenda, minutes: '', version: null });
      location.hash = `#/organisations/meeting/${m.id}`;
    } catch (error) {
      notifyError(error);
    }
  });
  const memberIds = new Set(g.members.filter((m) => !m.left_on).map((m) => m.organisation_id));
  const joinSelect = /** @type {HTMLSelectElement} */ (
    h('select', { id: 'join-organisation', 'aria-label': t('arbeitskreis.addMember') }, [
      h('option', { value: '', text: '–' }),
      ...organisations.filter((o) => !memberIds.has(o.id)).map((o) => h('option', { value: String(o.id), text: o.name })),
    ])
  );
  const parts = [
    head,
    page.groups.length > 1
      ? h('nav', { class: 'button-row' }, page.groups.map(([gid, name]) => h('a', { href: `#/organisations/arbeitskreis/${gid}`, class: `button small ${gid === g.id ? 'primary' : ''}`, text: name })))
      : null,
    h('h2', { id: 'group-name', text: g.name }),
    g.description ? h('p', { class: 'section-lead', text: g.description }) : null,
    h('section', { class: 'card', id: 'next-meeting' }, [
      h('h3', { text: t('arbeitskreis.nextMeeting') }),
      g.next_meeting
        ? h('p', {}, [h('a', { href: `#/organisations/meeting/${g.next_meeting.id}`, class: 'strong', text: `${dateTime(g.next_meeting.starts_at)} · ${g.next_meeting.place}` })])
        : h('p', { class: 'secondary', text: t('arbeitskreis.noNextMeeting') }),
    ]),
    h('section', { class: 'card', id: 'open-actions' }, [
      h('h3', { text: t('arbeitskreis.openActions') }),
      g.open_actions.length
        ? h('ul', { class: 'plain-list' }, g.open_actions.map((a) =>
            h('li', {}, [
              h('label', { class: 'checkbox' }, [
                h('input', { type: 'checkbox', 'data-action': String(a.id), onChange: async () => { await api.setActionDone(a.id, true); reload(); } }),
                ` ${a.text}`,
              ]),
              h('span', { class: 'secondary', text: ` · ${a.owner}${a.due_on ? ` · ${t('arbeitskreis.due', { date: formatDate(a.due_on) })}` : ''}` }),
            ]),
          ))
        : h('p', { class: 'secondary', text: t('arbeitskreis.noOpenActions') }),
    ]),
    h('h3', { text: t('arbeitskreis.members') }),
    h('div', { class: 'table-wrap' }, [
      h('table', { class: 'data-table', id: 'members-table' }, [
        h('thead', {}, [h('tr', {}, [t('organisations.name'), t('arbeitskreis.since'), t('arbeitskreis.attendance'), ''].map((c) => h('th', { scope: 'col', text: c })))]),
        h('tbody', {}, g.members.map((m) =>
          h('tr', { class: m.left_on ? 'archived' : '' }, [
            h('td', { class: 'strong', dir: 'auto', text: m.organisation_name }),
            h('td', { text: `${formatDate(m.joined_on)}${m.left_on ? ` – ${formatDate(m.left_on)}` : ''}` }),
            h('td', { text: t('arbeitskreis.attended', { n: m.attended, of: m.meetings_as_member }) }),
            h('td', {}, [m.left_on ? null : h('button', { type: 'button', class: 'button small', text: t('arbeitskreis.leave'), onClick: async () => { try { await api.leaveWorkingGroup(g.id, m.organisation_id, null); reload(); } catch (e) { notifyError(e); } } })]),
          ]),
        )),
      ]),
    ]),
    h('div', { class: 'inline-form', 'data-editable': true }, [
      h('div', { class: 'field' }, [h('label', { for: 'join-organisation', text: t('arbeitskreis.addMember') }), joinSelect]),
      h('button', { type: 'button', class: 'button', id: 'join-group', text: t('arbeitskreis.join'), onClick: async () => { if (!joinSelect.value) return; try { await api.joinWorkingGroup(g.id, Number(joinSelect.value), null); reload(); } catch (e) { notifyError(e); } } }),
    ]),
    await yearSection(g.id),
    h('h3', { text: t('arbeitskreis.meetings') }),
    h('ul', { class: 'plain-list', id: 'meetings-list' }, [...g.meetings].reverse().map((m) =>
      h('li', {}, [h('a', { href: `#/organisations/meeting/${m.id}`, text: `${dateTime(m.starts_at)} · ${m.place}` }), h('span', { class: 'secondary', text: ` · ${t('arbeitskreis.present', { n: m.present })}` })]),
    )),
    meetingForm,
  ];
  outlet.replaceChildren(...parts.filter((part) => part != null));
  return false;
}

/**
 * @param {HTMLElement} outlet @param {number} id @param {HTMLElement} tabs
 * @param {(read: unknown) => boolean} [decide] after reading: whether to draw (the live view)
 */
export async function renderMeeting(outlet, id, tabs, decide) {
  let m;
  try {
    m = await api.getMeeting(id);
  } catch (error) {
    if (decide) return false;
    notifyError(error);
    return false;
  }
  if (decide && !decide(m)) return false;
  const reload = () => renderMeeting(outlet, id, tabs);
  // The meeting's version this page was filled from, shared by the minutes
  // and the attendance list (each save claims it), following this page's saves.
  const seen = { version: m.saved.version };
  const attendance = attendanceSection(m, seen, reload);
  const minutes = /** @type {HTMLFormElement} */ (
    h('form', { id: 'minutes-form', class: 'card form-grid', novalidate: true }, [
      textField({ name: 'place', label: t('organisations.place'), value: m.place, wide: true }),
      textareaField({ name: 'agenda', label: t('arbeitskreis.agenda'), value: m.agenda }),
      textareaField({ name: 'minutes', label: t('arbeitskreis.minutes'), value: m.minutes, rows: 6 }),
      h('div', { class: 'form-actions field-wide' }, [h('button', { type: 'submit', class: 'button primary', id: 'save-minutes', text: t('settings.save') })]),
    ])
  );
  minutes.addEventListener('submit', async (event) => {
    event.preventDefault();
    const v = formValues(minutes, ['place', 'agenda', 'minutes']);
    try {
      const saved = await api.saveMeeting(m.working_group_id, m.id, { starts_at: m.starts_at, place: v.place, agenda: v.agenda, minutes: v.minutes, version: seen.version });
      seen.version = saved.saved.version;
      markSaved(minutes);
      minutes.querySelector('.save-conflict')?.remove();
      notify(t('arbeitskreis.saved'), 'success');
    } catch (error) {
      if (!showConflict(minutes, /** @type {import('../api.js').CommandError} */ (error), reload)) notifyError(error);
    }
  });
  const decision = /** @type {HTMLInputElement} */ (h('input', { type: 'text', id: 'decision-text', 'aria-label': t('arbeitskreis.decision') }));
  const actionText = /** @type {HTMLInputElement} */ (h('input', { type: 'text', id: 'action-text', 'aria-label': t('arbeitskreis.action') }));
  const actionOwner = /** @type {HTMLInputElement} */ (h('input', { type: 'text', id: 'action-owner', 'aria-label': t('arbeitskreis.owner'), placeholder: t('arbeitskreis.owner') }));
  const actionDue = /** @type {HTMLInputElement} */ (h('input', { type: 'date', id: 'action-due', 'aria-label': t('arbeitskreis.dueLabel') }));
  const head = h('div', { class: 'page-header-row' }, [pageHeader(`${m.working_group_name}: ${dateTime(m.starts_at)}`, m.place), tabs]);
  const shownMeeting = JSON.stringify(m);
  redrawOnChange(head, ARBEITSKREIS_TABLES, (decide) => renderMeeting(outlet, id, tabs, (read) => decide(JSON.stringify(read) !== shownMeeting)), outlet);
  outlet.replaceChildren(
    head,
    h('div', { class: 'button-row toolbar' }, [
      h('a', { class: 'button', href: `#/organisations/arbeitskreis/${m.working_group_id}`, text: t('arbeitskreis.back') }),
      h('button', { type: 'button', class: 'button primary', id: 'print-invitation', text: t('arbeitskreis.printInvitation'), onClick: () => deliverDocument(() => api.printMeeting(m.id, 'invitation', 'open')) }),
      h('button', { type: 'button', class: 'button', id: 'print-minutes', text: t('arbeitskreis.printMinutes'), onClick: () => deliverDocument(() => api.printMeeting(m.id, 'minutes', 'open')) }),
    ]),
    h('h2', { text: t('arbeitskreis.attendance') }),
    ...attendance,
    h('h2', { text: t('arbeitskreis.minutes') }),
    minutes,
    h('h2', { text: t('arbeitskreis.decisions') }),
    h('ol', { id: 'decisions' }, m.decisions.map(([, text]) => h('li', { dir: 'auto', text }))),
    h('div', { class: 'inline-form', 'data-editable': true }, [
      h('div', { class: 'field field-wide' }, [h('label', { for: 'decision-text', text: t('arbeitskreis.decision') }), decision]),
      h('button', { type: 'button', class: 'button', id: 'add-decision', text: t('arbeitskreis.addDecision'), onClick: async () => { try { await api.addDecision(m.id, decision.value); reload(); } catch (e) { notifyError(e); } } }),
    ]),
    h('h2', { text: t('arbeitskreis.actions') }),
    h('ul', { class: 'plain-list', id: 'actions' }, m.actions.map((a) =>
      h('li', {}, [
        h('label', { class: 'checkbox' }, [
          h('input', { type: 'checkbox', checked: a.done_on != null, onChange: async (/** @type {Event} */ e) => { await api.setActionDone(a.id, /** @type {HTMLInputElement} */ (e.target).checked); reload(); } }),
          ` ${a.text}`,
        ]),
        h('span', { class: 'secondary', text: ` · ${a.owner}${a.due_on ? ` · ${t('arbeitskreis.due', { date: formatDate(a.due_on) })}` : ''}` }),
      ]),
    )),
    h('div', { class: 'inline-form', 'data-editable': true }, [
      h('div', { class: 'field' }, [h('label', { for: 'action-text', text: t('arbeitskreis.action') }), actionText]),
      h('div', { class: 'field' }, [h('label', { for: 'action-owner', text: t('arbeitskreis.owner') }), actionOwner]),
      h('div', { class: 'field' }, [h('label', { for: 'action-due', text: t('arbeitskreis.dueLabel') }), actionDue]),
      h('button', { type: 'button', class: 'button', id: 'add-action', text: t('arbeitskreis.addAction'), onClick: async () => { try { await api.addAction(m.id, actionText.value, actionOwner.value, actionDue.value || null); reload(); } catch (e) { notifyError(e); } } }),
    ]),
  );
  return false;
}

/** The year the attendance overview shows, kept while the app runs; this year when null. @type {number | null} */
let chosenYear = null;

/**
 * Attendance per organisation over a year: meetings attended of those
 * held, with a year picker.
 * @param {number} groupId
 * @returns {Promise<HTMLElement>}
 */
async function yearSection(groupId) {
  const section = h('section', { class: 'card', id: 'attendance-year' });
  /** @type {import('../api.js').AttendanceYear} */
  let y;
  try {
    y = await api.attendanceYear(groupId, chosenYear);
  } catch (error) {
    notifyError(error);
    return section;
  }
  const picker = /** @type {HTMLSelectElement} */ (
    h('select', { id: 'attendance-year-picker' }, y.years.map((year) => h('option', { value: String(year), text: String(year), selected: year === y.year })))
  );
  picker.addEventListener('change', async () => {
    chosenYear = Number(picker.value);
    section.replaceWith(await yearSection(groupId));
    /** @type {HTMLElement | null} */ (document.getElementById('attendance-year-picker'))?.focus();
  });
  section.append(
    h('h3', { text: t('arbeitskreis.yearTitle') }),
    h('div', { class: 'inline-form' }, [h('div', { class: 'field' }, [h('label', { for: 'attendance-year-picker', text: t('arbeitskreis.year') }), picker])]),
    h('p', { class: 'secondary', id: 'meetings-held', text: t('arbeitskreis.held', { n: y.held, year: y.year }) }),
    h('div', { class: 'table-wrap' }, [
      h('table', { class: 'data-table', id: 'attendance-year-table' }, [
        h('thead', {}, [h('tr', {}, [t('organisations.name'), t('arbeitskreis.attendance'), t('attendanceStatus.entschuldigt'), ''].map((c) => h('th', { scope: 'col', text: c })))]),
        h('tbody', {}, y.organisations.length
          ? y.organisations.map((o) =>
              h('tr', { 'data-organisation': String(o.organisation_id) }, [
                h('td', { class: 'strong', dir: 'auto', text: o.organisation_name }),
                h('td', { text: t('arbeitskreis.attended', { n: o.attended, of: y.held }) }),
                h('td', { class: 'number', text: String(o.excused) }),
                // `.secondary` is a block: inside the cell, so the cell stays a table cell.
                h('td', {}, o.member ? [] : [h('span', { class: 'secondary', text: t('arbeitskreis.guest') })]),
              ]),
            )
          : [h('tr', {}, [h('td', { colspan: '4', class: 'empty-row', text: t('arbeitskreis.yearEmpty') })])]),
      ]),
    ]),
  );
  return section;
}

const STATUSES = /** @type {const} */ (['anwesend', 'entschuldigt', 'nicht_erschienen']);

/**
 * Who came, person by person: the members' contacts and the guests, each
 * anwesend / entschuldigt / nicht erschienen; guests are added from any
 * other organisation's contacts; one save for the whole list.
 * @param {import('../api.js').Meeting} m
 * @param {{ version: number }} seen the meeting's version the page shows
 * @param {() => Promise<unknown>} reload
 */
function attendanceSection(m, seen, reload) {
  /** @type {{ person: import('../api.js').Attendee, status: () => import('../api.js').AttendanceStatus }[]} */
  const rows = [];
  const body = h('tbody');
  /** @param {import('../api.js').Attendee} person */
  const addRow = (person) => {
    const index = rows.length;
    const erased = person.contact_id == null;
    const radios = STATUSES.map((status) =>
      /** @type {HTMLInputElement} */ (h('input', { type: 'radio', name: `status-${index}`, value: status, id: `status-${index}-${status}`, checked: person.status === status, disabled: erased })),
    );
    rows.push({ person, status: () => /** @type {import('../api.js').AttendanceStatus} */ (radios.find((r) => r.checked)?.value ?? 'nicht_erschienen') });
    body.append(
      h('tr', { 'data-contact': erased ? null : String(person.contact_id), class: person.guest ? 'guest' : null }, [
        h('th', { scope: 'row', dir: 'auto', id: `person-${index}`, text: person.contact_name ?? t('arbeitskreis.erasedPerson') }),
        h('td', { dir: 'auto', text: person.guest ? `${person.organisation_name} (${t('arbeitskreis.guest')})` : person.organisation_name }),
        h('td', {}, [
          h('div', { class: 'button-row', role: 'radiogroup', 'aria-labelledby': `person-${index}` },
            STATUSES.map((status, i) => h('label', { class: 'checkbox', for: `status-${index}-${status}` }, [radios[i], ` ${t(`attendanceStatus.${status}`)}`])),
          ),
        ]),
      ]),
    );
  };
  m.people.forEach(addRow);
  // Persons an older record per organisation counted without names: shown,
  // never sent back (the core keeps them).
  for (const u of m.unnamed) {
    body.append(
      h('tr', { class: 'unnamed', 'data-organisation': String(u.organisation_id) }, [
        h('th', { scope: 'row', text: u.unnamed === 1 ? t('arbeitskreis.unnamedOne') : t('arbeitskreis.unnamedMany', { count: u.unnamed }) }),
        h('td', { dir: 'auto', text: u.organisation_name }),
        h('td', { text: t('arbeitskreis.unnamedStatus') }),
      ]),
    );
  }
  const listed = () => new Set(rows.map((r) => r.person.contact_id));
  const guestSelect = /** @type {HTMLSelectElement} */ (h('select', { id: 'guest-choice' }));
  const fillGuests = () => {
    const taken = listed();
    guestSelect.replaceChildren(
      h('option', { value: '', text: '–' }),
      ...m.guest_choices
        .filter((c) => !taken.has(c.contact_id))
        .map((c) => h('option', { value: `${c.contact_id}:${c.organisation_id}`, text: `${c.contact_name} · ${c.organisation_name}` })),
    );
  };
  fillGuests();
  const summary = m.attendance.filter((a) => a.present);
  /** @type {HTMLElement} where a refusal because of another PC's save is shown */
  let actions;
  return [
    // Ticks and added guests count as unsaved input (the live view keeps them).
    h('div', { class: 'table-wrap', 'data-editable': true }, [
      h('table', { class: 'data-table', id: 'attendance-table' }, [
        h('thead', {}, [h('tr', {}, [t('arbeitskreis.person'), t('arbeitskreis.organisation'), t('arbeitskreis.status')].map((c) => h('th', { scope: 'col', text: c })))]),
        body,
      ]),
    ]),
    ...(m.people.length ? [] : [h('p', { class: 'secondary', id: 'no-people', text: t('arbeitskreis.noPeople') })]),
    h('div', { class: 'inline-form' }, [
      h('div', { class: 'field' }, [h('label', { for: 'guest-choice', text: t('arbeitskreis.guestLabel') }), guestSelect]),
      h('button', {
        type: 'button',
        class: 'button',
        id: 'add-guest',
        text: t('arbeitskreis.addGuest'),
        onClick: () => {
          const choice = m.guest_choices.find((c) => `${c.contact_id}:${c.organisation_id}` === guestSelect.value);
          if (!choice) return;
          addRow({ ...choice, guest: true, status: 'anwesend' });
          body.closest('[data-editable]')?.setAttribute('data-changed', '');
          fillGuests();
          guestSelect.focus();
        },
      }),
    ]),
    (actions = h('div', { class: 'form-actions' }, [
      h('button', {
        type: 'button',
        class: 'button primary',
        id: 'save-attendance',
        text: t('arbeitskreis.saveAttendance'),
        onClick: async () => {
          const people = rows
            .filter((r) => r.person.contact_id != null)
            .map((r) => ({ contact_id: /** @type {number} */ (r.person.contact_id), organisation_id: r.person.organisation_id, status: r.status() }));
          try {
            const saved = await api.setAttendees(m.id, people, seen.version);
            seen.version = saved.saved.version;
            // Redrawn from the core first, so the notice stands for the new page.
            await reload();
            notify(t('arbeitskreis.attendanceSaved'), 'success');
          } catch (error) {
            // Another PC saved the meeting since: say who, offer to reload.
            const e = /** @type {import('../api.js').CommandError} */ (error);
            if (!showConflict(actions, e, reload)) notifyError(e);
          }
        },
      }),
    ])),
    h('p', { id: 'attendance-summary', class: 'secondary' }, [
      summary.length
        ? t('arbeitskreis.organisationsPresent', { list: summary.map((a) => `${a.organisation_name} (${a.persons})`).join(', ') })
        : t('arbeitskreis.noOrganisationPresent'),
    ]),
  ];
}

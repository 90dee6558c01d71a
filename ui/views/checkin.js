// Check-in on the day: one fast screen per workshop. Type a name (the list
// narrows as you type) or scan the code on the confirmation; Enter ticks
// the one person left or the scanned registration. Walk-ins count against
// the capacity; when it is full staff decide. Afterwards everyone not
// ticked is marked "nicht erschienen" in one action.
import * as api from '../api.js';
import { todayIso, consentVersion } from '../components/form.js';
import { ask } from '../components/dialog.js';
import { confirmingButton, h, pageHeader } from '../components/dom.js';
import { clock, statusText } from '../components/event-facts.js';
import { reloadOnChange } from '../components/live.js';
import { notify, notifyError } from '../components/toast.js';
import { errorText, formatDate, t } from '../i18n/index.js';

const CODE = /^KIZ-ANM-\d+$/i;

/** Lower case without diacritics, so "sukru" finds "Şükrü". @param {string} text */
function fold(text) {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/ı/g, 'i').toLowerCase();
}

/** Escape empties the search. @param {KeyboardEvent} event */
export function onKey(event) {
  const search = /** @type {HTMLInputElement | null} */ (document.getElementById('checkin-search'));
  if (event.key === 'Escape' && search && !document.querySelector('dialog[open]')) {
    search.value = '';
    search.dispatchEvent(new Event('input'));
    search.focus();
  }
}

/**
 * Runs a check-in call; when the workshop is full, asks whether to admit
 * the person anyway and repeats with the override.
 * @template {import('../api.js').Registration} T
 * @param {(over: boolean) => Promise<T>} call
 * @returns {Promise<T | null>}
 */
async function withOverride(call) {
  try {
    return await call(false);
  } catch (error) {
    const e = /** @type {any} */ (error);
    if (e.code !== 'capacity_exceeded') throw e;
    if (!(await ask({ title: t('checkin.fullTitle'), message: errorText(e), confirm: t('checkin.admitAnyway') }))) return null;
    return call(true);
  }
}

/** @param {HTMLElement} outlet @param {number} id */
export async function render(outlet, id) {
  let page;
  let version;
  try {
    [page, version] = await Promise.all([api.getWorkshop(id), consentVersion('veranstaltungen')]);
  } catch (error) {
    notifyError(error);
    return false;
  }
  const w = page.workshop;
  let registrations = page.registrations.filter((r) => r.status !== 'abgesagt');
  const search = /** @type {HTMLInputElement} */ (
    h('input', { id: 'checkin-search', type: 'search', class: 'big-search', placeholder: t('checkin.searchPlaceholder'), 'aria-label': t('checkin.search'), autocomplete: 'off' })
  );
  const counter = h('p', { class: 'count checkin-count', id: 'checkin-count', 'aria-live': 'polite' });
  const body = h('tbody');

  const reload = async () => {
    try {
      const fresh = await api.getWorkshop(id);
      registrations = fresh.registrations.filter((r) => r.status !== 'abgesagt');
      // A capacity changed on another laptop shows in the counter.
      w.capacity = fresh.workshop.capacity;
    } catch (error) {
      notifyError(error);
    }
    draw();
  };

  /** @param {(import('../api.js').Registration & { already_present_since?: string | null }) | null} r */
  const ticked = (r) => {
    // A second scan (a confirmation passed on?) is told apart from a tick.
    const since = r?.already_present_since;
    if (r && since) notify(t('checkin.alreadyPresent', { name: r.participant_name, time: clock(since) }), 'info');
    else if (r) notify(t('checkin.present', { name: r.participant_name }), 'success');
    search.value = '';
    search.focus();
    return reload();
  };

  /** @param {import('../api.js').Registration} r */
  const tick = async (r) => {
    try {
      await ticked(await withOverride((over) => api.checkIn(r.id, over)));
    } catch (error) {
      notifyError(error);
    }
  };

  /** @param {import('../api.js').Registration} r */
  const untick = async (r) => {
    try {
      await api.undoCheckIn(r.id);
      await reload();
      search.focus();
    } catch (error) {
      notifyError(error);
    }
  };

  const visible = () => {
    const words = fold(search.value.trim()).split(/\s+/).filter(Boolean);
    return registrations
      .filter((r) => words.every((word) => fold(`${r.participant_name} ${r.school}`).includes(word)))
      .sort((a, b) => fold(a.participant_name).localeCompare(fold(b.participant_name)));
  };

  function draw() {
    const seated = registrations.filter((r) => ['angemeldet', 'teilgenommen', 'nicht_erschienen'].includes(r.status)).length;
    const here = registrations.filter((r) => r.status === 'teilgenommen').length;
    counter.textContent = t('checkin.counter', { present: here, seats: seated, capacity: w.capacity });
    const rows = visible();
    body.replaceChildren(
      ...(rows.length
        ? rows.map((r) =>
            h('tr', { 'data-id': String(r.id), 'data-status': r.status, class: r.status === 'teilgenommen' ? 'is-present' : null }, [
              h('td', { class: 'strong', dir: 'auto', text: r.participant_name }),
              h('td', { text: r.school }),
              h('td', {}, [h('span', { class: `status status-${r.status}`, text: statusText(r) })]),
              h('td', {}, [
                h('div', { class: 'row-actions' }, [
                  r.status === 'teilgenommen'
                    ? h('button', { type: 'button', class: 'button small', 'data-action': 'undo', text: t('checkin.undo'), onClick: () => untick(r) })
                    : h('button', { type: 'button', class: 'button small primary', 'data-action': 'present', text: r.status === 'warteliste' ? t('checkin.admit') : t('checkin.tick'), onClick: () => tick(r) }),
                ]),
              ]),
            ]),
          )
        : [h('tr', {}, [h('td', { colspan: '4', class: 'empty-row', text: t('checkin.nobody') })])]),
    );
  }

  // A second laptop at the door (the shared database): its ticks, walk-ins
  // and cancellations show here as they happen.
  reloadOnChange(body, ['registration', 'participant', 'workshop'], reload);
  search.addEventListener('input', draw);
  search.addEventListener('keydown', async (e) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    const text = search.value.trim();
    if (CODE.test(text)) {
      try {
        await ticked(await withOverride((over) => api.checkInCode(id, text, over)));
      } catch (error) {
        notifyError(error);
        search.select();
      }
      return;
    }
    const open = visible().filter((r) => r.status !== 'teilgenommen');
    if (open.length === 1) await tick(open[0]);
    else if (open.length > 1) notify(t('checkin.several', { n: open.length }), 'info');
  });

  const walkName = /** @type {HTMLInputElement} */ (h('input', { id: 'walkin-name', autocomplete: 'off', 'aria-required': 'true' }));
  const walkSchool = /** @type {HTMLInputElement} */ (h('input', { id: 'walkin-school', autocomplete: 'off' }));
  const walkConsent = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', id: 'walkin-consent' }));
  const walkIn = async () => {
    const person = {
      new: {
        name: walkName.value,
        school: walkSchool.value,
        consent: walkConsent.checked ? { given_on: todayIso(), text_version: version } : null,
      },
    };
    try {
      const r = await withOverride((over) => api.walkIn(id, person, over));
      if (!r) return;
      walkName.value = '';
      walkSchool.value = '';
      walkConsent.checked = false;
      await ticked(r);
    } catch (error) {
      notifyError(error);
      walkName.focus();
    }
  };

  outlet.replaceChildren(
    pageHeader(t('checkin.title', { title: w.title }), [`${formatDate(w.starts_at)}, ${clock(w.starts_at)}–${clock(w.ends_at)}`, w.room].filter(Boolean).join(' · ')),
    h('div', { class: 'button-row toolbar' }, [
      h('a', { class: 'button', href: `#/events/workshop/${w.id}`, id: 'back-to-workshop', text: t('checkin.back') }),
      confirmingButton({ id: 'mark-no-shows' }, t('checkin.noShows'), t('checkin.noShowsConfirm'), async () => {
        try {
          const n = await api.markNoShows(id);
          notify(t('checkin.noShowsDone', { n }), 'success');
          await reload();
        } catch (error) {
          notifyError(error);
        }
      }),
    ]),
    h('div', { class: 'search-row' }, [search]),
    h('p', { class: 'field-hint', text: t('checkin.hint') }),
    counter,
    h('div', { class: 'table-wrap' }, [
      h('table', { class: 'data-table checkin-table', id: 'checkin-table' }, [
        h('thead', {}, [h('tr', {}, [t('organisations.name'), t('workshop.school'), t('workshop.status'), ''].map((c) => h('th', { scope: 'col', text: c })))]),
        body,
      ]),
    ]),
    h('section', { class: 'card', id: 'walk-in' }, [
      h('h2', { text: t('checkin.walkInTitle') }),
      h('div', { class: 'filter-row' }, [
        h('div', { class: 'field' }, [h('label', { for: 'walkin-name', text: t('organisations.name') }), walkName]),
        h('div', { class: 'field' }, [h('label', { for: 'walkin-school', text: t('workshop.school') }), walkSchool]),
        h('label', { class: 'checkbox filter-check', for: 'walkin-consent' }, [walkConsent, ` ${t('workshop.consent', { version: version })}`]),
        h('button', { type: 'button', class: 'button', id: 'walkin-add', text: t('checkin.walkInAdd'), onClick: walkIn }),
      ]),
    ]),
  );
  draw();
  search.focus();
  return true;
}

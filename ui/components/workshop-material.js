// A workshop's material from the Mediathek (issue 23): media reserved for
// its day with what competes for them, reserving more (a scanned
// Inventarnummer or a title), lending them to the host organisation, and
// once lent how much is back.
import * as api from '../api.js';
import { errorText, formatDate, t } from '../i18n/index.js';
import { confirmingButton, h } from './dom.js';
import { mediumFinder } from './medium-finder.js';
import { notify, notifyError } from './toast.js';

/**
 * What a reservation runs into, in words.
 * @param {import('../api.js').MaterialConflict} c
 */
export function conflictText(c) {
  switch (c.kind) {
    case 'other_workshop':
      return t('material.otherWorkshop', { title: c.title, quantity: c.quantity });
    case 'on_loan':
      return t('material.onLoan', { count: c.count, date: formatDate(c.latest_due) });
    case 'waiting':
      return t('material.waiting', { count: c.count });
  }
}

/**
 * Where a reservation stands: lent (how much is back), short, or fine.
 * @param {import('../api.js').Material} m
 */
export function materialState(m) {
  if (m.lent) {
    return m.lent.missing.length
      ? t('material.lentBack', { returned: m.lent.returned, total: m.lent.total, list: m.lent.missing.join(', ') })
      : t('material.allBack');
  }
  return m.short_by ? t('material.short', { count: m.short_by, lendable: m.lendable }) : t('material.enough', { lendable: m.lendable });
}

/**
 * The section on the workshop's page.
 * @param {{ id: number, hosts: [string, string][], host_links: { organisation_id: number, role: string }[] }} w
 */
export function materialSection(w) {
  const body = h('tbody');
  const table = h('table', { class: 'data-table', id: 'material-table', 'aria-busy': 'true' }, [
    h('thead', {}, [
      h('tr', {}, [
        h('th', { scope: 'col', text: t('material.medium') }),
        h('th', { scope: 'col', text: t('material.quantity') }),
        h('th', { scope: 'col', text: t('material.state') }),
        h('th', { scope: 'col', text: t('overdue.actions') }),
      ]),
    ]),
    body,
  ]);
  // The hosts the material can go to (the first chosen).
  const hosts = /** @type {HTMLSelectElement} */ (
    h('select', { id: 'material-host', 'aria-label': t('material.host') }, w.host_links.map((link, i) =>
      h('option', { value: String(link.organisation_id), text: w.hosts[i]?.[0] ?? String(link.organisation_id) }),
    ))
  );
  const quantity = /** @type {HTMLInputElement} */ (
    h('input', { id: 'material-quantity', type: 'number', min: '1', max: '200', value: '1', class: 'narrow', 'aria-label': t('material.quantity') })
  );
  const error = h('p', { class: 'field-error', id: 'material-error', 'aria-live': 'polite' });

  /** @param {import('../api.js').Material[]} list */
  const draw = (list) => {
    body.replaceChildren(
      ...(list.length
        ? list.map((m) =>
            h('tr', { 'data-material': String(m.id), 'data-medium': String(m.medium_id), class: m.short_by && !m.lent ? 'overdue' : '' }, [
              h('td', {}, [h('a', { href: `#/catalogue/${m.medium_id}`, dir: 'auto', class: 'strong', text: m.title })]),
              h('td', { class: 'number', text: `${m.quantity} ×` }),
              h('td', {}, [
                h('span', { class: 'block', text: materialState(m) }),
                m.conflicts.length
                  ? h('ul', { class: 'plain-list small' }, m.conflicts.map((c) => h('li', { dir: 'auto', text: conflictText(c) })))
                  : null,
              ]),
              h('td', {}, m.lent ? [] : [h('div', { class: 'button-row' }, [
                h('button', {
                  type: 'button',
                  class: 'button small primary',
                  'data-action': 'lend',
                  text: t('material.lend'),
                  disabled: !w.host_links.length,
                  onClick: () => lend(m),
                }),
                confirmingButton({ 'data-action': 'remove' }, t('material.remove'), t('packages.deleteConfirm'), async () => {
                  try {
                    await api.removeWorkshopMaterial(m.id);
                  } catch (failure) {
                    notifyError(failure);
                  }
                  await load();
                }),
              ])]),
            ]),
          )
        : [h('tr', {}, [h('td', { colspan: '4', class: 'secondary', text: t('material.none') })])]),
    );
    table.setAttribute('aria-busy', 'false');
  };
  const load = async () => {
    table.setAttribute('aria-busy', 'true');
    try {
      draw(await api.workshopMaterial(w.id));
    } catch (failure) {
      notifyError(failure);
    }
  };
  /** @param {import('../api.js').Material} m */
  const lend = async (m) => {
    error.textContent = '';
    try {
      const lent = await api.lendWorkshopMaterial(m.id, Number(hosts.value));
      const host = hosts.selectedOptions[0]?.textContent ?? '';
      notify(t('material.lent', { name: lent.set.name, host, list: lent.loans.map((l) => l.barcode).join(', ') }), 'success');
    } catch (failure) {
      error.textContent = errorText(/** @type {import('../api.js').CommandError} */ (failure));
    }
    await load();
  };
  const finder = mediumFinder({
    id: 'material-find',
    describedBy: 'material-hint',
    onPick: async (mediumId) => {
      error.textContent = '';
      try {
        draw(await api.reserveWorkshopMaterial({ workshop_id: w.id, medium_id: mediumId, quantity: Number(quantity.value) }));
      } catch (failure) {
        error.textContent = errorText(/** @type {import('../api.js').CommandError} */ (failure));
      }
    },
  });
  load();
  return h('section', { class: 'card', id: 'material-card' }, [
    h('h2', { text: t('material.title') }),
    h('p', { class: 'secondary', id: 'material-hint', text: t('material.hint') }),
    h('div', { class: 'table-wrap' }, [table]),
    h('div', { class: 'filter-row' }, [
      h('div', { class: 'field' }, [h('label', { for: 'material-quantity', text: t('material.quantity') }), quantity]),
      h('div', { class: 'field field-wide' }, [h('label', { for: 'material-find', text: t('material.find') }), finder.element]),
    ]),
    w.host_links.length
      ? h('div', { class: 'field' }, [h('label', { for: 'material-host', text: t('material.host') }), hosts])
      : h('p', { class: 'secondary', text: t('material.noHost') }),
    error,
  ]);
}

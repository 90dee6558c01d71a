// Organisationen: the directory of migrant organisations.
import * as api from '../api.js';
import { emptyState, h, pageHeader } from '../components/dom.js';
import { notify } from '../components/toast.js';
import { errorText, t } from '../i18n/index.js';

/** @param {HTMLElement} outlet */
export async function render(outlet) {
  outlet.replaceChildren(pageHeader(t('organisations.title'), t('organisations.lead')));
  let organisations;
  try {
    organisations = await api.listOrganisations();
  } catch (error) {
    notify(errorText(/** @type {any} */ (error)), 'error');
    return;
  }
  if (organisations.length === 0) {
    outlet.append(emptyState(t('organisations.emptyTitle'), t('organisations.emptyText')));
    return;
  }
  const collator = new Intl.Collator('de');
  organisations.sort((a, b) => collator.compare(a.name, b.name));
  const rows = organisations.map((o) =>
    h('tr', {}, [
      h('td', { class: 'strong', dir: 'auto', text: o.name }),
      h('td', { text: o.municipality }),
      h('td', { dir: 'auto', text: o.description }),
    ]),
  );
  outlet.append(
    h('p', { class: 'count', text: t('organisations.count', { count: organisations.length }) }),
    h('div', { class: 'table-wrap' }, [
      h('table', { class: 'data-table', id: 'organisations-table' }, [
        h('thead', {}, [
          h('tr', {}, [
            h('th', { scope: 'col', text: t('organisations.name') }),
            h('th', { scope: 'col', text: t('organisations.municipality') }),
            h('th', { scope: 'col', text: t('organisations.description') }),
          ]),
        ]),
        h('tbody', {}, rows),
      ]),
    ]),
  );
}

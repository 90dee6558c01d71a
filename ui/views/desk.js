// Theke: checkout, return and renewal (a later issue); on an empty database
// it offers demo data.
import * as api from '../api.js';
import { emptyState, h, pageHeader } from '../components/dom.js';
import { notify } from '../components/toast.js';
import { errorText, t } from '../i18n/index.js';

/**
 * @param {HTMLElement} outlet
 * @param {{ status: import('../api.js').AppStatus, refresh: () => Promise<void> }} ctx
 */
export function render(outlet, ctx) {
  const parts = [pageHeader(t('desk.title'), t('desk.lead'))];
  if (ctx.status.empty) {
    const button = h('button', {
      type: 'button',
      class: 'button primary',
      id: 'load-demo',
      text: t('desk.loadDemo'),
      onClick: async () => {
        button.setAttribute('disabled', '');
        try {
          const summary = await api.loadDemoData();
          notify(t('desk.demoLoaded', { ...summary }));
          await ctx.refresh();
        } catch (error) {
          notify(errorText(/** @type {any} */ (error)), 'error');
          button.removeAttribute('disabled');
        }
      },
    });
    parts.push(emptyState(t('desk.welcomeTitle'), t('desk.welcomeText'), [button]));
  } else {
    parts.push(emptyState(t('desk.emptyTitle'), t('desk.emptyText')));
  }
  outlet.replaceChildren(...parts);
}

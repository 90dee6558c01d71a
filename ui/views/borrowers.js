// borrowers: filled by a later issue; until then it says what will be here.
import { emptyState, pageHeader } from '../components/dom.js';
import { t } from '../i18n/index.js';

/** @param {HTMLElement} outlet */
export function render(outlet) {
  outlet.replaceChildren(pageHeader(t('borrowers.title'), t('borrowers.lead')), emptyState(t('borrowers.emptyTitle'), t('borrowers.emptyText')));
}

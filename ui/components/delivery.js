// Tells the user where a printed or saved document went.
import { notify, notifyError } from './toast.js';
import { t } from '../i18n/index.js';

/**
 * Runs a document command and reports its outcome; cancelling a save
 * dialog says nothing.
 * @param {() => Promise<import('../api.js').Delivered>} produce
 */
export async function deliverDocument(produce) {
  try {
    const result = await produce();
    if (result.outcome !== 'cancelled') {
      notify(t(`delivery.${result.outcome}`, { path: result.path ?? '' }), result.outcome === 'written' ? 'info' : 'success');
    }
    for (const warning of result.warnings) notifyError(warning);
  } catch (error) {
    notifyError(error);
  }
}

// Einstellungen → Nummernkreise: the patterns of Inventarnummern and
// Ausweisnummern, with a preview of the next numbers while typing. The
// core checks a pattern (one counter, scanner-safe characters) and every
// collision (card and copy patterns that could meet, codes in use, the
// next number taken); the preview shows its refusal in words.
import * as api from '../api.js';
import { h } from './dom.js';
import { clearFieldErrors, formValues, showConflict, showError, textField } from './form.js';
import { notify, notifyError } from './toast.js';
import { errorText, t } from '../i18n/index.js';

const NAMES = /** @type {const} */ (['copy_barcode_pattern', 'card_number_pattern']);

/** The Nummernkreise section of the settings page. @returns {Promise<HTMLElement | null>} */
export async function numberingSection() {
  let current;
  try {
    current = await api.numberingPatterns();
  } catch (error) {
    notifyError(error);
    return null;
  }
  const section = h('section', { 'aria-labelledby': 'numbering-title', id: 'numbering-settings' });
  draw(section, current);
  return section;
}

/** @param {HTMLElement} section @param {import('../api.js').NumberingPreview} current */
function draw(section, current) {
  const preview = h('p', { id: 'numbering-preview', class: 'numbering-preview', 'aria-live': 'polite' });
  /** @param {import('../api.js').NumberingPreview} p */
  const showPreview = (p) => {
    preview.classList.remove('error');
    preview.textContent = t('numbering.preview', { barcode: p.next_barcode, card: p.next_card_number });
  };
  showPreview(current);
  const form = /** @type {HTMLFormElement} */ (
    h('form', { id: 'numbering-form', class: 'card form-grid', novalidate: true }, [
      textField({ name: 'copy_barcode_pattern', label: t('numbering.copyPattern'), value: current.patterns.copy_barcode }),
      textField({ name: 'card_number_pattern', label: t('numbering.cardPattern'), value: current.patterns.card_number }),
      h('p', { class: 'field-hint field-wide', text: t('numbering.hint') }),
      h('div', { class: 'field-wide' }, [preview]),
      h('div', { class: 'form-actions' }, [
        h('button', { type: 'submit', class: 'button primary', id: 'save-numbering', text: t('settings.save') }),
      ]),
    ])
  );
  const patterns = () => {
    const v = formValues(form, [...NAMES]);
    return { copy_barcode: v.copy_barcode_pattern, card_number: v.card_number_pattern };
  };
  // Each keystroke asks for a preview; an answer to an older text is dropped.
  let asked = 0;
  form.addEventListener('input', async () => {
    const mine = ++asked;
    try {
      const p = await api.previewNumberingPatterns(patterns());
      if (mine !== asked) return;
      showPreview(p);
      // A refusal of an earlier save no longer holds.
      clearFieldErrors(form);
    } catch (error) {
      if (mine !== asked) return;
      // Nor does it when the new text is refused for another reason: the
      // preview says why, the field shows the refusal of the next save.
      clearFieldErrors(form);
      preview.classList.add('error');
      preview.textContent = errorText(/** @type {import('../api.js').CommandError} */ (error));
    }
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    asked += 1;
    try {
      const saved = await api.saveNumberingPatterns(patterns(), current.version);
      notify(t('numbering.saved', { barcode: saved.next_barcode, card: saved.next_card_number }));
      draw(section, saved);
    } catch (error) {
      const e = /** @type {import('../api.js').CommandError} */ (error);
      // Saved on another PC since this form read them: say who, offer to reload.
      if (showConflict(form, e, async () => draw(section, await api.numberingPatterns()))) return;
      preview.classList.add('error');
      preview.textContent = errorText(e);
      if (!showError(form, e, errorText)) notifyError(e);
    }
  });
  section.replaceChildren(
    h('h2', { id: 'numbering-title', text: t('numbering.title') }),
    h('p', { class: 'section-lead', text: t('numbering.lead') }),
    form,
  );
}

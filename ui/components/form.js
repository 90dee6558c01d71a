// Form fields with a label, a hint and an error slot wired for screen readers.
import * as api from '../api.js';
import { errorText, t } from '../i18n/index.js';
import { h } from './dom.js';

/**
 * @param {{ name: string, label: string, value?: string, type?: string,
 *           required?: boolean, requiredText?: string, autocomplete?: string,
 *           inputmode?: string, maxlength?: number, wide?: boolean, hint?: string }} spec
 */
export function textField(spec) {
  const id = `field-${spec.name}`;
  const errorId = `${id}-error`;
  const input = h('input', {
    id,
    name: spec.name,
    type: spec.type ?? 'text',
    value: spec.value ?? '',
    required: spec.required ?? false,
    'aria-required': spec.required ? 'true' : null,
    'aria-describedby': spec.hint ? `${id}-hint ${errorId}` : errorId,
    autocomplete: spec.autocomplete ?? 'off',
    inputmode: spec.inputmode ?? null,
    maxlength: spec.maxlength ?? null,
  });
  return h('div', { class: `field${spec.wide ? ' field-wide' : ''}`, 'data-field': spec.name }, [
    h('label', { for: id }, [
      spec.label,
      spec.required ? h('span', { class: 'required', title: spec.requiredText ?? '', text: ' *' }) : null,
    ]),
    spec.hint ? h('p', { class: 'field-hint', id: `${id}-hint`, text: spec.hint }) : null,
    input,
    h('p', { id: errorId, class: 'field-error', 'aria-live': 'polite' }),
  ]);
}

/**
 * Shows `message` next to the field `name` of `form` and focuses it.
 * @param {HTMLFormElement} form
 * @param {string} name
 * @param {string} message
 */
export function showFieldError(form, name, message) {
  const wrapper = form.querySelector(`[data-field="${name}"]`);
  if (!wrapper) return false;
  wrapper.classList.add('has-error');
  const input = /** @type {HTMLInputElement} */ (wrapper.querySelector('input, select, textarea'));
  if (!input) return false;
  input.setAttribute('aria-invalid', 'true');
  const slot = wrapper.querySelector('.field-error');
  if (slot) slot.textContent = message;
  input.focus();
  return true;
}

/** @param {HTMLFormElement} form */
export function clearFieldErrors(form) {
  for (const wrapper of form.querySelectorAll('.has-error')) {
    wrapper.classList.remove('has-error');
    wrapper.querySelector('[aria-invalid]')?.removeAttribute('aria-invalid');
    const slot = wrapper.querySelector('.field-error');
    if (slot) slot.textContent = '';
  }
}

/**
 * The values of the named inputs of `form`.
 * @template {string} Name
 * @param {HTMLFormElement} form
 * @param {Name[]} names
 * @returns {Record<Name, string>}
 */
export function formValues(form, names) {
  const values = /** @type {Record<Name, string>} */ ({});
  for (const name of names) {
    const input = /** @type {HTMLInputElement | null} */ (form.elements.namedItem(name));
    values[name] = input ? input.value : '';
  }
  return values;
}

/**
 * A labelled select with an error slot.
 * @param {{ name: string, label: string, options: { value: string, label: string }[],
 *           value?: string, required?: boolean, wide?: boolean }} spec
 */
export function selectField(spec) {
  const id = `field-${spec.name}`;
  const select = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { id, name: spec.name, 'aria-describedby': `${id}-error`, 'aria-required': spec.required ? 'true' : null },
      spec.options.map((o) => h('option', { value: o.value, text: o.label })),
    )
  );
  select.value = spec.value ?? '';
  // The value drawn is the form's unchanged state (`unsavedForms`), also
  // when it is none of the options (nothing is chosen then).
  for (const o of select.options) o.defaultSelected = o.selected;
  select.dataset.drawnIndex = String(select.selectedIndex);
  return h('div', { class: `field${spec.wide ? ' field-wide' : ''}`, 'data-field': spec.name }, [
    h('label', { for: id, text: spec.label }),
    select,
    h('p', { id: `${id}-error`, class: 'field-error', 'aria-live': 'polite' }),
  ]);
}

/**
 * A labelled multi-line text field with an error slot.
 * @param {{ name: string, label: string, value?: string, rows?: number, hint?: string }} spec
 */
export function textareaField(spec) {
  const id = `field-${spec.name}`;
  const area = h('textarea', { id, name: spec.name, rows: String(spec.rows ?? 3), 'aria-describedby': `${id}-error` });
  area.textContent = spec.value ?? '';
  return h('div', { class: 'field field-wide', 'data-field': spec.name }, [
    h('label', { for: id, text: spec.label }),
    spec.hint ? h('p', { class: 'field-hint', text: spec.hint }) : null,
    area,
    h('p', { id: `${id}-error`, class: 'field-error', 'aria-live': 'polite' }),
  ]);
}

/**
 * A group of checkboxes (a fieldset with a legend) with an error slot.
 * @param {{ name: string, legend: string, options: { value: string, label: string }[], checked: string[] }} spec
 */
export function checkboxGroup(spec) {
  return h('fieldset', { class: 'field field-wide checkbox-group', 'data-field': spec.name }, [
    h('legend', { text: spec.legend }),
    h(
      'div',
      { class: 'checkbox-grid' },
      spec.options.map((o) =>
        h('label', { class: 'checkbox' }, [
          h('input', {
            type: 'checkbox',
            name: spec.name,
            value: o.value,
            checked: spec.checked.includes(o.value),
          }),
          ` ${o.label}`,
        ]),
      ),
    ),
    h('p', { class: 'field-error', 'aria-live': 'polite' }),
  ]);
}

/**
 * The values of checked boxes named `name` in `form`.
 * @param {HTMLFormElement} form
 * @param {string} name
 */
export function checkedValues(form, name) {
  return [...form.querySelectorAll(`input[type=checkbox][name="${name}"]:checked`)].map(
    (i) => /** @type {HTMLInputElement} */ (i).value,
  );
}

/**
 * Shows a refused save: next to the field when there is one, else as a
 * notification. Returns whether it went next to a field.
 * @param {HTMLFormElement} form
 * @param {import('../api.js').CommandError} error
 * @param {(e: import('../api.js').CommandError) => string} text
 */
export function showError(form, error, text) {
  return Boolean(error.field && showFieldError(form, error.field, text(error)));
}

/**
 * When a save was refused because someone saved the record on another
 * workstation since the form was filled (`changed_meanwhile`, the shared
 * database): says so above the form's buttons, naming who saved it when,
 * with "Neu laden", which draws the stored state. What was typed stays in
 * the form until then, to be copied. False for any other error. A change
 * made by a button (a block lifted, a status set) shows it in the
 * button's section.
 * @param {HTMLElement} form the form, or the section with the button
 * @param {import('../api.js').CommandError} error
 * @param {() => unknown} reload
 */
export function showConflict(form, error, reload) {
  if (error.code !== 'changed_meanwhile') return false;
  form.querySelector('.save-conflict')?.remove();
  // Given the buttons' row itself, the box stands just before it.
  if (form.matches('.form-actions') && form.previousElementSibling?.matches('.save-conflict')) form.previousElementSibling.remove();
  const button = h('button', { type: 'button', class: 'button', 'data-action': 'reload-record', text: t('database.reloadRecord') });
  button.addEventListener('click', () => reload());
  const box = h('div', { class: 'banner-block save-conflict', role: 'alert' }, [h('p', { text: errorText(error) }), button]);
  const actions = form.matches('.form-actions') ? form : form.querySelector('.form-actions');
  if (actions) actions.before(box);
  else form.append(box);
  box.scrollIntoView({ block: 'nearest' });
  return true;
}

/** Today's date in the computer's time zone as yyyy-mm-dd (toISOString would give the UTC day). */
export function todayIso() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * The version of a purpose's consent text that a person agrees to today
 * (the newest in Einstellungen → Datenschutz).
 * @param {'mediathek' | 'organisationsverzeichnis' | 'veranstaltungen' | 'fotos'} purpose
 * @returns {Promise<string>}
 */
export async function consentVersion(purpose) {
  const versions = await api.consentVersions();
  return versions[purpose];
}

/**
 * How many forms below `root` hold input that is not saved: a form (or a
 * part of the page marked `data-editable`, edited without a form) with a
 * field whose value differs from the one it was drawn with, or marked
 * `data-changed` (rows added or removed). Such parts are drawn again after
 * saving, so a saved one counts as unchanged.
 * @param {ParentNode} root
 */
export function unsavedForms(root) {
  return [...root.querySelectorAll('form, [data-editable]')].filter((part) =>
    part.hasAttribute('data-changed') ||
    [...part.querySelectorAll('input, textarea, select')].some((field) => {
      if (field instanceof HTMLSelectElement) {
        if (field.multiple) return [...field.options].some((o) => o.selected !== o.defaultSelected);
        // A single choice drawn without a chosen option shows its first
        // (or none, as `selectField` notes when its value was no option).
        const drawn = [...field.options].findIndex((o) => o.defaultSelected);
        if (drawn !== -1) return field.selectedIndex !== drawn;
        if (field.dataset.drawnIndex !== undefined) return field.selectedIndex !== Number(field.dataset.drawnIndex);
        return field.selectedIndex !== (field.options.length > 0 ? 0 : -1);
      }
      if (field instanceof HTMLInputElement && (field.type === 'checkbox' || field.type === 'radio')) return field.checked !== field.defaultChecked;
      const f = /** @type {HTMLInputElement | HTMLTextAreaElement} */ (field);
      return f.value !== f.defaultValue;
    }),
  ).length;
}

/**
 * Marks what a form shows as saved (its fields' drawn values become the
 * current ones), for a form that stays on the page after saving: so that
 * the page counts it as unchanged (`unsavedForms`).
 * @param {HTMLFormElement} form
 */
export function markSaved(form) {
  for (const field of form.querySelectorAll('input, textarea, select')) {
    if (field instanceof HTMLSelectElement) {
      for (const o of field.options) o.defaultSelected = o.selected;
      field.dataset.drawnIndex = String(field.selectedIndex);
    } else if (field instanceof HTMLInputElement && (field.type === 'checkbox' || field.type === 'radio')) field.defaultChecked = field.checked;
    else {
      const f = /** @type {HTMLInputElement | HTMLTextAreaElement} */ (field);
      f.defaultValue = f.value;
    }
  }
}

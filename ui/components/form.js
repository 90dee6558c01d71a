// Form fields with a label, a hint and an error slot wired for screen readers.
import { h } from './dom.js';

/**
 * @param {{ name: string, label: string, value?: string, type?: string,
 *           required?: boolean, requiredText?: string, autocomplete?: string,
 *           inputmode?: string, maxlength?: number, wide?: boolean }} spec
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
    'aria-describedby': errorId,
    autocomplete: spec.autocomplete ?? 'off',
    inputmode: spec.inputmode ?? null,
    maxlength: spec.maxlength ?? null,
  });
  return h('div', { class: `field${spec.wide ? ' field-wide' : ''}`, 'data-field': spec.name }, [
    h('label', { for: id }, [
      spec.label,
      spec.required ? h('span', { class: 'required', title: spec.requiredText ?? '', text: ' *' }) : null,
    ]),
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
  input?.setAttribute('aria-invalid', 'true');
  const slot = wrapper.querySelector('.field-error');
  if (slot) slot.textContent = message;
  input?.focus();
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
 * @param {HTMLFormElement} form
 * @param {string[]} names
 */
export function formValues(form, names) {
  /** @type {Record<string, string>} */
  const values = {};
  for (const name of names) {
    const input = /** @type {HTMLInputElement | null} */ (form.elements.namedItem(name));
    values[name] = input ? input.value : '';
  }
  return values;
}

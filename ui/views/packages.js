// Kurspakete: the media a course needs, and how many of each, lent at the
// desk in one step by scanning the package card. Staff list, add, change
// and delete packages here and print their cards. A part is added by
// scanning (or typing) any Inventarnummer of the medium, or by its title.
import * as api from '../api.js';
import { confirmingButton, h, pageHeader } from '../components/dom.js';
import { deliverDocument } from '../components/delivery.js';
import { clearFieldErrors, showError, textareaField, textField } from '../components/form.js';
import { notify, notifyError } from '../components/toast.js';
import { errorText, t } from '../i18n/index.js';
import { mediumFinder } from '../components/medium-finder.js';

/** @typedef {{ medium_id: number, title: string, quantity: number }} Part */

/** @param {HTMLElement} outlet @param {HTMLElement} tabs */
export function render(outlet, tabs) {
  const body = h('tbody');
  const table = h('table', { class: 'data-table', id: 'packages-table', 'aria-busy': 'true' }, [
    h('thead', {}, [
      h('tr', {}, [
        h('th', { scope: 'col', text: t('packages.name') }),
        h('th', { scope: 'col', text: t('packages.code') }),
        h('th', { scope: 'col', text: t('packages.parts') }),
        h('th', { scope: 'col', text: t('overdue.actions') }),
      ]),
    ]),
    body,
  ]);
  const editor = h('section', { class: 'card', id: 'package-editor', hidden: true });
  const add = h('button', { type: 'button', class: 'button primary', id: 'package-new', text: t('packages.new'), onClick: () => edit(null) });
  outlet.replaceChildren(
    h('div', { class: 'page-header-row' }, [pageHeader(t('packages.title'), t('packages.lead')), tabs]),
    h('div', { class: 'button-row' }, [add]),
    editor,
    h('div', { class: 'table-wrap' }, [table]),
  );

  const load = async () => {
    table.setAttribute('aria-busy', 'true');
    let packages;
    try {
      packages = await api.coursePackages();
    } catch (error) {
      notifyError(error);
      return;
    }
    body.replaceChildren(
      ...(packages.length
        ? packages.map((p) =>
            h('tr', { 'data-package': String(p.id) }, [
              h('td', {}, [h('span', { dir: 'auto', class: 'strong block', text: p.name }), p.note ? h('span', { dir: 'auto', class: 'secondary block', text: p.note }) : null]),
              h('td', { class: 'mono', text: p.code }),
              h('td', {}, [
                h('ul', { class: 'plain-list' }, p.parts.map((part) =>
                  h('li', { class: part.on_shelf < part.quantity ? 'short' : '' }, [
                    h('span', { dir: 'auto', text: `${part.quantity} × ${part.title}` }),
                    h('span', { class: 'secondary', text: ` · ${t('packages.onShelf', { count: part.on_shelf })}` }),
                  ]),
                )),
              ]),
              h('td', {}, [h('div', { class: 'button-row' }, [
                h('button', { type: 'button', class: 'button small', 'data-action': 'edit', text: t('packages.edit'), onClick: () => edit(p) }),
                h('button', {
                  type: 'button',
                  class: 'button small',
                  'data-action': 'card',
                  text: t('packages.printCard'),
                  onClick: () => deliverDocument(() => api.printPackageCards([p.id], 'three_by_eight', 1, 'open')),
                }),
                confirmingButton({ 'data-action': 'delete' }, t('packages.delete'), t('packages.deleteConfirm'), async () => {
                  try {
                    await api.deleteCoursePackage(p.id);
                    notify(t('packages.deleted', { name: p.name }));
                  } catch (error) {
                    notifyError(error);
                  }
                  await load();
                }),
              ])]),
            ]),
          )
        : [h('tr', {}, [h('td', { colspan: '4', class: 'secondary', text: t('packages.none') })])]),
    );
    table.setAttribute('aria-busy', 'false');
  };

  /**
   * The form for a new package (`pkg` null) or one to change.
   * @param {import('../api.js').CoursePackage | null} pkg
   */
  function edit(pkg) {
    /** @type {Part[]} */
    const parts = (pkg?.parts ?? []).map((p) => ({ medium_id: p.medium_id, title: p.title, quantity: p.quantity }));
    const partList = h('ul', { class: 'package-parts', id: 'package-parts' });
    const partError = h('p', { class: 'field-error', 'aria-live': 'polite' });
    const drawParts = () => {
      partList.replaceChildren(
        ...parts.map((part, i) => {
          const quantity = /** @type {HTMLInputElement} */ (
            h('input', { type: 'number', min: '1', max: '50', class: 'narrow', value: String(part.quantity), 'aria-label': t('packages.quantityOf', { title: part.title }) })
          );
          quantity.addEventListener('change', () => {
            part.quantity = Number(quantity.value);
          });
          return h('li', { 'data-medium': String(part.medium_id) }, [
            quantity,
            h('span', { dir: 'auto', text: ` × ${part.title} ` }),
            h('button', {
              type: 'button',
              class: 'button small',
              'data-action': 'remove',
              text: t('packages.remove'),
              onClick: () => {
                parts.splice(i, 1);
                drawParts();
              },
            }),
          ]);
        }),
      );
    };
    /** @param {number} mediumId @param {string} title */
    const addPart = (mediumId, title) => {
      const same = parts.find((p) => p.medium_id === mediumId);
      if (same) same.quantity += 1;
      else parts.push({ medium_id: mediumId, title, quantity: 1 });
      partError.textContent = '';
      drawParts();
    };
    const finder = mediumFinder({ id: 'package-part-find', describedBy: 'package-part-hint', onPick: (mediumId, title) => addPart(mediumId, title) });
    const form = /** @type {HTMLFormElement} */ (
      h('form', { id: 'package-form', novalidate: true }, [
        h('h2', { text: pkg ? t('packages.editTitle', { name: pkg.name }) : t('packages.new') }),
        textField({ name: 'name', label: t('packages.name'), value: pkg?.name ?? '', required: true, requiredText: t('settings.required'), maxlength: 200 }),
        textareaField({ name: 'note', label: t('packages.note'), value: pkg?.note ?? '' }),
        h('div', { class: 'field', 'data-field': 'parts' }, [
          h('label', { for: 'package-part-find', text: t('packages.parts') }),
          h('p', { class: 'field-hint', id: 'package-part-hint', text: t('packages.partHint') }),
          partList,
          finder.element,
          partError,
        ]),
        h('div', { class: 'form-actions' }, [
          h('button', { type: 'button', class: 'button', id: 'package-cancel-edit', text: t('packages.cancel'), onClick: () => close() }),
          h('button', { type: 'submit', class: 'button primary', id: 'package-save', text: t('packages.save') }),
        ]),
      ])
    );
    const close = () => {
      editor.hidden = true;
      editor.replaceChildren();
    };
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      const name = /** @type {HTMLInputElement} */ (form.elements.namedItem('name')).value;
      const note = /** @type {HTMLTextAreaElement} */ (form.elements.namedItem('note')).value;
      try {
        const saved = await api.saveCoursePackage(pkg?.id ?? null, {
          name,
          note,
          parts: parts.map((p) => ({ medium_id: p.medium_id, quantity: p.quantity })),
        });
        notify(t('packages.saved', { name: saved.name, code: saved.code }));
        close();
        await load();
      } catch (error) {
        const e = /** @type {import('../api.js').CommandError} */ (error);
        if (e.field === 'quantity' || e.field === 'parts') partError.textContent = errorText(e);
        else if (!showError(form, e, errorText)) notifyError(error);
      }
    });
    drawParts();
    editor.replaceChildren(form);
    editor.hidden = false;
    /** @type {HTMLInputElement} */ (form.elements.namedItem('name')).focus();
  }

  load();
  return true;
}

// A field that finds a medium: a scanned (or typed) Inventarnummer picks
// the copy's medium at once; other text lists the titles it finds, to
// pick from with a click. Used where staff name media for a course package
// or a workshop's material.
import * as api from '../api.js';
import { errorText, t } from '../i18n/index.js';
import { h } from './dom.js';

/**
 * @param {{ id: string, describedBy?: string, onPick: (mediumId: number, title: string) => void }} spec
 * @returns {{ input: HTMLInputElement, element: HTMLElement }}
 */
export function mediumFinder(spec) {
  const errorId = `${spec.id}-error`;
  const input = /** @type {HTMLInputElement} */ (
    h('input', { id: spec.id, type: 'text', autocomplete: 'off', 'aria-describedby': [spec.describedBy, errorId].filter(Boolean).join(' ') })
  );
  const found = h('ul', { class: 'suggestions', id: `${spec.id}-found`, hidden: true });
  const error = h('p', { class: 'field-error', id: errorId, 'aria-live': 'polite' });
  /** @param {number} mediumId @param {string} title */
  const pick = (mediumId, title) => {
    input.value = '';
    found.hidden = true;
    error.textContent = '';
    spec.onPick(mediumId, title);
    input.focus();
  };
  /** @param {unknown} failure */
  const say = (failure) => {
    error.textContent = errorText(/** @type {import('../api.js').CommandError} */ (failure));
  };
  input.addEventListener('keydown', async (event) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    error.textContent = '';
    try {
      const scanned = await api.deskScan(text);
      if (scanned.type === 'copy') {
        pick(scanned.copy.copy.medium_id, scanned.copy.title);
        return;
      }
    } catch (failure) {
      if (/** @type {import('../api.js').CommandError} */ (failure).code !== 'unknown_code') {
        say(failure);
        return;
      }
    }
    try {
      const page = await api.searchMedia({ text, limit: 8 });
      if (!page.rows.length) {
        error.textContent = t('packages.nothingFound', { text });
        return;
      }
      found.replaceChildren(
        ...page.rows.map((row) =>
          h('li', { 'data-medium': String(row.id) }, [
            h('button', { type: 'button', class: 'suggestion', onClick: () => pick(row.id, row.title) }, [
              h('span', { dir: 'auto', class: 'strong', text: row.title }),
              h('span', { class: 'secondary', text: ` ${row.kind} · ${t('packages.onShelf', { count: row.available })}` }),
            ]),
          ]),
        ),
      );
      found.hidden = false;
    } catch (failure) {
      say(failure);
    }
  });
  return { input, element: h('div', { class: 'medium-finder' }, [input, found, error]) };
}

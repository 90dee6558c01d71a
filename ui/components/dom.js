// Small helpers to build DOM without innerHTML (no markup from data, ever).

/**
 * Creates an element with attributes and children.
 * @param {string} tag
 * @param {Record<string, any>} [attrs] `class`, `text`, `on<Event>` handlers, other attributes
 * @param {(Node | string | null | undefined | false)[]} [children]
 * @returns {HTMLElement}
 */
export function h(tag, attrs = {}, children = []) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value == null || value === false) continue;
    if (key === 'text') el.textContent = value;
    else if (key === 'class') el.className = value;
    else if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  for (const child of children) {
    if (child == null || child === false) continue;
    el.append(child);
  }
  return el;
}

/**
 * The standard page head: h1 (focus target after navigation) and a lead line.
 * @param {string} title
 * @param {string} [lead]
 */
export function pageHeader(title, lead) {
  return h('header', { class: 'page-header' }, [
    h('h1', { tabindex: '-1', text: title }),
    lead ? h('p', { class: 'lead', text: lead }) : null,
  ]);
}

/**
 * An empty state: what will appear here and why it is empty now.
 * @param {string} title
 * @param {string} text
 * @param {Node[]} [actions]
 */
export function emptyState(title, text, actions = []) {
  return h('section', { class: 'empty-state' }, [
    h('div', { class: 'empty-mark', 'aria-hidden': 'true' }),
    h('h2', { text: title }),
    h('p', { text }),
    actions.length ? h('div', { class: 'actions' }, actions) : null,
  ]);
}

/**
 * Arrow down in a list's search box moves to the first row (Enter then
 * opens it), as in the catalogue, the borrowers and the directory.
 * @param {HTMLInputElement} search
 * @param {HTMLElement} body the table body whose rows have tabindex
 */
export function arrowDownToRows(search, body) {
  search.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') {
      /** @type {HTMLElement | null} */ (body.querySelector('tr[tabindex]'))?.focus();
      e.preventDefault();
    }
  });
}

/**
 * A button for an action that cannot be undone: the first click asks
 * ("Wirklich …?"), the second within five seconds acts.
 * @param {Record<string, any>} attrs id, class, data attributes
 * @param {string} label @param {string} confirmLabel
 * @param {() => Promise<void> | void} action
 */
export function confirmingButton(attrs, label, confirmLabel, action) {
  let armed = false;
  let timer = 0;
  const button = h('button', {
    type: 'button',
    class: 'button small',
    ...attrs,
    text: label,
    onClick: async () => {
      if (!armed) {
        armed = true;
        button.textContent = confirmLabel;
        button.classList.add('danger');
        timer = window.setTimeout(() => {
          armed = false;
          button.textContent = label;
          button.classList.remove('danger');
        }, 5000);
        return;
      }
      clearTimeout(timer);
      await action();
    },
  });
  return button;
}

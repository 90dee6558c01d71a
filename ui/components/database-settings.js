// Einstellungen → Datenbank: where this PC's data lives, the shared
// database IT names in the policy file, "Verbindung testen", which
// connects with TLS and says in German what is wrong, and the two ways
// onto the server: "Daten auf den Server übertragen" (the PC whose file
// holds the data) and "Mit dem Server verbinden" (every further PC). The
// password goes to the system's credential store, nowhere else.
import * as api from '../api.js';
import { ask } from './dialog.js';
import { h } from './dom.js';
import { clearFieldErrors, formValues, showFieldError, textField } from './form.js';
import { notify, notifyError } from './toast.js';
import { errorText, t } from '../i18n/index.js';

/** The form's fields, named as the core's errors name them. */
const FIELDS = /** @type {const} */ ([
  { name: 'server_host', key: 'host', wide: true, required: true },
  { name: 'server_port', key: 'port', inputmode: 'numeric', maxlength: 5, hint: 'portHint' },
  { name: 'server_database', key: 'name', required: true },
  { name: 'server_role', key: 'role', required: true },
  { name: 'server_ca_file', key: 'caFile', wide: true, hint: 'caFileHint' },
]);

/**
 * The section, or null when its data cannot be read (the error is shown).
 * @returns {Promise<HTMLElement | null>}
 */
export async function databaseSection() {
  let where;
  try {
    where = await api.databaseLocation();
  } catch (error) {
    notifyError(error);
    return null;
  }
  const policy = where.policy;
  // What IT set, else the server this PC works on.
  const known = policy ?? where.shared_settings;
  /** @type {Record<string, string>} */
  const preset = known
    ? {
        server_host: known.host,
        server_port: String(known.port),
        server_database: known.database,
        server_role: known.role,
        server_ca_file: known.ca_file ?? '',
      }
    : {};
  const result = h('p', { id: 'connection-result', class: 'connection-result', role: 'status', 'aria-live': 'polite' });
  const test = h('button', { type: 'submit', class: 'button primary', id: 'test-connection', text: t('database.test') });
  const pick = h('button', {
    type: 'button', class: 'button small', id: 'pick-ca-file', text: t('database.pickCaFile'), disabled: Boolean(policy),
    onClick: async () => {
      try {
        const path = await api.pickCaFile();
        const input = /** @type {HTMLInputElement | null} */ (form.elements.namedItem('server_ca_file'));
        if (path && input) input.value = path;
      } catch (error) {
        notifyError(error);
      }
    },
  });
  /**
   * A refusal: the sentence stands in the result (read out there); one
   * that belongs to a field is marked there too.
   * @param {unknown} error
   */
  const failed = (error) => {
    const e = /** @type {import('../api.js').CommandError} */ (error);
    result.classList.add('failed');
    result.textContent = errorText(e);
    if (e.field) showFieldError(form, e.field, errorText(e));
  };
  /** The connection and password as typed. */
  const typed = () => {
    const v = formValues(form, ['server_host', 'server_port', 'server_database', 'server_role', 'server_ca_file', 'server_password']);
    return {
      form: { host: v.server_host, port: v.server_port, database: v.server_database, role: v.server_role, ca_file: v.server_ca_file },
      password: v.server_password,
    };
  };
  /**
   * Runs a switch to the server after staff confirmed it, with the form
   * busy meanwhile; says what happened in the result line.
   * @param {'move' | 'join'} kind
   */
  const switchToServer = async (kind) => {
    const { form: connection, password } = typed();
    const server = `${connection.host.trim()}:${connection.port.trim() || '5432'}/${connection.database.trim()}`;
    if (!(await ask({ title: t(`database.${kind}Title`), message: t(`database.${kind}Question`, { server }), confirm: t(`database.${kind}`) }))) return;
    clearFieldErrors(form);
    result.className = 'connection-result';
    result.textContent = t(kind === 'move' ? 'database.moving' : 'database.joining');
    form.setAttribute('aria-busy', 'true');
    for (const b of [test, move, join]) b.setAttribute('disabled', '');
    try {
      const done = kind === 'move' ? await api.moveToServer(connection, password) : await api.connectToServer(connection, password);
      const rows = done.tables.reduce((sum, table) => sum + table.rows, 0);
      const text = kind === 'move'
        ? t('database.moved', { server: done.server, tables: done.tables.length, rows: rows.toLocaleString(t('app.locale')) })
        : t('database.joined', { server: done.server });
      result.classList.add('ok');
      result.textContent = text;
      notify(text, 'success');
      where_.textContent = t('database.shared', { server: done.server });
      fileLabel.textContent = t('database.fileKept');
      move.remove();
    } catch (error) {
      failed(error);
    } finally {
      form.removeAttribute('aria-busy');
      for (const b of [test, move, join]) b.removeAttribute('disabled');
    }
  };
  const move = h('button', { type: 'button', class: 'button', id: 'move-to-server', text: t('database.move'), onClick: () => switchToServer('move') });
  const join = h('button', { type: 'button', class: 'button', id: 'connect-to-server', text: t('database.join'), onClick: () => switchToServer('join') });
  const form = /** @type {HTMLFormElement} */ (
    h('form', { id: 'server-form', class: 'card form-grid', novalidate: true }, [
      ...FIELDS.map((f) => {
        const field = textField({
          name: f.name,
          label: t(`database.${f.key}`),
          value: preset[f.name] ?? '',
          required: 'required' in f ? f.required : false,
          requiredText: t('settings.required'),
          wide: 'wide' in f ? f.wide : false,
          inputmode: 'inputmode' in f ? f.inputmode : undefined,
          maxlength: 'maxlength' in f ? f.maxlength : undefined,
          hint: 'hint' in f ? t(`database.${f.hint}`) : undefined,
        });
        const input = /** @type {HTMLInputElement} */ (field.querySelector('input'));
        // What IT set in the policy file is shown, not changed here.
        if (policy) {
          input.readOnly = true;
          input.title = t('database.fromPolicy');
        }
        // "Datei wählen …" stands beside the CA's field.
        if (f.name === 'server_ca_file') {
          const row = h('div', { class: 'input-with-button' });
          input.replaceWith(row);
          row.append(input, pick);
        }
        return field;
      }),
      textField({ name: 'server_password', type: 'password', label: t('database.password'), value: '', autocomplete: 'off' }),
      // On the server: connect again (a new password), never move again.
      h('div', { class: 'form-actions' }, where.shared ? [test, join] : [test, move, join]),
      result,
    ])
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const { form: connection, password } = typed();
    result.className = 'connection-result';
    result.textContent = t('database.testing');
    form.setAttribute('aria-busy', 'true');
    test.setAttribute('disabled', '');
    try {
      const found = await api.testServerConnection(connection, password);
      const params = { server: found.server, role: found.role, supported: found.supported };
      result.classList.add('ok');
      if (found.state === 'empty') {
        result.textContent = t('database.okEmpty', params);
      } else if (found.version < found.supported) {
        result.textContent = t('database.okOlder', { ...params, version: found.version });
      } else {
        result.textContent = t('database.okReady', { ...params, version: found.version });
      }
    } catch (error) {
      failed(error);
    } finally {
      form.removeAttribute('aria-busy');
      test.removeAttribute('disabled');
    }
  });
  const where_ = h('p', { id: 'database-where', class: 'database-where', text: where.shared ? t('database.shared', { server: where.shared }) : t('database.local') });
  const fileLabel = h('dt', { text: t(where.shared ? 'database.fileKept' : 'database.file') });
  return h('section', { 'aria-labelledby': 'database-title' }, [
    h('h2', { id: 'database-title', text: t('database.title') }),
    h('div', { class: 'card' }, [
      where_,
      h('dl', { class: 'about' }, [fileLabel, h('dd', { class: 'path', id: 'database-file', text: where.file })]),
      policy ? h('p', { id: 'database-policy', text: t('database.policy', { server: `${policy.host}:${policy.port}/${policy.database}`, role: policy.role }) }) : null,
      where.policy_error ? h('p', { id: 'database-policy-error', class: 'error-message', role: 'alert', text: errorText(where.policy_error) }) : null,
    ]),
    h('p', { class: 'section-lead', text: t('database.lead') }),
    h('p', { class: 'section-lead', id: 'database-how', text: t('database.how') }),
    form,
  ]);
}

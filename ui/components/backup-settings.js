// Einstellungen → Sicherungen: "Jetzt sichern" with progress, the backup
// folder and how long backups and safety copies are kept, the list of
// backups with what they hold, keeping a safety copy on purpose, and
// restoring one from the list or from a file (after a question that names
// its moment and what it holds, with a safety copy).
import * as api from '../api.js';
import { deliverDocument } from './delivery.js';
import { ask } from './dialog.js';
import { h } from './dom.js';
import { clearFieldErrors, formValues, showError, textField } from './form.js';
import { notify, notifyError } from './toast.js';
import { errorText, formatDate, t } from '../i18n/index.js';

/** "26.11.2026, 09:30" from an ISO date-time. @param {string} iso */
function when(iso) {
  return `${formatDate(iso)}, ${iso.slice(11, 16)}`;
}

/** @param {number} bytes */
function size(bytes) {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

let listening = false;

/**
 * "Behalten" / "Nicht mehr behalten" for a safety copy or damaged file.
 * @param {string} fileName @param {boolean} kept @param {() => unknown} redraw
 */
export function keepButton(fileName, kept, redraw) {
  return h('button', {
    type: 'button', class: 'button small', 'data-action': kept ? 'release' : 'keep', text: kept ? t('backup.release') : t('backup.keep'),
    onClick: async () => {
      try {
        await api.keepSafetyCopy(fileName, !kept);
        notify(kept ? t('backup.released') : t('backup.keptNow'), 'success');
        await redraw();
      } catch (error) {
        notifyError(error);
      }
    },
  });
}

/**
 * The backup section of the settings page.
 * @param {() => Promise<void>} refresh redraws the page (and the app after a restore)
 */
export async function backupSection(refresh) {
  let o;
  try {
    o = await api.backupOverview();
  } catch (error) {
    const e = /** @type {import('../api.js').CommandError} */ (error);
    // On the shared database the section says who backs it up, and
    // offers the full export into a folder of this PC.
    if (e.code === 'backups_by_it') {
      return h('section', { 'aria-labelledby': 'backup-title' }, [
        h('h2', { id: 'backup-title', text: t('backup.title') }),
        h('p', { class: 'card', id: 'backups-by-it', text: errorText(e) }),
        h('p', { class: 'lead', id: 'backup-export-hint', text: t('backup.exportOnServer') }),
        h('div', { class: 'button-row' }, [
          h('button', { type: 'button', class: 'button', id: 'backup-export-all', text: t('backup.exportOnServerButton'), onClick: () => deliverDocument(() => api.exportAllData('save')) }),
        ]),
      ]);
    }
    notifyError(error);
    return null;
  }
  const progress = /** @type {HTMLProgressElement} */ (h('progress', { id: 'backup-progress', max: '1', value: '0', hidden: true }));
  if (!listening) {
    listening = true;
    api.onShellEvent('kiz://backup-progress', (payload) => {
      const bar = /** @type {HTMLProgressElement | null} */ (document.getElementById('backup-progress'));
      const p = /** @type {{ done: number, total: number }} */ (payload);
      if (bar && p.total > 0) {
        bar.max = p.total;
        bar.value = p.done;
      }
    });
  }
  const now = h('button', {
    type: 'button', class: 'button primary', id: 'backup-now', text: t('backup.now'),
    onClick: async () => {
      now.setAttribute('disabled', '');
      progress.hidden = false;
      try {
        const made = await api.backupNow();
        notify(t('backup.made', { name: made.file_name }), 'success');
        await refresh();
      } catch (error) {
        notifyError(error);
        await refresh();
      }
    },
  });
  const form = /** @type {HTMLFormElement} */ (
    h('form', { id: 'backup-form', class: 'form-grid', novalidate: true }, [
      textField({ name: 'backup_folder', label: t('backup.folder'), value: o.settings.folder, hint: t('backup.folderHint', { path: o.default_folder }), wide: true }),
      textField({ name: 'daily', label: t('backup.daily'), value: String(o.settings.retention.daily), type: 'number', inputmode: 'numeric' }),
      textField({ name: 'weekly', label: t('backup.weekly'), value: String(o.settings.retention.weekly), type: 'number', inputmode: 'numeric' }),
      textField({ name: 'monthly', label: t('backup.monthly'), value: String(o.settings.retention.monthly), type: 'number', inputmode: 'numeric' }),
      textField({ name: 'safety_days', label: t('backup.safetyDays'), value: String(o.settings.safety_days), type: 'number', inputmode: 'numeric', hint: t('backup.safetyDaysHint') }),
      h('div', { class: 'form-actions field-wide' }, [h('button', { type: 'submit', class: 'button', id: 'save-backup-settings', text: t('settings.save') })]),
    ])
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const v = formValues(form, ['backup_folder', 'daily', 'weekly', 'monthly', 'safety_days']);
    try {
      await api.saveBackupSettings({ folder: v.backup_folder, retention: { daily: Number(v.daily), weekly: Number(v.weekly), monthly: Number(v.monthly) }, safety_days: Number(v.safety_days) });
      notify(t('backup.settingsSaved'), 'success');
      await refresh();
    } catch (error) {
      const e = /** @type {any} */ (error);
      if (!showError(form, e, errorText)) notifyError(e);
    }
  });

  /**
   * Asks, naming the backup's moment and what it holds, then restores.
   * @param {import('../api.js').BackupInfo} b
   */
  const restore = async (b) => {
    const holds = b.contents
      ? t('backup.holds', { media: b.contents.media, loans: b.contents.loans, participants: b.contents.participants })
      : t('backup.holdsUnknown');
    const question = t('backup.restoreQuestion', { name: when(b.made_at), file: b.file_name, holds });
    if (!(await ask({ title: t('backup.restoreTitle'), message: question, confirm: t('backup.restore') }))) return;
    try {
      const safety = await api.restoreBackup(b.path);
      notify(t('backup.restored', { name: safety.file_name }), 'success');
      await refresh();
    } catch (error) {
      notifyError(error);
    }
  };

  return h('section', { 'aria-labelledby': 'backups-title', id: 'backups' }, [
    h('h2', { id: 'backups-title', text: t('backup.title') }),
    h('p', { class: 'section-lead', text: t('backup.lead', { path: o.folder }) }),
    o.warning ? h('p', { class: 'banner banner-warning', role: 'alert', id: 'backup-failed', text: errorText(o.warning) }) : null,
    h('div', { class: 'card' }, [
      h('div', { class: 'button-row' }, [
        now,
        h('button', {
          type: 'button', class: 'button', id: 'restore-from-file', text: t('backup.fromFile'),
          onClick: async () => {
            let picked;
            try {
              picked = await api.pickBackupFile();
            } catch (error) {
              notifyError(error);
              return;
            }
            if (picked) await restore(picked);
          },
        }),
        progress,
      ]),
      h('div', { class: 'table-wrap' }, [
        h('table', { class: 'data-table', id: 'backups-table' }, [
          h('thead', {}, [h('tr', {}, [t('backup.made_at'), t('backup.size'), t('backup.media'), t('backup.loans'), t('backup.participants'), ''].map((c, i) => h('th', { scope: 'col', class: i > 0 && i < 5 ? 'number' : null, text: c })))]),
          h('tbody', {}, o.backups.length
            ? o.backups.map((b) =>
                h('tr', { 'data-file': b.file_name }, [
                  h('td', {}, [
                    when(b.made_at),
                    b.before_restore ? h('span', { class: 'secondary', text: ` · ${t('backup.beforeRestore')}` }) : null,
                    b.kept ? h('span', { class: 'secondary', text: ` · ${t('backup.kept')}` }) : null,
                  ]),
                  h('td', { class: 'number', text: size(b.size) }),
                  h('td', { class: 'number', text: b.contents ? String(b.contents.media) : '–' }),
                  h('td', { class: 'number', text: b.contents ? String(b.contents.loans) : '–' }),
                  h('td', { class: 'number', text: b.contents ? String(b.contents.participants) : '–' }),
                  h('td', { class: 'nowrap' }, [
                    h('button', { type: 'button', class: 'button small', 'data-action': 'restore', text: t('backup.restore'), onClick: () => restore(b) }),
                    b.before_restore ? keepButton(b.file_name, b.kept, refresh) : null,
                  ]),
                ]),
              )
            : [h('tr', {}, [h('td', { colspan: '6', class: 'empty-row', text: t('backup.none') })])]),
        ]),
      ]),
    ]),
    h('div', { class: 'card' }, [form]),
  ]);
}

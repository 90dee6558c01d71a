// Einstellungen → Veröffentlichen: the folder the public site is written
// to, its languages and parts; a preview in the system's browser, and
// "Jetzt veröffentlichen" (a new folder swapped in: a reader never sees
// half a site). Shows when the site was last published.
import * as api from '../api.js';
import { h, pageHeader } from '../components/dom.js';
import { clearFieldErrors, markSaved, showFieldError } from '../components/form.js';
import { notify, notifyError } from '../components/toast.js';
import { errorText, formatMoment, SITE_LANGUAGES, t } from '../i18n/index.js';


/** @param {HTMLElement} outlet */
export async function render(outlet) {
  outlet.replaceChildren(pageHeader(t('publishSite.title'), t('publishSite.lead')), h('p', {}, [h('a', { href: '#/settings', text: t('publishSite.back') })]));
  /** @type {import('../api.js').PublishSettings} */
  let settings;
  try {
    settings = await api.publishSettings();
  } catch (error) {
    notifyError(error);
    return;
  }
  const folder = /** @type {HTMLInputElement} */ (h('input', { type: 'text', id: 'field-publish_folder', name: 'publish_folder', value: settings.folder, 'aria-describedby': 'field-publish_folder-hint field-publish_folder-error', class: 'path' }));
  const languageBoxes = SITE_LANGUAGES.map(([code, name]) =>
    h('label', { class: 'checkbox', lang: code }, [
      h('input', { type: 'checkbox', name: 'publish_languages', value: code, checked: code === 'de' || settings.options.languages.includes(code), disabled: code === 'de' }),
      ` ${name}`,
    ]),
  );
  const catalogue = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', id: 'field-publish_catalogue', checked: settings.options.catalogue }));
  const directory = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', id: 'field-publish_directory', checked: settings.options.directory }));
  const form = /** @type {HTMLFormElement} */ (
    h('form', { id: 'publish-form', class: 'card form-grid', novalidate: true }, [
      h('div', { class: 'field field-wide', 'data-field': 'publish_folder' }, [
        h('label', { for: 'field-publish_folder', text: t('publishSite.folder') }),
        h('p', { class: 'field-hint', id: 'field-publish_folder-hint', text: t('publishSite.folderHint') }),
        h('div', { class: 'button-row' }, [
          folder,
          h('button', {
            type: 'button',
            class: 'button',
            id: 'pick-publish-folder',
            text: t('publishSite.pick'),
            onClick: async () => {
              try {
                const picked = await api.pickPublishFolder();
                if (picked) folder.value = picked;
              } catch (error) {
                notifyError(error);
              }
            },
          }),
        ]),
        h('p', { id: 'field-publish_folder-error', class: 'field-error', 'aria-live': 'polite' }),
      ]),
      h('fieldset', { class: 'field field-wide checkbox-group', 'data-field': 'publish_languages' }, [
        h('legend', { text: t('publishSite.languages') }),
        h('div', { class: 'checkbox-grid' }, languageBoxes),
        h('p', { class: 'field-error', 'aria-live': 'polite' }),
      ]),
      h('fieldset', { class: 'field field-wide checkbox-group', 'data-field': 'publish_content' }, [
        h('legend', { text: t('publishSite.content') }),
        h('label', { class: 'checkbox', for: 'field-publish_catalogue' }, [catalogue, ` ${t('publishSite.catalogue')}`]),
        h('label', { class: 'checkbox', for: 'field-publish_directory' }, [directory, ` ${t('publishSite.directory')}`]),
        h('p', { class: 'field-error', 'aria-live': 'polite' }),
      ]),
      h('div', { class: 'form-actions field-wide' }, [h('button', { type: 'submit', class: 'button', id: 'save-publish-settings', text: t('settings.save') })]),
    ])
  );
  const last = h('p', { id: 'last-published', 'aria-live': 'polite' });
  const drawLast = (/** @type {string | null} */ at) => {
    last.textContent = at ? t('publishSite.lastAt', { at: formatMoment(at) }) : t('publishSite.never');
  };
  drawLast(settings.last_published_at);
  const result = h('p', { id: 'publish-result', class: 'secondary', 'aria-live': 'polite' });

  /** Saves the form; false (with the refusal shown) when it was refused. */
  const save = async () => {
    clearFieldErrors(form);
    /** @type {import('../api.js').SiteOptions} */
    const options = {
      languages: [...form.querySelectorAll('input[name=publish_languages]:checked')].map((box) => /** @type {HTMLInputElement} */ (box).value),
      catalogue: catalogue.checked,
      directory: directory.checked,
    };
    try {
      settings = await api.savePublishSettings(folder.value, options);
      folder.value = settings.folder;
      markSaved(form);
      return true;
    } catch (error) {
      const e = /** @type {import('../api.js').CommandError} */ (error);
      if (!(e.field && showFieldError(form, e.field, errorText(e)))) notifyError(e);
      return false;
    }
  };
  /** @param {import('../api.js').SiteSummary} s */
  const described = (s) => t('publishSite.summary', {
    files: String(s.files),
    size: (s.bytes / 1_000_000).toFixed(1).replace('.', ','),
    media: String(s.media),
    organisations: String(s.organisations),
    languages: s.languages.map((code) => SITE_LANGUAGES.find(([c]) => c === code)?.[1] ?? code).join(', '),
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (await save()) notify(t('publishSite.saved'), 'success');
  });
  const busy = (/** @type {boolean} */ on) => {
    for (const id of ['publish-now', 'preview-site']) {
      const button = /** @type {HTMLButtonElement | null} */ (outlet.querySelector(`#${id}`));
      if (button) button.disabled = on;
    }
  };
  const actions = h('div', { class: 'card' }, [
    last,
    h('div', { class: 'button-row' }, [
      h('button', {
        type: 'button',
        class: 'button',
        id: 'preview-site',
        text: t('publishSite.preview'),
        onClick: async () => {
          if (!(await save())) return;
          busy(true);
          try {
            const preview = await api.previewSite();
            result.textContent = `${t(preview.outcome === 'opened' ? 'publishSite.previewOpened' : 'publishSite.previewWritten', { path: preview.path })} ${described(preview.summary)}`;
          } catch (error) {
            notifyError(error);
          } finally {
            busy(false);
          }
        },
      }),
      h('button', {
        type: 'button',
        class: 'button primary',
        id: 'publish-now',
        text: t('publishSite.publishNow'),
        onClick: async () => {
          if (!(await save())) return;
          busy(true);
          try {
            const summary = await api.publishSite();
            result.textContent = `${t('publishSite.published', { folder: summary.folder })} ${described(summary)}`;
            notify(t('publishSite.publishedShort'), 'success');
            drawLast((await api.publishSettings()).last_published_at);
          } catch (error) {
            const e = /** @type {import('../api.js').CommandError} */ (error);
            if (!(e.field && showFieldError(form, e.field, errorText(e)))) notifyError(e);
          } finally {
            busy(false);
          }
        },
      }),
    ]),
    result,
  ]);
  outlet.append(form, actions);
}

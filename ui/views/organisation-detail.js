// One organisation: tabs Überblick (the form), Angebote, Ansprechpersonen,
// Projekte, Notizen (timeline and member counts), Öffentlich (what the
// centre's public site shows of it).
import * as api from '../api.js';
import { confirmingButton, h, pageHeader } from '../components/dom.js';
import { checkboxGroup, checkedValues, clearFieldErrors, formValues, markSaved, selectField, showConflict, showError, textareaField, textField, todayIso, consentVersion } from '../components/form.js';
import { redrawOnChange } from '../components/live.js';
import { personActions } from '../components/person-actions.js';
import { notify, notifyError } from '../components/toast.js';
import { errorText, formatDate, SITE_LANGUAGES, t } from '../i18n/index.js';

const TABS = ['overview', 'offerings', 'contacts', 'projects', 'notes', 'public'];
/** The fields an organisation may show besides its name, in the form's order. */
const PUBLIC_FIELDS = /** @type {const} */ (['municipality', 'languages', 'offerings', 'website', 'email', 'phone', 'contacts']);
const STATUSES = ['kontakt', 'aktiv', 'ruhend'];
const NOTE_KINDS = ['anruf', 'besuch', 'vereinbarung', 'email', 'notiz'];

/** The tables an organisation's page shows. */
const ORGANISATION_TABLES = ['organisation', 'organisation_language', 'organisation_kind', 'member_count', 'organisation_note', 'offering', 'offering_language', 'offering_kind', 'contact', 'contact_role', 'contact_language', 'project', 'project_partner', 'organisation_public_text'];

/**
 * @param {HTMLElement} outlet
 * @param {import('../api.js').DirectoryOptions} options
 * @param {number | null} id
 * @param {string} tab
 * @param {(page: import('../api.js').OrganisationPage) => boolean} [decide] after reading: whether to draw (the live view)
 */
export async function render(outlet, options, id, tab, decide) {
  /** @type {import('../api.js').OrganisationPage | null} */
  let page = null;
  if (id != null) {
    try {
      page = await api.getOrganisation(id);
    } catch (error) {
      if (decide) return false;
      notifyError(error);
      return false;
    }
    if (decide && !decide(page)) return false;
  }
  const current = TABS.includes(tab) ? tab : 'overview';
  const o = page?.organisation ?? null;
  const header = pageHeader(o ? o.name : t('organisations.newTitle'), o ? [o.kind?.name, o.municipality, o.archived_on ? t('organisations.archived') : '', page?.published ? t('organisations.publicBadge') : ''].filter(Boolean).join(' · ') : t('organisations.newLead'));
  const tabBar = o
    ? h('nav', { class: 'tabs detail-tabs', 'aria-label': t('organisations.detailTabs') }, TABS.map((key) =>
        h('a', { href: `#/organisations/${o.id}/${key}`, id: `org-tab-${key}`, class: 'tab', 'aria-current': key === current ? 'page' : null, text: t(`organisations.tab.${key}`) }),
      ))
    : null;
  const body = h('div', { class: 'tab-body' });
  outlet.replaceChildren(...[header, tabBar, body].filter((x) => x != null));
  const reload = () => render(outlet, options, id, current);
  // Another PC changed this organisation, its offerings, contacts,
  // projects or notes, or the kinds (the shared database): the page is
  // drawn again with the lists of kinds read again, unless something
  // typed here is not saved yet.
  const shown = JSON.stringify([page, options]);
  if (o) {
    redrawOnChange(body, ORGANISATION_TABLES, async (decide) => {
      let fresh;
      try {
        fresh = await api.directoryOptions();
      } catch {
        return;
      }
      await render(outlet, fresh, id, current, (read) => decide(JSON.stringify([read, fresh]) !== shown));
    });
  }
  if (!o || current === 'overview') return overview(body, options, o, page, reload);
  if (current === 'offerings') return offerings(body, options, o, reload);
  if (current === 'contacts') return contacts(body, options, o, page?.contacts ?? [], reload);
  if (current === 'projects') return projectsTab(body, page?.projects ?? []);
  if (current === 'public') return publicTab(body, o, options, reload);
  return notes(body, o, reload);
}

/**
 * @param {HTMLElement} body @param {import('../api.js').DirectoryOptions} options
 * @param {import('../api.js').Organisation | null} o @param {import('../api.js').OrganisationPage | null} page
 * @param {() => unknown} reload draws the stored state again
 */
function overview(body, options, o, page, reload) {
  // The version the form shows; the form stays after a save, so it follows the saves.
  let version = o ? o.saved.version : null;
  const form = /** @type {HTMLFormElement} */ (
    h('form', { id: 'organisation-form', class: 'card form-grid', novalidate: true }, [
      textField({ name: 'name', label: t('organisations.name'), value: o?.name, required: true, requiredText: t('settings.required'), wide: true }),
      textField({ name: 'short_name', label: t('organisations.shortName'), value: o?.short_name }),
      selectField({ name: 'kind', label: t('organisations.kind'), value: o?.kind ? String(o.kind.id) : '', options: [{ value: '', label: '–' }, ...options.kinds.map((k) => ({ value: String(k.id), label: k.name }))] }),
      selectField({ name: 'municipality', label: t('organisations.municipality'), value: o?.municipality ?? '', options: [{ value: '', label: '–' }, ...options.municipalities.map((m) => ({ value: m, label: m }))] }),
      selectField({ name: 'status', label: t('organisations.status'), value: o?.status ?? 'kontakt', options: STATUSES.map((s) => ({ value: s, label: t(`orgStatus.${s}`) })) }),
      checkboxGroup({ name: 'languages', legend: t('organisations.languages'), options: options.languages.map((l) => ({ value: l.code, label: l.name })), checked: o?.languages ?? [] }),
      textField({ name: 'street', label: t('settings.street'), value: o?.street }),
      textField({ name: 'postal_code', label: t('settings.postal_code'), value: o?.postal_code, inputmode: 'numeric', maxlength: 5 }),
      textField({ name: 'city', label: t('settings.city'), value: o?.city }),
      textField({ name: 'register_number', label: t('organisations.registerNumber'), value: o?.register_number }),
      textField({ name: 'email', label: t('settings.email'), value: o?.email, type: 'email' }),
      textField({ name: 'phone', label: t('settings.phone'), value: o?.phone, type: 'tel' }),
      textField({ name: 'website', label: t('settings.website'), value: o?.website, wide: true }),
      h('label', { class: 'checkbox field-wide', for: 'field-has_rooms' }, [h('input', { type: 'checkbox', id: 'field-has_rooms', name: 'has_rooms', checked: o?.has_rooms ?? false }), ` ${t('organisations.hasRooms')}`]),
      textField({ name: 'rooms_description', label: t('organisations.roomsDescription'), value: o?.rooms_description, wide: true }),
      textareaField({ name: 'notes', label: t('organisations.notes'), value: o?.notes }),
      h('div', { class: 'form-actions field-wide' }, [h('button', { type: 'submit', class: 'button primary', id: 'save-organisation' }, [t('settings.save'), h('kbd', { class: 'button-key', text: t('shortcuts.ctrl', { key: 'S' }) })])]),
    ])
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const v = formValues(form, ['name', 'short_name', 'kind', 'municipality', 'status', 'street', 'postal_code', 'city', 'register_number', 'email', 'phone', 'website', 'rooms_description', 'notes']);
    /** @type {import('../api.js').OrganisationInput} */
    const input = {
      name: v.name,
      short_name: v.short_name,
      kind_id: v.kind ? Number(v.kind) : null,
      register_number: v.register_number,
      languages: checkedValues(form, 'languages'),
      municipality: v.municipality,
      street: v.street,
      postal_code: v.postal_code,
      city: v.city,
      has_rooms: /** @type {HTMLInputElement} */ (form.querySelector('#field-has_rooms')).checked,
      rooms_description: v.rooms_description,
      website: v.website,
      email: v.email,
      phone: v.phone,
      status: v.status,
      notes: v.notes,
      version,
    };
    try {
      const saved = await api.saveOrganisation(o?.id ?? null, input);
      version = saved.saved.version;
      markSaved(form);
      form.querySelector('.save-conflict')?.remove();
      notify(t('organisations.saved', { name: saved.name }), 'success');
      if (!o) location.hash = `#/organisations/${saved.id}/offerings`;
    } catch (error) {
      const e = /** @type {import('../api.js').CommandError} */ (error);
      if (o && showConflict(form, e, reload)) return;
      if (!showError(form, e, errorText)) notifyError(e);
    }
  });
  /** @type {HTMLElement[]} */
  const parts = [form];
  if (o) {
    parts.push(
      h('div', { class: 'card button-row danger-zone' }, [
        h('button', {
          type: 'button',
          class: 'button',
          id: 'archive-organisation',
          text: o.archived_on ? t('organisations.unarchive') : t('organisations.archive'),
          onClick: async () => {
            try {
              await api.setOrganisationArchived(o.id, !o.archived_on);
              notify(o.archived_on ? t('organisations.unarchived') : t('organisations.archivedDone'), 'success');
              location.hash = '#/organisations';
            } catch (error) {
              notifyError(error);
            }
          },
        }),
        confirmingButton({ id: 'delete-organisation', class: 'button' }, t('organisations.delete'), t('organisations.reallyDelete'), async () => {
          try {
            await api.deleteOrganisation(o.id);
            notify(t('organisations.deleted'), 'success');
            location.hash = '#/organisations';
          } catch (error) {
            notifyError(error);
          }
        }),
      ]),
    );
    void page;
  }
  body.replaceChildren(...parts);
  /** @type {HTMLElement | null} */ (form.querySelector('#field-name'))?.focus();
  return true;
}

/**
 * What the public site shows of the organisation: the switch, the fields
 * besides the name, its descriptions in the site's languages, and a
 * preview of the entry as stored. A contact person is shown only with her
 * own consent (recorded on the tab Ansprechpersonen).
 * @param {HTMLElement} body @param {import('../api.js').Organisation} o
 * @param {import('../api.js').DirectoryOptions} options @param {() => unknown} reload
 */
async function publicTab(body, o, options, reload) {
  /** @type {import('../api.js').PublicationPage} */
  let page;
  try {
    page = await api.organisationPublication(o.id);
  } catch (error) {
    notifyError(error);
    return false;
  }
  let version = page.saved.version;
  const languageName = (/** @type {string} */ code) => options.languages.find((l) => l.code === code)?.name ?? code;
  /** @type {Record<string, string>} */
  const current = {
    municipality: o.municipality,
    languages: o.languages.map(languageName).join(', '),
    offerings: String(o.offerings.filter((f) => f.active).length),
    website: o.website,
    email: o.email,
    phone: o.phone,
    contacts: '',
  };
  const text = (/** @type {string} */ language) => page.publication.texts.find((x) => x.language === language)?.body ?? '';
  const published = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', id: 'field-published', name: 'published', checked: page.publication.published }));
  const form = /** @type {HTMLFormElement} */ (
    h('form', { id: 'publication-form', class: 'card form-grid', novalidate: true }, [
      h('p', { class: 'section-lead field-wide', text: t('publicEntry.lead') }),
      h('label', { class: 'checkbox field-wide', for: 'field-published' }, [published, ` ${t('publicEntry.published')}`]),
      checkboxGroup({
        name: 'public_fields',
        legend: t('publicEntry.fields'),
        options: PUBLIC_FIELDS.map((f) => ({ value: f, label: current[f] ? t('publicEntry.fieldWithValue', { field: t(`publicEntry.field.${f}`), value: f === 'offerings' ? t('publicEntry.activeOfferings', { count: current[f] }) : current[f] }) : t(`publicEntry.field.${f}`) })),
        checked: page.publication.fields,
      }),
      h('fieldset', { class: 'field field-wide' }, [
        h('legend', { text: t('publicEntry.texts') }),
        h('p', { class: 'field-hint', text: t('publicEntry.textsHint') }),
        ...SITE_LANGUAGES.map(([code, name]) => {
          const field = textareaField({ name: `public_text_${code}`, label: name, value: text(code) });
          const area = field.querySelector('textarea');
          area?.setAttribute('lang', code);
          area?.setAttribute('dir', code === 'ar' ? 'rtl' : 'ltr');
          field.querySelector('label')?.setAttribute('lang', code);
          return field;
        }),
      ]),
      h('div', { class: 'form-actions field-wide' }, [h('button', { type: 'submit', class: 'button primary', id: 'save-publication', text: t('settings.save') })]),
    ])
  );
  const preview = h('section', { class: 'card', id: 'public-preview', 'aria-labelledby': 'public-preview-title' });
  const drawPreview = (/** @type {import('../api.js').PublicEntry | null} */ entry) => {
    const title = h('h2', { id: 'public-preview-title', text: t('publicEntry.preview') });
    if (!entry) {
      preview.replaceChildren(title, h('p', { class: 'secondary', id: 'public-preview-none', text: t('publicEntry.notShown') }));
      return;
    }
    /** @type {[string, string][]} */
    const facts = [
      [t('publicEntry.field.municipality'), entry.municipality],
      [t('publicEntry.field.languages'), entry.languages.map(languageName).join(', ')],
      [t('publicEntry.field.website'), entry.website],
      [t('publicEntry.field.email'), entry.email],
      [t('publicEntry.field.phone'), entry.phone],
    ];
    const german = entry.texts.find((x) => x.language === 'de')?.body ?? '';
    preview.replaceChildren(
      title,
      h('p', { class: 'badge', text: t('organisations.publicBadge') }),
      h('h3', { text: entry.name }),
      german ? h('p', { text: german }) : '',
      h('dl', { class: 'about' }, facts.filter(([, value]) => value).flatMap(([label, value]) => [h('dt', { text: label }), h('dd', { text: value })])),
      entry.offerings.length
        ? h('ul', {}, entry.offerings.map((f) => h('li', { text: [f.title ? `${f.title} (${f.kind})` : f.kind, f.schedule, f.place].filter(Boolean).join(' · ') })))
        : '',
      entry.contacts.length
        ? h('ul', { id: 'public-preview-contacts' }, entry.contacts.map((c) => h('li', { text: [c.role ? `${c.name} (${c.role})` : c.name, c.email, c.phone].filter(Boolean).join(' · ') })))
        : '',
      h('p', { class: 'secondary', text: t('publicEntry.noContacts') }),
    );
  };
  drawPreview(page.preview);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const values = formValues(form, SITE_LANGUAGES.map(([code]) => `public_text_${code}`));
    /** @type {import('../api.js').PublicationInput} */
    const input = {
      published: published.checked,
      fields: /** @type {import('../api.js').PublicField[]} */ (checkedValues(form, 'public_fields')),
      texts: SITE_LANGUAGES.map(([code]) => ({ language: code, body: values[`public_text_${code}`] })),
      version,
    };
    try {
      const saved = await api.savePublication(o.id, input);
      version = saved.saved.version;
      page = saved;
      markSaved(form);
      form.querySelector('.save-conflict')?.remove();
      drawPreview(saved.preview);
      notify(saved.publication.published ? t('publicEntry.savedShown', { name: o.name }) : t('publicEntry.savedHidden', { name: o.name }), 'success');
    } catch (error) {
      const e = /** @type {import('../api.js').CommandError} */ (error);
      if (showConflict(form, e, reload)) return;
      if (!showError(form, e, errorText)) notifyError(e);
    }
  });
  body.replaceChildren(form, preview);
  return true;
}

/**
 * @param {HTMLElement} body @param {import('../api.js').DirectoryOptions} options
 * @param {import('../api.js').Organisation} o @param {() => void} reload
 */
function offerings(body, options, o, reload) {
  /** The offering being edited in the form below, or null for a new one. @type {import('../api.js').Offering | null} */
  let editing = null;
  const list = h('div', { class: 'table-wrap' }, [
    h('table', { class: 'data-table', id: 'offerings-table' }, [
      h('thead', {}, [h('tr', {}, [t('organisations.offering'), t('organisations.targetGroup'), t('catalogue.languages'), t('organisations.schedule'), t('organisations.place'), ''].map((c) => h('th', { scope: 'col', text: c })))]),
      h('tbody', {}, o.offerings.length
        ? o.offerings.map((f) =>
            h('tr', { class: f.active ? '' : 'archived' }, [
              h('td', {}, [h('span', { class: 'strong block', text: f.title || f.kind.name }), f.title ? h('span', { class: 'secondary', text: f.kind.name }) : null]),
              h('td', { text: f.target_group }),
              h('td', { text: f.languages.map((c) => options.languages.find((l) => l.code === c)?.name ?? c).join(', ') }),
              h('td', { text: f.schedule }),
              h('td', { text: f.place }),
              h('td', {}, [h('div', { class: 'actions-cell' }, [
                h('button', { type: 'button', class: 'button small', 'data-edit-offering': String(f.id), text: t('organisations.edit'), onClick: () => edit(f) }),
                h('button', {
                  type: 'button',
                  class: 'button small',
                  'data-toggle-offering': String(f.id),
                  text: f.active ? t('organisations.deactivate') : t('organisations.activate'),
                  onClick: async () => {
                    try {
                      await api.saveOffering(o.id, f.id, { kind_id: f.kind.id, title: f.title, target_group: f.target_group, languages: f.languages, schedule: f.schedule, place: f.place, active: !f.active, version: f.saved.version });
                      reload();
                    } catch (error) {
                      notifyError(error);
                    }
                  },
                }),
                h('button', { type: 'button', class: 'button small', text: t('organisations.remove'), onClick: async () => { await api.deleteOffering(f.id); reload(); } }),
              ])]),
            ]),
          )
        : [h('tr', {}, [h('td', { colspan: '6', class: 'empty-row', text: t('organisations.noOfferings') })])]),
    ]),
  ]);
  const heading = h('h3', { class: 'field-wide', id: 'offering-form-title', text: t('organisations.newOffering') });
  const submit = h('button', { type: 'submit', class: 'button primary', id: 'add-offering', text: t('organisations.addOffering') });
  const cancel = h('button', { type: 'button', class: 'button', id: 'cancel-offering', hidden: true, text: t('organisations.cancelEdit'), onClick: () => edit(null) });
  const form = /** @type {HTMLFormElement} */ (
    h('form', { id: 'offering-form', class: 'card form-grid', novalidate: true, 'aria-labelledby': 'offering-form-title' }, [
      heading,
      selectField({ name: 'offering_kind', label: t('organisations.offering'), value: String(options.offering_kinds[0]?.id ?? ''), options: options.offering_kinds.map((k) => ({ value: String(k.id), label: k.name })) }),
      textField({ name: 'offering_title', label: t('organisations.offeringTitle'), value: '' }),
      textField({ name: 'target_group', label: t('organisations.targetGroup'), value: '' }),
      textField({ name: 'schedule', label: t('organisations.schedule'), value: '' }),
      textField({ name: 'place', label: t('organisations.place'), value: '', wide: true }),
      checkboxGroup({ name: 'offering_languages', legend: t('organisations.offeringLanguages'), options: options.languages.map((l) => ({ value: l.code, label: l.name })), checked: [] }),
      h('div', { class: 'form-actions field-wide' }, [submit, cancel]),
    ])
  );
  /** Puts an offering (or an empty one) into the form. @param {import('../api.js').Offering | null} f */
  const edit = (f) => {
    editing = f;
    clearFieldErrors(form);
    const field = (/** @type {string} */ name) => /** @type {HTMLInputElement} */ (form.elements.namedItem(name));
    field('offering_kind').value = String(f?.kind.id ?? options.offering_kinds[0]?.id ?? '');
    field('offering_title').value = f?.title ?? '';
    field('target_group').value = f?.target_group ?? '';
    field('schedule').value = f?.schedule ?? '';
    field('place').value = f?.place ?? '';
    for (const box of /** @type {NodeListOf<HTMLInputElement>} */ (form.querySelectorAll('input[name="offering_languages"]'))) box.checked = f?.languages.includes(box.value) ?? false;
    heading.textContent = f ? t('organisations.editOffering') : t('organisations.newOffering');
    submit.textContent = f ? t('organisations.saveChanges') : t('organisations.addOffering');
    cancel.hidden = !f;
    field('offering_kind').focus();
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const v = formValues(form, ['offering_kind', 'offering_title', 'target_group', 'schedule', 'place']);
    try {
      await api.saveOffering(o.id, editing?.id ?? null, {
        kind_id: Number(v.offering_kind),
        title: v.offering_title,
        target_group: v.target_group,
        languages: checkedValues(form, 'offering_languages'),
        schedule: v.schedule,
        place: v.place,
        active: editing?.active ?? true,
        version: editing?.saved.version ?? null,
      });
      notify(editing ? t('organisations.offeringSaved') : t('organisations.offeringAdded'), 'success');
      reload();
    } catch (error) {
      const e = /** @type {any} */ (error);
      if (editing && showConflict(form, e, reload)) return;
      const field = { title: 'offering_title', languages: 'offering_languages' }[/** @type {string} */ (e.field)] ?? e.field;
      if (!showError(form, { ...e, field }, errorText)) notifyError(e);
    }
  });
  body.replaceChildren(list, form);
  return false;
}

/**
 * The fields of a role: its name and the days it starts (today unless
 * chosen) and ends; `prefix` keeps the ids of several forms apart.
 * @param {string} prefix @param {import('../api.js').ContactRole | null} role
 */
function roleFields(prefix, role) {
  return [
    textField({ name: `${prefix}role`, label: t('organisations.role'), value: role?.role ?? '' }),
    textField({ name: `${prefix}started_on`, label: t('organisations.startedOn'), value: role ? role.started_on ?? '' : todayIso(), type: 'date' }),
    textField({ name: `${prefix}ended_on`, label: t('organisations.endedOn'), value: role?.ended_on ?? '', type: 'date' }),
  ];
}

/** @param {HTMLFormElement} form @param {string} prefix */
function roleValues(form, prefix) {
  const v = formValues(form, [`${prefix}role`, `${prefix}started_on`, `${prefix}ended_on`]);
  return { role: v[`${prefix}role`], started_on: v[`${prefix}started_on`] || null, ended_on: v[`${prefix}ended_on`] || null };
}

/**
 * Shows a refused role next to its field in a form whose role fields carry
 * `prefix`; false when the error belongs to no field there.
 * @param {HTMLFormElement} form @param {string} prefix @param {any} e
 * @param {Record<string, string>} [more] further field names of the core -> of the form
 */
function showRoleError(form, prefix, e, more = {}) {
  const ownField = { role: `${prefix}role`, started_on: `${prefix}started_on`, ended_on: `${prefix}ended_on`, ...more }[/** @type {string} */ (e.field)] ?? e.field;
  return showError(form, { ...e, field: ownField }, errorText);
}

/** The role's period in words. @param {import('../api.js').ContactRole} role */
function rolePeriod(role) {
  if (role.started_on && role.ended_on) return t('organisations.period', { from: formatDate(role.started_on), to: formatDate(role.ended_on) });
  if (role.ended_on) return t('organisations.roleEnded', { date: formatDate(role.ended_on) });
  if (role.started_on) return t('organisations.since', { date: formatDate(role.started_on) });
  return '';
}

/** Ended before today: a former role. @param {import('../api.js').ContactRole} role */
const isFormer = (role) => role.ended_on != null && role.ended_on < todayIso();

/** The organisations where a person has a current role, by name. @param {import('../api.js').Contact} c @param {number} [except] */
const currentOrganisations = (c, except) => [...new Set(c.roles.filter((r) => !isFormer(r) && r.organisation_id !== except).map((r) => r.organisation_name))];

/**
 * A contact person's consent to be shown on the public site (name, role,
 * e-mail, phone): when given and to which text, recorded or withdrawn.
 * @param {import('../api.js').Contact} c @param {() => unknown} reload
 */
function publicConsent(c, reload) {
  const state = h('p', {
    id: 'contact-public-consent',
    text: c.public_consent
      ? t('publicEntry.contactAgreed', { date: formatDate(c.public_consent.given_on), version: c.public_consent.text_version })
      : t('publicEntry.contactNotAgreed'),
  });
  const part = h('div', { class: 'card' }, [
    h('h3', { text: t('publicEntry.contactTitle') }),
    state,
    h('button', {
      type: 'button',
      class: 'button',
      id: 'toggle-public-consent',
      text: c.public_consent ? t('publicEntry.contactWithdraw') : t('publicEntry.contactRecord'),
      onClick: async () => {
        try {
          await api.setContactPublicConsent(c.id, !c.public_consent, c.saved.version);
          notify(c.public_consent ? t('publicEntry.contactWithdrawn', { name: c.name }) : t('publicEntry.contactRecorded', { name: c.name }), 'success');
          await reload();
        } catch (error) {
          const e = /** @type {import('../api.js').CommandError} */ (error);
          if (showConflict(part, e, reload)) return;
          notifyError(e);
        }
      },
    }),
  ]);
  return part;
}

/**
 * @param {HTMLElement} body @param {import('../api.js').DirectoryOptions} options
 * @param {import('../api.js').Organisation} o
 * @param {[import('../api.js').ContactRole, import('../api.js').Contact][]} people @param {() => void} reload
 */
function contacts(body, options, o, people, reload) {
  const languageOptions = options.languages.map((l) => ({ value: l.code, label: l.name }));
  // The data-protection actions of one contact (access report, consent
  // form, "Person löschen"), shown below the table for the chosen row.
  const privacy = h('div', { id: 'contact-privacy' });
  const showPrivacy = (/** @type {import('../api.js').Contact} */ c) => {
    editor.replaceChildren();
    const actions = personActions({ contact: c.id }, reload, t('organisations.contactPrivacyOf', { name: c.name }));
    privacy.replaceChildren(actions, publicConsent(c, reload));
    for (const b of list.querySelectorAll('[data-privacy-contact]')) b.setAttribute('aria-expanded', String(b.getAttribute('data-privacy-contact') === String(c.id)));
    /** @type {HTMLElement | null} */ (actions.querySelector('#erase-person'))?.scrollIntoView({ block: 'nearest' });
    /** @type {HTMLElement | null} */ (actions.querySelector('#access-report'))?.focus();
  };
  // Editing one row: the person's own data and, apart, their role here.
  const editor = h('div', { id: 'contact-edit' });
  const showEditor = (/** @type {import('../api.js').ContactRole} */ role, /** @type {import('../api.js').Contact} */ c) => {
    privacy.replaceChildren();
    const personForm = /** @type {HTMLFormElement} */ (
      h('form', { id: 'contact-edit-form', class: 'card form-grid', novalidate: true }, [
        h('h3', { class: 'field-wide', text: t('organisations.editContact', { name: c.name }) }),
        textField({ name: 'edit_name', label: t('organisations.person'), value: c.name, required: true, requiredText: t('settings.required') }),
        textField({ name: 'edit_email', label: t('settings.email'), value: c.email, type: 'email' }),
        textField({ name: 'edit_phone', label: t('settings.phone'), value: c.phone, type: 'tel' }),
        checkboxGroup({ name: 'edit_languages', legend: t('catalogue.languages'), options: languageOptions, checked: c.languages }),
        h('div', { class: 'form-actions field-wide' }, [
          h('button', { type: 'submit', class: 'button primary', id: 'save-contact-edit', text: t('organisations.saveChanges') }),
          h('button', { type: 'button', class: 'button', id: 'cancel-contact-edit', text: t('organisations.cancelEdit'), onClick: () => editor.replaceChildren() }),
        ]),
      ])
    );
    personForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(personForm);
      const v = formValues(personForm, ['edit_name', 'edit_email', 'edit_phone']);
      try {
        // Consent, note and the Mediathek link are kept as they are.
        await api.saveContact(c.id, { name: v.edit_name, email: v.edit_email, phone: v.edit_phone, note: c.note, languages: checkedValues(personForm, 'edit_languages'), borrower_id: c.borrower_id, consent: c.consent, version: c.saved.version }, null);
        notify(t('organisations.contactSaved'), 'success');
        reload();
      } catch (error) {
        const e = /** @type {any} */ (error);
        if (showConflict(personForm, e, reload)) return;
        const field = { name: 'edit_name', email: 'edit_email', phone: 'edit_phone', languages: 'edit_languages' }[/** @type {string} */ (e.field)] ?? e.field;
        if (!showError(personForm, { ...e, field }, errorText)) notifyError(e);
      }
    });
    const roleForm = /** @type {HTMLFormElement} */ (
      h('form', { id: 'role-edit-form', class: 'card form-grid', novalidate: true }, [
        h('h3', { class: 'field-wide', text: t('organisations.roleAt', { name: o.name }) }),
        ...roleFields('edit_', role),
        h('div', { class: 'form-actions field-wide' }, [h('button', { type: 'submit', class: 'button primary', id: 'save-role-edit', text: t('organisations.saveRole') })]),
      ])
    );
    roleForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(roleForm);
      const r = roleValues(roleForm, 'edit_');
      try {
        // A role is part of the contact: it claims the contact's version.
        await api.updateContactRole(role.id, r.role, r.started_on, r.ended_on, c.saved.version);
        notify(t('organisations.roleSaved'), 'success');
        reload();
      } catch (error) {
        if (showConflict(roleForm, /** @type {any} */ (error), reload)) return;
        if (!showRoleError(roleForm, 'edit_', error)) notifyError(error);
      }
    });
    editor.replaceChildren(personForm, roleForm);
    /** @type {HTMLElement} */ (personForm.querySelector('#field-edit_name')).focus();
  };
  const list = h('div', { class: 'table-wrap' }, [
    h('table', { class: 'data-table', id: 'contacts-table' }, [
      h('thead', {}, [h('tr', {}, [t('organisations.person'), t('organisations.role'), t('settings.email'), t('settings.phone'), t('catalogue.languages'), ''].map((c) => h('th', { scope: 'col', text: c })))]),
      h('tbody', {}, people.length
        ? people.map(([role, c]) => {
            const elsewhere = currentOrganisations(c, o.id);
            return h('tr', { class: isFormer(role) ? 'archived' : '', 'data-role': String(role.id) }, [
              h('td', {}, [
                h('span', { class: 'strong block', dir: 'auto', text: c.name }),
                c.reachable ? null : h('span', { class: 'status status-gesperrt', text: t('organisations.unreachable') }),
                elsewhere.length ? h('span', { class: 'secondary block also-at', text: t('organisations.alsoAt', { names: elsewhere.join(', ') }) }) : null,
              ]),
              h('td', {}, [
                h('span', { class: 'block', text: role.role }),
                rolePeriod(role) ? h('span', { class: 'secondary block role-period', text: rolePeriod(role) }) : null,
                isFormer(role) ? h('span', { class: 'status status-former', text: t('organisations.former') }) : null,
              ]),
              h('td', { text: c.email }),
              h('td', { text: c.phone }),
              h('td', { text: c.languages.map((code) => options.languages.find((l) => l.code === code)?.name ?? code).join(', ') }),
              h('td', {}, [h('div', { class: 'actions-cell' }, [
                h('button', { type: 'button', class: 'button small', 'data-edit-contact': String(role.id), 'aria-controls': 'contact-edit', text: t('organisations.edit'), onClick: () => showEditor(role, c) }),
                role.ended_on ? null : h('button', { type: 'button', class: 'button small', text: t('organisations.endRole'), onClick: async () => { try { await api.endContactRole(role.id, todayIso()); reload(); } catch (e) { notifyError(e); } } }),
                h('button', { type: 'button', class: 'button small', 'data-privacy-contact': String(c.id), 'aria-controls': 'contact-privacy', text: t('organisations.contactPrivacy'), onClick: () => showPrivacy(c) }),
              ])]),
            ]);
          })
        : [h('tr', {}, [h('td', { colspan: '6', class: 'empty-row', text: t('organisations.noContacts') })])]),
    ]),
  ]);

  /** Gives an existing person a role here, with the role fields of `roleForm`. @param {import('../api.js').Contact} c @param {HTMLFormElement} roleForm @param {string} prefix */
  const addExisting = async (c, roleForm, prefix) => {
    clearFieldErrors(roleForm);
    try {
      await api.addContactRole(c.id, { organisation_id: o.id, ...roleValues(roleForm, prefix) });
      notify(t('organisations.roleAdded', { name: c.name }), 'success');
      reload();
    } catch (error) {
      if (!showRoleError(roleForm, prefix, error)) notifyError(error);
    }
  };
  /** Where a person already is, in words. @param {import('../api.js').Contact} c */
  const whereAbout = (c) => {
    const names = currentOrganisations(c);
    return names.length ? t('organisations.atOrganisations', { names: names.join(', ') }) : t('organisations.noOrganisation');
  };

  // A new person; a name that exists already brings a warning and the
  // offer to add that person instead.
  const duplicate = h('div', { id: 'duplicate-warning', class: 'field-wide', 'aria-live': 'polite' });
  const form = /** @type {HTMLFormElement} */ (
    h('form', { id: 'contact-form', class: 'card form-grid', novalidate: true }, [
      h('h3', { class: 'field-wide', text: t('organisations.newContact') }),
      textField({ name: 'contact_name', label: t('organisations.person'), value: '', required: true, requiredText: t('settings.required') }),
      duplicate,
      ...roleFields('', null),
      textField({ name: 'contact_email', label: t('settings.email'), value: '', type: 'email' }),
      textField({ name: 'contact_phone', label: t('settings.phone'), value: '', type: 'tel' }),
      textField({ name: 'contact_card', label: t('organisations.borrowerCard'), value: '', hint: t('organisations.borrowerCardHint') }),
      checkboxGroup({ name: 'contact_languages', legend: t('catalogue.languages'), options: languageOptions, checked: [] }),
      h('label', { class: 'checkbox field-wide', for: 'field-contact_consent' }, [h('input', { type: 'checkbox', id: 'field-contact_consent' }), ` ${t('organisations.consentGiven')}`]),
      h('div', { class: 'form-actions field-wide' }, [h('button', { type: 'submit', class: 'button primary', id: 'add-contact', text: t('organisations.addContact') })]),
    ])
  );
  const nameInput = /** @type {HTMLInputElement} */ (form.querySelector('#field-contact_name'));
  nameInput.addEventListener('change', async () => {
    const typed = nameInput.value.trim();
    /** @type {import('../api.js').Contact[]} */
    let same = [];
    if (typed) {
      try {
        same = (await api.findContacts(typed)).filter((c) => c.name.toLowerCase() === typed.toLowerCase());
      } catch (error) {
        notifyError(error);
      }
    }
    if (nameInput.value.trim() !== typed) return;
    duplicate.replaceChildren(
      ...same.map((c) =>
        h('div', { class: 'notice warning duplicate' }, [
          h('p', { text: t('organisations.duplicateWarning', { name: c.name, where: whereAbout(c) }) }),
          h('button', { type: 'button', class: 'button', 'data-use-existing': String(c.id), text: t('organisations.useExisting'), onClick: () => addExisting(c, form, '') }),
        ]),
      ),
    );
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const v = formValues(form, ['contact_name', 'contact_email', 'contact_phone']);
    const consent = /** @type {HTMLInputElement} */ (form.querySelector('#field-contact_consent')).checked;
    const card = formValues(form, ['contact_card']).contact_card.trim();
    let borrowerId = null;
    if (card) {
      try {
        const scanned = await api.deskScan(card);
        if (scanned.type !== 'borrower') {
          showError(form, { code: 'not_a_card', field: 'contact_card', params: {} }, () => t('reservations.notACard'));
          return;
        }
        borrowerId = scanned.borrower.id;
      } catch (error) {
        const e = /** @type {any} */ (error);
        showError(form, { ...e, field: 'contact_card' }, errorText);
        return;
      }
    }
    try {
      const saved = await api.saveContact(
        null,
        { name: v.contact_name, email: v.contact_email, phone: v.contact_phone, note: '', languages: checkedValues(form, 'contact_languages'), borrower_id: borrowerId, consent: consent ? { given_on: todayIso(), text_version: await consentVersion('organisationsverzeichnis') } : null },
        { organisation_id: o.id, ...roleValues(form, '') },
      );
      notify(saved.reachable ? t('organisations.contactAdded') : t('organisations.contactAddedUnreachable'), saved.reachable ? 'success' : 'info');
      reload();
    } catch (error) {
      if (!showRoleError(form, '', error, { name: 'contact_name', email: 'contact_email', phone: 'contact_phone', borrower: 'contact_card', languages: 'contact_languages' })) notifyError(error);
    }
  });

  // An existing person: found by name, shown with where they are already.
  const results = h('ul', { class: 'plain-list field-wide', id: 'existing-results', 'aria-live': 'polite' });
  const existing = /** @type {HTMLFormElement} */ (
    h('form', { id: 'existing-form', class: 'card form-grid', novalidate: true }, [
      h('h3', { class: 'field-wide', text: t('organisations.existingContact') }),
      h('p', { class: 'secondary field-wide', text: t('organisations.existingLead') }),
      textField({ name: 'existing_search', label: t('organisations.searchPerson'), value: '', type: 'search', wide: true }),
      results,
      ...roleFields('existing_', null),
    ])
  );
  const search = /** @type {HTMLInputElement} */ (existing.querySelector('#field-existing_search'));
  let sequence = 0;
  const find = async () => {
    const mine = ++sequence;
    const text = search.value.trim();
    /** @type {import('../api.js').Contact[]} */
    let found = [];
    if (text) {
      try {
        found = await api.findContacts(text);
      } catch (error) {
        notifyError(error);
        return;
      }
    }
    if (mine !== sequence) return;
    results.replaceChildren(
      ...(found.length || !text
        ? found.map((c) =>
            h('li', { class: 'found-person' }, [
              h('span', { class: 'strong', dir: 'auto', text: c.name }),
              h('span', { class: 'secondary', text: ` · ${whereAbout(c)} ` }),
              h('button', { type: 'button', class: 'button small', 'data-pick-contact': String(c.id), text: t('organisations.addHere'), onClick: () => addExisting(c, existing, 'existing_') }),
            ]),
          )
        : [h('li', { class: 'secondary', text: t('organisations.noPersonFound') })]),
    );
  };
  let timer = 0;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = window.setTimeout(find, 150);
  });
  existing.addEventListener('submit', (event) => {
    event.preventDefault();
    find();
  });
  body.replaceChildren(list, editor, privacy, form, existing);
  return false;
}

/** @param {HTMLElement} body @param {import('../api.js').Project[]} list */
function projectsTab(body, list) {
  body.replaceChildren(
    list.length
      ? h('ul', { class: 'plain-list', id: 'org-projects' }, list.map((p) =>
          h('li', {}, [
            h('a', { href: `#/organisations/projects/${p.id}`, text: p.title }),
            h('span', { class: 'secondary', text: ` · ${t(`projectStatus.${p.status}`)}${p.starts_on ? ` · ${formatDate(p.starts_on)}–${p.ends_on ? formatDate(p.ends_on) : ''}` : ''}` }),
          ]),
        ))
      : h('p', { class: 'secondary', text: t('organisations.noProjects') }),
  );
  return false;
}

/** @param {HTMLElement} body @param {import('../api.js').Organisation} o @param {() => void} reload */
function notes(body, o, reload) {
  const noteForm = /** @type {HTMLFormElement} */ (
    h('form', { id: 'note-form', class: 'card form-grid', novalidate: true }, [
      textField({ name: 'noted_on', label: t('organisations.date'), value: todayIso(), type: 'date' }),
      selectField({ name: 'note_kind', label: t('organisations.noteKind'), value: 'notiz', options: NOTE_KINDS.map((k) => ({ value: k, label: t(`noteKinds.${k}`) })) }),
      textareaField({ name: 'note', label: t('organisations.noteText'), value: '' }),
      h('div', { class: 'form-actions field-wide' }, [h('button', { type: 'submit', class: 'button primary', id: 'add-note', text: t('organisations.addNote') })]),
    ])
  );
  noteForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(noteForm);
    const v = formValues(noteForm, ['noted_on', 'note_kind', 'note']);
    try {
      await api.addTimelineNote(o.id, v.noted_on, v.note_kind, v.note);
      reload();
    } catch (error) {
      const e = /** @type {any} */ (error);
      if (!showError(noteForm, e, errorText)) notifyError(e);
    }
  });
  const countForm = /** @type {HTMLFormElement} */ (
    h('form', { id: 'member-form', class: 'inline-form', novalidate: true }, [
      textField({ name: 'stated_on', label: t('organisations.date'), value: todayIso(), type: 'date' }),
      textField({ name: 'members', label: t('organisations.members'), value: '', inputmode: 'numeric' }),
      h('button', { type: 'submit', class: 'button', id: 'add-members', text: t('organisations.addMembers') }),
    ])
  );
  countForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(countForm);
    const v = formValues(countForm, ['stated_on', 'members']);
    const members = Number(v.members);
    if (v.members.trim() === '' || !Number.isInteger(members)) {
      showError(countForm, { code: 'required', field: 'members', params: {} }, () => t('lending.wholeNumbers'));
      return;
    }
    try {
      await api.addMemberCount(o.id, { stated_on: v.stated_on, members });
      reload();
    } catch (error) {
      const e = /** @type {any} */ (error);
      if (!showError(countForm, e, errorText)) notifyError(e);
    }
  });
  body.replaceChildren(
    h('h2', { text: t('organisations.memberHistory') }),
    o.member_counts.length
      ? h('ul', { class: 'plain-list', id: 'member-counts' }, o.member_counts.map((c) => h('li', { text: `${formatDate(c.stated_on)}: ${c.members}` })))
      : h('p', { class: 'secondary', text: t('organisations.noMemberCounts') }),
    h('div', { class: 'card' }, [countForm]),
    h('h2', { text: t('organisations.timeline') }),
    o.timeline.length
      ? h('ol', { class: 'timeline', id: 'timeline' }, o.timeline.map((n) => timelineEntry(n, reload)))
      : h('p', { class: 'secondary', text: t('organisations.noNotes') }),
    noteForm,
  );
  return false;
}

/**
 * One note of the timeline: its date and kind, the text ("geändert am"
 * once corrected), and "Korrigieren", which turns the text into a field.
 * @param {import('../api.js').TimelineNote} n @param {() => void} reload
 */
function timelineEntry(n, reload) {
  const text = h('p', { dir: 'auto', text: n.text });
  const item = h('li', { 'data-note': String(n.id) }, [
    h('span', { class: 'strong', text: `${formatDate(n.noted_on)} · ${t(`noteKinds.${n.kind}`)}` }),
    n.changed_on ? h('span', { class: 'secondary note-changed', text: ` (${t('organisations.changedOn', { date: formatDate(n.changed_on) })})` }) : null,
    text,
  ]);
  const correct = h('button', {
    type: 'button',
    class: 'button small',
    'data-correct-note': String(n.id),
    text: t('organisations.correctNote'),
    onClick: () => {
      const form = /** @type {HTMLFormElement} */ (
        h('form', { class: 'correct-note', novalidate: true }, [
          textareaField({ name: `correct_note_${n.id}`, label: t('organisations.noteText'), value: n.text }),
          h('div', { class: 'button-row' }, [
            h('button', { type: 'submit', class: 'button primary', 'data-save-note': String(n.id), text: t('organisations.saveChanges') }),
            h('button', { type: 'button', class: 'button', text: t('organisations.cancelEdit'), onClick: () => form.replaceWith(text, correct) }),
          ]),
        ])
      );
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        clearFieldErrors(form);
        try {
          await api.correctTimelineNote(n.id, formValues(form, [`correct_note_${n.id}`])[`correct_note_${n.id}`], n.saved.version);
          notify(t('organisations.noteCorrected'), 'success');
          reload();
        } catch (error) {
          const e = /** @type {any} */ (error);
          // Corrected on another PC since this page read it: say who, offer to reload.
          if (showConflict(form, e, reload)) return;
          if (!showError(form, { ...e, field: e.field === 'note' ? `correct_note_${n.id}` : e.field }, errorText)) notifyError(e);
        }
      });
      text.replaceWith(form);
      correct.remove();
      /** @type {HTMLElement} */ (form.querySelector('textarea')).focus();
    },
  });
  item.append(correct);
  return item;
}

/** Strg+S saves the organisation form. @param {KeyboardEvent} event */
export function onKey(event) {
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
    const form = /** @type {HTMLFormElement | null} */ (document.getElementById('organisation-form'));
    if (form) {
      event.preventDefault();
      form.requestSubmit();
      return true;
    }
  }
  return false;
}

// Kooperationsprojekte: list (filter by status and year) and a form with
// partner organisations and their roles.
import * as api from '../api.js';
import { redrawOnChange, reloadOnChange } from '../components/live.js';
import { h, pageHeader } from '../components/dom.js';
import { clearFieldErrors, formValues, selectField, showConflict, showError, textareaField, textField } from '../components/form.js';
import { notify, notifyError } from '../components/toast.js';
import { errorText, formatDate, formatEuro, t } from '../i18n/index.js';

const STATUSES = ['geplant', 'laufend', 'abgeschlossen'];

/** The tables the project pages show. */
const PROJECT_TABLES = ['project', 'project_partner', 'organisation', 'workshop', 'event'];

/**
 * @param {HTMLElement} outlet @param {import('../api.js').DirectoryOptions} _options
 * @param {string | undefined} param @param {HTMLElement} tabs
 */
export async function render(outlet, _options, param, tabs) {
  if (param === 'new') return renderForm(outlet, null, tabs);
  if (param && /^\d+$/.test(param)) {
    try {
      return renderForm(outlet, await api.getProject(Number(param)), tabs);
    } catch (error) {
      notifyError(error);
      return false;
    }
  }
  let list;
  try {
    list = await api.listProjects({ status: filter.status, year: filter.year });
  } catch (error) {
    notifyError(error);
    return false;
  }
  const head = h('div', { class: 'page-header-row' }, [pageHeader(t('projects.title'), t('projects.lead')), tabs]);
  // Another PC entered or changed a project (the shared database): the
  // list is drawn again.
  reloadOnChange(head, PROJECT_TABLES, () => render(outlet, _options, param, tabs));
  outlet.replaceChildren(
    head,
    h('div', { class: 'button-row toolbar' }, [h('a', { class: 'button primary', href: '#/organisations/projects/new', id: 'new-project', text: t('projects.new') })]),
    filters(outlet, _options, tabs),
    h('div', { class: 'table-wrap' }, [
      h('table', { class: 'data-table', id: 'projects-table' }, [
        h('thead', {}, [h('tr', {}, [t('projects.titleField'), t('projects.period'), t('organisations.status'), t('projects.partners'), t('projects.funding')].map((c) => h('th', { scope: 'col', text: c })))]),
        h('tbody', {}, list.length
          ? list.map((p) =>
              h('tr', {}, [
                h('td', {}, [h('a', { href: `#/organisations/projects/${p.id}`, class: 'strong', text: p.title })]),
                h('td', { text: period(p) }),
                h('td', { text: t(`projectStatus.${p.status}`) }),
                h('td', { text: p.partners.map((x) => x.organisation_name).join(', ') }),
                h('td', { class: 'number', text: p.funding_cents == null ? '' : formatEuro(p.funding_cents) }),
              ]),
            )
          : [h('tr', {}, [h('td', { colspan: '5', class: 'empty-row', text: t('projects.none') })])]),
      ]),
    ]),
  );
  return false;
}

/** The list's filters, kept while the app runs. @type {{ status: string | null, year: number | null }} */
const filter = { status: null, year: null };

/**
 * Status and year: "which organisations did we work with on projects this year?"
 * @param {HTMLElement} outlet @param {import('../api.js').DirectoryOptions} options @param {HTMLElement} tabs
 */
function filters(outlet, options, tabs) {
  const thisYear = new Date().getFullYear();
  const years = [thisYear + 1, thisYear, thisYear - 1, thisYear - 2, thisYear - 3];
  const status = /** @type {HTMLSelectElement} */ (
    h('select', { id: 'project-status' }, [
      h('option', { value: '', text: t('catalogue.any') }),
      ...STATUSES.map((s) => h('option', { value: s, text: t(`projectStatus.${s}`), selected: filter.status === s })),
    ])
  );
  const year = /** @type {HTMLSelectElement} */ (
    h('select', { id: 'project-year' }, [
      h('option', { value: '', text: t('catalogue.any') }),
      ...years.map((y) => h('option', { value: String(y), text: String(y), selected: filter.year === y })),
    ])
  );
  const changed = () => {
    filter.status = status.value || null;
    filter.year = year.value ? Number(year.value) : null;
    render(outlet, options, undefined, tabs);
  };
  status.addEventListener('change', changed);
  year.addEventListener('change', changed);
  return h('div', { class: 'filter-row' }, [
    h('div', { class: 'field' }, [h('label', { for: 'project-status', text: t('organisations.status') }), status]),
    h('div', { class: 'field' }, [h('label', { for: 'project-year', text: t('projects.year') }), year]),
  ]);
}

/** @param {import('../api.js').Project} p */
function period(p) {
  if (!p.starts_on && !p.ends_on) return '';
  return `${p.starts_on ? formatDate(p.starts_on) : '…'} – ${p.ends_on ? formatDate(p.ends_on) : '…'}`;
}

/**
 * What belongs to a project: its workshops (with their fair and day), its
 * events (linked themselves or through a workshop) and its partners.
 * @param {import('../api.js').Project} p
 */
function linkedRecords(p) {
  const workshops = p.workshops ?? [];
  const events = p.events ?? [];
  return [
    h('section', { class: 'card', id: 'project-workshops' }, [
      h('h2', { text: t('projects.workshops') }),
      workshops.length
        ? h('ul', { class: 'plain-list' }, workshops.map((w) =>
            h('li', {}, [
              h('a', { href: `#/events/workshop/${w.id}`, class: 'strong', text: w.title }),
              ' · ',
              h('a', { href: `#/events/${w.event_id}`, text: w.event_title }),
              h('span', { class: 'secondary', text: ` · ${formatDate(w.starts_at)}, ${w.starts_at.slice(11, 16)}` }),
            ]),
          ))
        : h('p', { class: 'secondary', text: t('projects.noWorkshops') }),
    ]),
    h('section', { class: 'card', id: 'project-events' }, [
      h('h2', { text: t('projects.events') }),
      events.length
        ? h('ul', { class: 'plain-list' }, events.map((e) =>
            h('li', {}, [
              h('a', { href: `#/events/${e.id}`, class: 'strong', text: e.title }),
              h('span', { class: 'secondary', text: ` · ${formatDate(e.starts_on)}${e.ends_on !== e.starts_on ? ` – ${formatDate(e.ends_on)}` : ''} · ${e.linked ? t('projects.eventLinked') : t('projects.eventWorkshops', { n: e.workshops })}` }),
            ]),
          ))
        : h('p', { class: 'secondary', text: t('projects.noEvents') }),
    ]),
    h('section', { class: 'card', id: 'project-partners' }, [
      h('h2', { text: t('projects.partners') }),
      p.partners.length
        ? h('ul', { class: 'plain-list' }, p.partners.map((x) =>
            h('li', {}, [h('a', { href: `#/organisations/${x.organisation_id}`, class: 'strong', dir: 'auto', text: x.organisation_name }), x.role ? h('span', { class: 'secondary', text: ` · ${x.role}` }) : null]),
          ))
        : h('p', { class: 'secondary', text: t('projects.noPartners') }),
    ]),
  ];
}

/** @param {HTMLElement} outlet @param {import('../api.js').Project | null} p @param {HTMLElement} tabs */
async function renderForm(outlet, p, tabs) {
  let organisations;
  try {
    organisations = (await api.searchOrganisations({ limit: 500 }, 'name:asc')).rows; // a picker, by name, whatever the directory keeps
  } catch (error) {
    notifyError(error);
    return false;
  }
  const partners = h('div', { class: 'partners field-wide', id: 'partners' });
  /** @param {import('../api.js').Partner} partner */
  const addPartner = (partner) => {
    const select = h('select', { class: 'partner-organisation', 'aria-label': t('projects.partner') }, [
      h('option', { value: '', text: '–' }),
      ...organisations.map((o) => h('option', { value: String(o.id), text: o.name, selected: o.id === partner.organisation_id })),
    ]);
    partners.append(
      h('div', { class: 'closing-row' }, [
        select,
        h('input', { type: 'text', class: 'partner-role', value: partner.role, placeholder: t('projects.partnerRole'), 'aria-label': t('projects.partnerRole') }),
        h('button', { type: 'button', class: 'button small', text: t('lending.remove'), onClick: (/** @type {Event} */ e) => { partners.closest('form')?.setAttribute('data-changed', ''); /** @type {HTMLElement} */ (e.currentTarget).parentElement?.remove(); } }),
      ]),
    );
  };
  (p?.partners ?? []).forEach(addPartner);
  const form = /** @type {HTMLFormElement} */ (
    h('form', { id: 'project-form', class: 'card form-grid', novalidate: true }, [
      textField({ name: 'title', label: t('projects.titleField'), value: p?.title, required: true, requiredText: t('settings.required'), wide: true }),
      textField({ name: 'starts_on', label: t('projects.startsOn'), value: p?.starts_on ?? '', type: 'date' }),
      textField({ name: 'ends_on', label: t('projects.endsOn'), value: p?.ends_on ?? '', type: 'date' }),
      selectField({ name: 'status', label: t('organisations.status'), value: p?.status ?? 'geplant', options: STATUSES.map((s) => ({ value: s, label: t(`projectStatus.${s}`) })) }),
      textField({ name: 'staff', label: t('projects.staff'), value: p?.staff }),
      textField({ name: 'funding_source', label: t('projects.fundingSource'), value: p?.funding_source }),
      textField({ name: 'funding', label: t('projects.funding'), value: p?.funding_cents == null ? '' : String(p.funding_cents / 100).replace('.', ','), inputmode: 'decimal' }),
      textareaField({ name: 'description', label: t('projects.description'), value: p?.description }),
      h('fieldset', { class: 'field field-wide' }, [h('legend', { text: t('projects.partners') }), partners, h('button', { type: 'button', class: 'button small', id: 'add-partner', text: t('projects.addPartner'), onClick: () => { addPartner({ organisation_id: 0, organisation_name: '', role: '' }); partners.closest('form')?.setAttribute('data-changed', ''); } })]),
      textareaField({ name: 'outcomes', label: t('projects.outcomes'), value: p?.outcomes }),
      h('div', { class: 'form-actions field-wide' }, [h('button', { type: 'submit', class: 'button primary', id: 'save-project', text: t('settings.save') })]),
    ])
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const v = formValues(form, ['title', 'starts_on', 'ends_on', 'status', 'staff', 'funding_source', 'funding', 'description', 'outcomes']);
    const euros = v.funding.trim() === '' ? null : Number(v.funding.replace(/\./g, '').replace(',', '.'));
    if (euros != null && Number.isNaN(euros)) {
      showError(form, { code: 'required', field: 'funding', params: {} }, () => t('projects.fundingInvalid'));
      return;
    }
    const input = {
      title: v.title,
      description: v.description,
      starts_on: v.starts_on || null,
      ends_on: v.ends_on || null,
      status: v.status,
      staff: v.staff,
      funding_source: v.funding_source,
      funding_cents: euros == null ? null : Math.round(euros * 100),
      outcomes: v.outcomes,
      partners: [...partners.querySelectorAll('.closing-row')]
        .map((row) => ({
          organisation_id: Number(/** @type {HTMLSelectElement} */ (row.querySelector('.partner-organisation')).value),
          organisation_name: '',
          role: /** @type {HTMLInputElement} */ (row.querySelector('.partner-role')).value,
        }))
        .filter((x) => x.organisation_id > 0),
      version: p?.saved?.version ?? null,
    };
    try {
      const saved = await api.saveProject(p?.id ?? null, input);
      notify(t('projects.saved', { title: saved.title }), 'success');
      location.hash = '#/organisations/projects';
    } catch (error) {
      const e = /** @type {any} */ (error);
      if (p && showConflict(form, e, async () => renderForm(outlet, await api.getProject(p.id), tabs))) return;
      if (!showError(form, e, errorText)) notifyError(e);
    }
  });
  const head = h('div', { class: 'page-header-row' }, [pageHeader(p ? p.title : t('projects.new')), tabs]);
  // Another PC changed this project: drawn again, unless something typed
  // here is not saved.
  const shown = JSON.stringify(p);
  if (p) {
    redrawOnChange(head, PROJECT_TABLES, async (decide) => {
      let read;
      try {
        read = await api.getProject(p.id);
      } catch {
        return;
      }
      if (decide(JSON.stringify(read) !== shown)) await renderForm(outlet, read, tabs);
    }, outlet);
  }
  outlet.replaceChildren(
    head,
    h('div', { class: 'button-row toolbar' }, [h('a', { class: 'button', href: '#/organisations/projects', id: 'back-to-projects', text: t('projects.backToList') })]),
    ...(p ? linkedRecords(p) : []),
    form,
  );
  /** @type {HTMLElement | null} */ (form.querySelector('#field-title'))?.focus();
  return true;
}

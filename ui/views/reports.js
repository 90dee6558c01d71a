// Berichte: the figures the centre reports to its funders for a period
// staff choose (a calendar year, a quarter, a school half-year or any
// range), each beside the same period a year before and the change, in
// the sections Mediathek, Organisationen and Veranstaltungen, with charts;
// the Jahresbericht as PDF and for Excel; last, folded, the all-time
// statistics ("Einzelaufstellung", asked for when opened). Everything is counted in the core from what
// anonymisation keeps. The screen shows exact figures; the printout hides
// small counts.
//
// Every figure's row carries `data-key`, the figure's path in the report
// (`mediathek.loans`, `mediathek.loans_by_month[2025-03].count`,
// `events.by_host[Verein].figures.present`), so that the window test can
// compare each one with the core's report.
import * as api from '../api.js';
import { barChart, columnChart, municipalityMap } from '../components/bar-chart.js';
import { deliverDocument } from '../components/delivery.js';
import { h, pageHeader } from '../components/dom.js';
import { todayIso } from '../components/form.js';
import { notifyError } from '../components/toast.js';
import { errorText, formatDate, t } from '../i18n/index.js';
import {
  choiceFromHash, choiceName, choiceToHash, defaultChoice, formatChange, formatCount,
  monthName, periodDays, schoolYearName, schoolYearOf,
} from '../logic/reports.js';

/** @typedef {import('../api.js').PeriodChoice} PeriodChoice */
/** @typedef {import('../api.js').Report} Report */
/** @typedef {{ now: number | null, before: number | null }} Pair */
/** @typedef {{ key: string, label: string, value: Pair, percent?: boolean }} FigureRow */

/**
 * The core's age groups (`privacy::retention::age_group`) and their keys
 * under `reports.ageGroups`.
 * @type {Record<string, string>}
 */
const AGE_GROUPS = { 'unter 15': 'under15', '15–17': 'from15', '18–20': 'from18', '21–26': 'from21', '27 und älter': 'from27', unbekannt: 'unknown' };

/** Where the chosen period is kept while the app runs (reopening the page shows it again). */
const STORED = 'kiz.reports.period';

const locale = () => t('app.locale');
const n = (/** @type {number | null} */ x) => (x == null ? '–' : formatCount(x, locale()));
const none = (/** @type {string} */ text) => text || t('reports.noEntry');

/** A figure's cells: now, before, the change. @param {Pair} v @param {boolean} [percent] */
function figureCells(v, percent = false) {
  const shown = (/** @type {number | null} */ x) => (percent && x != null ? `${n(x)} %` : n(x));
  return [
    h('td', { class: 'number now', text: shown(v.now) }),
    h('td', { class: 'number before', text: shown(v.before) }),
    h('td', { class: 'number change', text: formatChange(v.now, v.before, locale(), t, percent) }),
  ];
}

/** @param {string[]} labels the columns before the figures */
function head(labels) {
  return h('thead', {}, [h('tr', {}, [
    ...labels.map((l) => h('th', { scope: 'col', text: l })),
    h('th', { scope: 'col', class: 'number', text: t('reports.colNow') }),
    h('th', { scope: 'col', class: 'number', text: t('reports.colBefore') }),
    h('th', { scope: 'col', class: 'number', text: t('reports.colChange') }),
  ])]);
}

/**
 * A table of single figures.
 * @param {string} id @param {string} caption @param {FigureRow[]} rows
 */
function figureTable(id, caption, rows) {
  return h('div', { class: 'table-wrap' }, [
    h('table', { class: 'data-table report-table', id }, [
      h('caption', { text: caption }),
      head([t('reports.colFigure')]),
      h('tbody', {}, rows.map((r) => h('tr', { 'data-key': r.key }, [h('th', { scope: 'row', text: r.label }), ...figureCells(r.value, r.percent)]))),
    ]),
  ]);
}

/**
 * A table of counts per group (`Vec<Line>`).
 * @param {string} key the lines' path in the report @param {string} caption @param {string} column
 * @param {import('../api.js').Line[]} lines @param {(group: string) => string} label
 */
function lineTable(key, caption, column, lines, label) {
  return h('div', { class: 'table-wrap' }, [
    h('table', { class: 'data-table report-table', id: `table-${key.replace(/[^a-z]+/gi, '-')}` }, [
      h('caption', { text: caption }),
      head([column]),
      h('tbody', {}, lines.length
        ? lines.map((l) => h('tr', { 'data-key': `${key}[${l.group}].count` }, [h('th', { scope: 'row', text: none(label(l.group)) }), ...figureCells(l.count)]))
        : [h('tr', {}, [h('td', { colspan: '4', class: 'empty-row', text: t('reports.nothing') })])]),
    ]),
  ]);
}

/** The figures of workshops, one row each. @param {string} key @param {import('../api.js').Compared<import('../api.js').Figures>} f @returns {FigureRow[]} */
function figuresRows(key, f) {
  /** @type {[keyof import('../api.js').Figures, string][]} */
  const metrics = [
    ['registered', 'reports.registered'], ['waitlisted', 'reports.waitlisted'], ['cancelled', 'reports.cancelled'],
    ['present', 'reports.present'], ['no_show', 'reports.noShow'], ['walk_ins', 'reports.walkIns'],
    ['attendance_rate', 'reports.attendanceRate'],
  ];
  return metrics.map(([field, label]) => ({
    key: `${key}.${field}`,
    label: t(label),
    value: { now: f.now[field], before: f.before[field] },
    percent: field === 'attendance_rate',
  }));
}

/**
 * Workshop figures per group (`Vec<FiguresLine>`): the group spans its rows.
 * @param {string} key @param {string} caption @param {string} column
 * @param {import('../api.js').FiguresLine[]} lines @param {(group: string) => string} label
 */
function figuresLineTable(key, caption, column, lines, label) {
  // One row group per group of workshops, its name spanning its rows.
  const groups = lines.map((l) => h('tbody', {}, figuresRows(`${key}[${l.group}].figures`, l.figures).map((r, i) => h('tr', { 'data-key': r.key }, [
    i === 0 ? h('th', { scope: 'rowgroup', rowspan: '7', text: none(label(l.group)) }) : null,
    h('th', { scope: 'row', class: 'metric', text: r.label }),
    ...figureCells(r.value, r.percent),
  ]))));
  return h('div', { class: 'table-wrap' }, [
    h('table', { class: 'data-table report-table', id: `table-${key.replace(/[^a-z]+/gi, '-')}` }, [
      h('caption', { text: caption }),
      head([column, t('reports.colFigure')]),
      ...(groups.length ? groups : [h('tbody', {}, [h('tr', {}, [h('td', { colspan: '5', class: 'empty-row', text: t('reports.nothing') })])])]),
    ]),
  ]);
}

/** Chart words shared by every chart. @param {Report} report */
function chartWords(report) {
  return {
    legendNow: t('reports.legendNow', { period: periodDays(report.period, t) }),
    legendBefore: t('reports.legendBefore', { period: periodDays(report.previous, t) }),
    format: (/** @type {number} */ x) => formatCount(x, locale()),
    describe: (/** @type {{ label: string, now: number, before: number }} */ b) =>
      t('reports.chartItem', { label: b.label, now: formatCount(b.now, locale()), before: formatCount(b.before, locale()) }),
  };
}

/**
 * Horizontal bars of counts per group (`Vec<Line>`).
 * @param {string} id @param {string} title @param {import('../api.js').Line[]} lines
 * @param {(group: string) => string} label @param {ReturnType<typeof chartWords>} words
 */
function categoryChart(id, title, lines, label, words) {
  return barChart({ id, title, bars: lines.map((l) => ({ label: none(label(l.group)), now: l.count.now, before: l.count.before })), ...words });
}

/**
 * @param {Report} report
 * @param {{ languages: Map<string, string> }} names
 */
function mediathekSection(report, names) {
  const m = report.mediathek;
  const language = (/** @type {string} */ code) => names.languages.get(code) ?? code;
  const kind = (/** @type {string} */ code) => (code ? t(`borrowerKinds.${code}`) : '');
  const words = chartWords(report);
  return h('section', { class: 'report-section', id: 'report-mediathek', 'aria-labelledby': 'report-mediathek-title' }, [
    h('h2', { id: 'report-mediathek-title', text: t('reports.mediathek') }),
    figureTable('mediathek-figures', t('reports.mediathekFigures'), [
      { key: 'mediathek.loans', label: t('reports.loans'), value: m.loans },
      { key: 'mediathek.renewals', label: t('reports.renewals'), value: m.renewals },
      { key: 'mediathek.stock', label: t('reports.stock'), value: m.stock },
      { key: 'mediathek.acquired', label: t('reports.acquired'), value: m.acquired },
      { key: 'mediathek.withdrawn', label: t('reports.withdrawn'), value: m.withdrawn },
      { key: 'mediathek.overdue.whole', label: t('reports.dueLoans'), value: { now: m.overdue.now.whole, before: m.overdue.before.whole } },
      { key: 'mediathek.overdue.part', label: t('reports.overdueLoans'), value: { now: m.overdue.now.part, before: m.overdue.before.part } },
      { key: 'mediathek.overdue.percent', label: t('reports.overdueRate'), value: { now: m.overdue.now.percent, before: m.overdue.before.percent }, percent: true },
      { key: 'mediathek.reservations_waited_long', label: t('reports.waitedLong'), value: m.reservations_waited_long },
    ]),
    columnChart({
      id: 'chart-loans-by-month',
      title: t('reports.loansByMonth'),
      bars: m.loans_by_month.map((l) => ({ label: monthName(l.group), now: l.count.now, before: l.count.before })),
      ...words,
    }),
    lineTable('mediathek.loans_by_month', t('reports.loansByMonth'), t('reports.month'), m.loans_by_month, monthName),
    lineTable('mediathek.renewals_by_month', t('reports.renewalsByMonth'), t('reports.month'), m.renewals_by_month, monthName),
    categoryChart('chart-loans-by-media-kind', t('reports.loansByMediaKind'), m.loans_by_media_kind, (g) => g, words),
    lineTable('mediathek.loans_by_media_kind', t('reports.loansByMediaKind'), t('reports.kind'), m.loans_by_media_kind, (g) => g),
    lineTable('mediathek.loans_by_level', t('reports.loansByLevel'), t('reports.level'), m.loans_by_level, (g) => g),
    lineTable('mediathek.loans_by_language', t('reports.loansByLanguage'), t('reports.language'), m.loans_by_language, language),
    lineTable('mediathek.loans_by_borrower_kind', t('reports.loansByBorrowerKind'), t('reports.borrowerKind'), m.loans_by_borrower_kind, kind),
    lineTable('mediathek.active_borrowers_by_kind', t('reports.activeBorrowers'), t('reports.borrowerKind'), m.active_borrowers_by_kind, kind),
    lineTable('mediathek.new_borrowers_by_kind', t('reports.newBorrowers'), t('reports.borrowerKind'), m.new_borrowers_by_kind, kind),
    lineTable('mediathek.stock_by_media_kind', t('reports.stockByMediaKind'), t('reports.kind'), m.stock_by_media_kind, (g) => g),
    lineTable('mediathek.stock_by_level', t('reports.stockByLevel'), t('reports.level'), m.stock_by_level, (g) => g),
    lineTable('mediathek.stock_by_language', t('reports.stockByLanguage'), t('reports.language'), m.stock_by_language, language),
    lineTable('mediathek.never_lent_by_media_kind', t('reports.neverLent'), t('reports.kind'), m.never_lent_by_media_kind, (g) => g),
    h('div', { class: 'table-wrap' }, [
      h('table', { class: 'data-table report-table', id: 'table-most-lent' }, [
        h('caption', { text: t('reports.mostLent') }),
        head([t('reports.colTitle'), t('reports.kind')]),
        h('tbody', {}, m.most_lent.length
          ? m.most_lent.map((x) => h('tr', { 'data-key': `mediathek.most_lent[${x.medium_id}].loans` }, [
              h('th', { scope: 'row' }, [h('a', { href: `#/catalogue/${x.medium_id}`, text: x.title })]),
              h('td', { text: x.media_kind }),
              ...figureCells(x.loans),
            ]))
          : [h('tr', {}, [h('td', { colspan: '5', class: 'empty-row', text: t('reports.nothing') })])]),
      ]),
    ]),
  ]);
}

/** @param {Report} report @param {{ languages: Map<string, string> }} names */
function organisationsSection(report, names) {
  const o = report.organisations;
  const words = chartWords(report);
  const counts = new Map(o.by_municipality.map((l) => [l.group, l.count]));
  return h('section', { class: 'report-section', id: 'report-organisations', 'aria-labelledby': 'report-organisations-title' }, [
    h('h2', { id: 'report-organisations-title', text: t('reports.organisations') }),
    figureTable('organisation-figures', t('reports.organisationFigures'), [
      { key: 'organisations.total', label: t('reports.orgTotal'), value: o.total },
      { key: 'organisations.new', label: t('reports.orgNew'), value: o.new },
      { key: 'organisations.new_contacts', label: t('reports.newContacts'), value: o.new_contacts },
      { key: 'organisations.new_cooperations', label: t('reports.newCooperations'), value: o.new_cooperations },
      { key: 'organisations.projects', label: t('reports.projects'), value: o.projects },
    ]),
    h('figure', { class: 'chart map-chart' }, [
      h('figcaption', { text: t('reports.mapTitle') }),
      municipalityMap({
        id: 'municipality-map',
        caption: t('reports.mapCaption', { day: formatDate(report.period.last) }),
        counts,
        format: words.format,
        before: (x) => t('reports.beforeShort', { n: x }),
        none: t('reports.noEntry'),
      }),
    ]),
    lineTable('organisations.by_municipality', t('reports.byMunicipality'), t('reports.municipality'), o.by_municipality, (g) => g),
    categoryChart('chart-organisations-by-kind', t('reports.byOrgKind'), o.by_kind, (g) => g, words),
    lineTable('organisations.by_kind', t('reports.byOrgKind'), t('reports.orgKind'), o.by_kind, (g) => g),
    lineTable('organisations.by_language', t('reports.byOrgLanguage'), t('reports.language'), o.by_language, (code) => names.languages.get(code) ?? code),
    lineTable('organisations.by_status', t('reports.byStatus'), t('reports.status'), o.by_status, (g) => (g ? t(`orgStatus.${g}`) : '')),
    h('div', { class: 'table-wrap' }, [
      h('table', { class: 'data-table report-table', id: 'table-projects' }, [
        h('caption', { text: t('reports.projectList') }),
        h('thead', {}, [h('tr', {}, [t('reports.colTitle'), t('reports.projectPeriod'), t('reports.status'), t('reports.partners')].map((c) => h('th', { scope: 'col', text: c })))]),
        h('tbody', {}, o.project_list.length
          ? o.project_list.map((p) => h('tr', { 'data-project': String(p.id) }, [
              h('th', { scope: 'row' }, [h('a', { href: `#/organisations/projects/${p.id}`, text: p.title })]),
              h('td', { text: p.starts_on || p.ends_on ? periodDays({ first: p.starts_on ?? '…', last: p.ends_on ?? '…' }, t) : '' }),
              h('td', { text: t(`projectStatus.${p.status}`) }),
              h('td', { text: p.partners.join(', ') }),
            ]))
          : [h('tr', {}, [h('td', { colspan: '4', class: 'empty-row', text: t('reports.nothing') })])]),
      ]),
    ]),
    lineTable('organisations.meetings_by_working_group', t('reports.meetings'), t('reports.workingGroup'), o.meetings_by_working_group, (g) => g),
    h('div', { class: 'table-wrap' }, [
      h('table', { class: 'data-table report-table', id: 'table-attendance' }, [
        h('caption', { text: t('reports.attendance') }),
        head([t('reports.organisation'), t('reports.colFigure')]),
        ...(o.attendance.length
          ? o.attendance.map((a) => h('tbody', {}, [
              h('tr', { 'data-key': `organisations.attendance[${a.organisation_id}].meetings` }, [
                h('th', { scope: 'rowgroup', rowspan: '2' }, [h('a', { href: `#/organisations/${a.organisation_id}`, text: a.name })]),
                h('th', { scope: 'row', class: 'metric', text: t('reports.attendedMeetings') }),
                ...figureCells(a.meetings),
              ]),
              h('tr', { 'data-key': `organisations.attendance[${a.organisation_id}].persons` }, [
                h('th', { scope: 'row', class: 'metric', text: t('reports.attendedPersons') }),
                ...figureCells(a.persons),
              ]),
            ]))
          : [h('tbody', {}, [h('tr', {}, [h('td', { colspan: '5', class: 'empty-row', text: t('reports.nothing') })])])]),
      ]),
    ]),
  ]);
}

/** @param {Report} report @param {{ languages: Map<string, string> }} names */
function eventsSection(report, names) {
  const e = report.events;
  const words = chartWords(report);
  const age = (/** @type {string} */ g) => (g in AGE_GROUPS ? t(`reports.ageGroups.${AGE_GROUPS[g]}`) : g);
  return h('section', { class: 'report-section', id: 'report-events', 'aria-labelledby': 'report-events-title' }, [
    h('h2', { id: 'report-events-title', text: t('reports.events') }),
    figureTable('event-figures', t('reports.eventFigures'), [
      { key: 'events.workshops', label: t('reports.workshops'), value: e.workshops },
      ...figuresRows('events.figures', e.figures),
      { key: 'events.waitlisted_at_close', label: t('reports.waitlistedAtClose'), value: e.waitlisted_at_close },
    ]),
    barChart({
      id: 'chart-registrations-by-host',
      title: t('reports.registrationsByHost'),
      bars: e.by_host.map((l) => ({ label: none(l.group), now: l.figures.now.registered, before: l.figures.before.registered })),
      ...words,
    }),
    figuresLineTable('events.by_host', t('reports.byHost'), t('reports.organisation'), e.by_host, (g) => g),
    figuresLineTable('events.by_language', t('reports.byParticipantLanguage'), t('reports.language'), e.by_language, (code) => names.languages.get(code) ?? code),
    figuresLineTable('events.by_age_group', t('reports.byAgeGroup'), t('reports.ageGroup'), e.by_age_group, age),
  ]);
}

/**
 * The all-time statistics of loans and participants (ids used by the
 * privacy tests), folded away and asked for only when opened: they group
 * every loan ever made, which on a large Mediathek takes longer than the
 * report of a year and would hold the page.
 */
function allYears() {
  /**
   * @param {string} id @param {string[]} columns
   * @param {{ group: string[], count: number }[]} rows
   * @param {(group: string[]) => string[]} label
   */
  const table = (id, columns, rows, label) => h('div', { class: 'table-wrap' }, [
    h('table', { class: 'data-table', id }, [
      h('thead', {}, [h('tr', {}, [...columns, t('reports.count')].map((c, i) => h('th', { scope: 'col', class: i === columns.length ? 'number' : null, text: c })))]),
      h('tbody', {}, rows.map((r) => h('tr', {}, [...label(r.group).map((g) => h('td', { text: g })), h('td', { class: 'number', text: n(r.count) })]))),
    ]),
  ]);
  const body = h('div', { 'aria-live': 'polite' });
  const details = /** @type {HTMLDetailsElement} */ (h('details', { class: 'report-section report-all-years', id: 'report-all-years' }, [
    h('summary', {}, [h('h2', { id: 'report-all-years-title', text: t('reports.allYears') })]),
    body,
  ]));
  let asked = false;
  details.addEventListener('toggle', async () => {
    if (!details.open || asked) return;
    asked = true;
    try {
      const stats = await api.statistics();
      body.replaceChildren(
        h('p', { class: 'section-lead', text: t('reports.anonymous') }),
        h('h3', { text: t('reports.loansTitle') }),
        table('loan-statistics', [t('reports.month'), t('reports.kind'), t('reports.level'), t('reports.borrowerKind')], stats.loans, (g) => [g[0], g[1], g[2] || t('reports.noLevel'), t(`borrowerKinds.${g[3]}`)]),
        h('h3', { text: t('reports.participantsTitle') }),
        table('participant-statistics', [t('events.workshop'), t('participant.ageGroup'), t('privacy.language'), t('workshop.status')], stats.participants, (g) => [g[0], g[1], g[2], g[3] === 'warteliste' ? t('registration.onWaitlist') : t(`registration.${g[3]}`)]),
      );
    } catch (error) {
      asked = false;
      notifyError(error);
    }
  });
  return details;
}

/**
 * The period fields: the kind, then the fields of that kind (the others
 * hidden).
 * @param {PeriodChoice} choice @param {string} today
 */
function periodForm(choice, today) {
  const year = choice.kind === 'year' || choice.kind === 'quarter' ? choice.year : Number(today.slice(0, 4)) - 1;
  const schoolYear = choice.kind === 'school_half' ? choice.school_year : schoolYearOf(today);
  const schoolYears = [];
  for (let y = schoolYearOf(today) - 8; y <= schoolYearOf(today) + 1; y += 1) schoolYears.push(y);
  if (!schoolYears.includes(schoolYear)) schoolYears.unshift(schoolYear);
  /** @param {string} id @param {string} label @param {HTMLElement} input @param {string} kinds */
  const field = (id, label, input, kinds) => h('div', { class: 'field', 'data-kinds': kinds }, [h('label', { for: id, text: label }), input]);
  /** @param {string} id @param {[string, string][]} options @param {string} value */
  const select = (id, options, value) => {
    const el = /** @type {HTMLSelectElement} */ (h('select', { id, 'aria-describedby': 'period-error' }, options.map(([v, l]) => h('option', { value: v, text: l }))));
    el.value = value;
    return el;
  };
  const form = /** @type {HTMLFormElement} */ (h('form', { id: 'report-period', class: 'period-form', novalidate: true, 'aria-label': t('reports.periodTitle') }, [
    h('div', { class: 'period-fields' }, [
      field('period-kind', t('reports.periodKind'), select('period-kind', [
        ['year', t('reports.kindYear')], ['quarter', t('reports.kindQuarter')],
        ['school_half', t('reports.kindHalf')], ['range', t('reports.kindRange')],
      ], choice.kind), 'year quarter school_half range'),
      field('period-year', t('reports.year'), h('input', { id: 'period-year', type: 'number', min: '1900', max: '2200', step: '1', value: String(year), 'aria-describedby': 'period-error', inputmode: 'numeric' }), 'year quarter'),
      field('period-quarter', t('reports.quarter'), select('period-quarter', [1, 2, 3, 4].map((q) => [String(q), t(`reports.quarters.q${q}`)]), String(choice.kind === 'quarter' ? choice.quarter : 1)), 'quarter'),
      field('period-school-year', t('reports.schoolYear'), select('period-school-year', schoolYears.map((y) => [String(y), schoolYearName(y)]), String(schoolYear)), 'school_half'),
      field('period-half', t('reports.half'), select('period-half', [['1', t('reports.half1')], ['2', t('reports.half2')]], String(choice.kind === 'school_half' ? choice.half : 1)), 'school_half'),
      field('period-from', t('reports.from'), h('input', { id: 'period-from', type: 'date', value: choice.kind === 'range' ? choice.from : `${year}-01-01`, 'aria-describedby': 'period-error' }), 'range'),
      field('period-to', t('reports.to'), h('input', { id: 'period-to', type: 'date', value: choice.kind === 'range' ? choice.to : `${year}-12-31`, 'aria-describedby': 'period-error' }), 'range'),
      h('div', { class: 'field period-submit' }, [h('button', { type: 'submit', class: 'button primary', id: 'period-show', text: t('reports.show') })]),
    ]),
    h('p', { id: 'period-error', class: 'field-error', 'aria-live': 'polite' }),
  ]));
  const kind = /** @type {HTMLSelectElement} */ (form.querySelector('#period-kind'));
  const showKind = () => {
    for (const f of form.querySelectorAll('[data-kinds]')) {
      /** @type {HTMLElement} */ (f).hidden = !(f.getAttribute('data-kinds') ?? '').split(' ').includes(kind.value);
    }
  };
  kind.addEventListener('change', showKind);
  showKind();
  return form;
}

/**
 * The choice the form's fields name, or the key of the text that says
 * what is missing.
 * @param {HTMLFormElement} form
 * @returns {PeriodChoice | { missing: string }}
 */
function readChoice(form) {
  const value = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ (form.querySelector(`#${id}`)).value.trim();
  const whole = (/** @type {string} */ id) => (/^\d{1,4}$/.test(value(id)) ? Number(value(id)) : NaN);
  switch (value('period-kind')) {
    case 'quarter':
      return Number.isNaN(whole('period-year')) ? { missing: 'errors.report_period_invalid_year' } : { kind: 'quarter', year: whole('period-year'), quarter: whole('period-quarter') };
    case 'school_half':
      return { kind: 'school_half', school_year: whole('period-school-year'), half: whole('period-half') };
    case 'range':
      return value('period-from') && value('period-to') ? { kind: 'range', from: value('period-from'), to: value('period-to') } : { missing: 'reports.missingDay' };
    default:
      return Number.isNaN(whole('period-year')) ? { missing: 'errors.report_period_invalid_year' } : { kind: 'year', year: whole('period-year') };
  }
}

/** @param {HTMLFormElement} form @param {string} message */
function showPeriodError(form, message) {
  const slot = /** @type {HTMLElement} */ (form.querySelector('#period-error'));
  slot.textContent = message;
  form.classList.toggle('has-error', Boolean(message));
  const visible = [...form.querySelectorAll('[data-kinds]:not([hidden]) input, [data-kinds]:not([hidden]) select')].filter((el) => el.id !== 'period-kind');
  for (const el of visible) {
    if (message) el.setAttribute('aria-invalid', 'true');
    else el.removeAttribute('aria-invalid');
  }
  if (message) /** @type {HTMLElement | undefined} */ (visible[0])?.focus();
}

/**
 * The printout buttons of the Jahresbericht.
 * @param {() => PeriodChoice} current the period shown
 */
function printButtons(current) {
  return h('div', { class: 'actions report-actions' }, [
    h('button', { type: 'button', class: 'button', id: 'annual-report-pdf', text: t('reports.printPdf'), onClick: () => deliverDocument(() => api.printAnnualReport(current(), false, 'open')) }),
    h('button', { type: 'button', class: 'button', id: 'annual-report-xlsx', text: t('reports.printXlsx'), onClick: () => deliverDocument(() => api.printAnnualReport(current(), true, 'open')) }),
  ]);
}

/**
 * @param {HTMLElement} outlet
 * @param {import('../routes.js').RouteContext} ctx
 */
export async function render(outlet, ctx) {
  const today = todayIso();
  let choice = choiceFromHash(ctx.params[0]) ?? choiceFromHash(sessionStorage.getItem(STORED) ?? undefined) ?? defaultChoice(today);
  /** @type {Report} */
  let report;
  /** @type {Map<string, string>} */
  let languages;
  const figuresOfChoice = async () => {
    try {
      return await api.reportFigures(choice);
    } catch (error) {
      // A period kept from before that the core refuses: show the default.
      if (/** @type {any} */ (error)?.code !== 'report_period_invalid') throw error;
      choice = defaultChoice(today);
      return api.reportFigures(choice);
    }
  };
  try {
    // Asked at once; the database answers them one after another.
    let options;
    [options, report] = await Promise.all([api.catalogueOptions(), figuresOfChoice()]);
    languages = new Map(options.languages.map((l) => [l.code, l.name]));
  } catch (error) {
    notifyError(error);
    return false;
  }
  const names = { languages };
  const words = h('p', { class: 'report-period-words', id: 'report-period-words', 'aria-live': 'polite' });
  const figures = h('div', { id: 'report-figures', 'aria-busy': 'false' });
  const form = periodForm(choice, today);

  /** Shows `r` for `c` and keeps the choice. @param {PeriodChoice} c @param {Report} r */
  const show = (c, r) => {
    choice = c;
    sessionStorage.setItem(STORED, choiceToHash(c));
    history.replaceState(null, '', `#/reports/${choiceToHash(c)}`);
    words.replaceChildren(
      h('strong', { text: t('reports.periodWords', { name: choiceName(c, t), days: periodDays(r.period, t) }) }),
      ' ',
      t('reports.compareWords', { days: periodDays(r.previous, t) }),
    );
    figures.setAttribute('data-period', `${r.period.first}/${r.period.last}`);
    figures.replaceChildren(mediathekSection(r, names), organisationsSection(r, names), eventsSection(r, names));
  };

  let latestAsked = 0;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const read = readChoice(form);
    if ('missing' in read) {
      showPeriodError(form, t(read.missing));
      return;
    }
    figures.setAttribute('aria-busy', 'true');
    // Only the answer to the latest choice is shown: a slow answer to an
    // earlier one that arrives after it is dropped.
    const asked = ++latestAsked;
    try {
      const r = await api.reportFigures(read);
      if (asked !== latestAsked) return;
      showPeriodError(form, '');
      show(read, r);
    } catch (error) {
      if (asked !== latestAsked) return;
      const e = /** @type {import('../api.js').CommandError} */ (error);
      if (e.code === 'report_period_invalid') showPeriodError(form, errorText(e));
      else notifyError(error);
    } finally {
      if (asked === latestAsked) figures.setAttribute('aria-busy', 'false');
    }
  });

  outlet.replaceChildren(
    pageHeader(t('reports.title'), t('reports.lead')),
    form,
    words,
    h('p', { class: 'section-lead', id: 'report-exact', text: t('reports.exactNote') }),
    printButtons(() => choice),
    figures,
    allYears(),
  );
  show(choice, report);
  return false;
}

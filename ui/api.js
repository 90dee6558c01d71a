// The only module that talks to the shell. One function per command; each
// resolves with the command's result or rejects with a CommandError.

/**
 * A refusal or failure: the code to branch on and to look up the text
 * (`errors.<code>` in ui/i18n/), the form field it belongs to, and the
 * details the text names (a date as yyyy-mm-dd, a record kind or field by its code).
 * @typedef {{ code: string, field: string | null,
 *             params: Record<string, string | number | string[]> }} CommandError
 * @typedef {{ name: string, department: string, street: string, postal_code: string,
 *             city: string, phone: string, email: string, website: string,
 *             opening_hours: string }} Institution
 * @typedef {{ error: CommandError | null, data_dir: string, database_file: string,
 *             log_dir: string, data_dir_on_network: boolean, ui_language: 'de' | 'en',
 *             schema_version: number | null, app_version: string, empty: boolean,
 *             backup_warning: CommandError | null, checking: boolean,
 *             server_error: CommandError | null }} AppStatus
 * @typedef {'a4' | 'a5' | 'roll_80' | 'roll_58'} SlipFormat
 * @typedef {{ institution: Institution, institution_version: number, ui_language: 'de' | 'en',
 *             slip_format: SlipFormat, report_min_count: number }} SettingsView
 * @typedef {{ id: number, name: string, municipality: string, description: string }} OrganisationSummary
 * @typedef {{ organisations: number, media: number, copies: number, borrowers: number, participants: number }} DemoSummary
 * @typedef {{ outcome: 'opened' | 'saved' | 'written' | 'cancelled', path: string | null,
 *             warnings: CommandError[] }} Delivered
 */

const tauri = window.__TAURI__;

/**
 * @param {string} command
 * @param {Record<string, unknown>} [args]
 */
function call(command, args) {
  return settle(() => tauri.core.invoke(command, args));
}

/**
 * The answer `ask` brings, or its refusal as a CommandError.
 * @param {() => Promise<any>} ask
 */
async function settle(ask) {
  try {
    return await ask();
  } catch (error) {
    const failure = error && typeof error === 'object' && 'code' in error
      ? error
      // A failure of the bridge itself (not a refusal by the core).
      : { code: 'internal', field: null, params: {} };
    if (failure.code === 'internal') lastInternalError = Date.now();
    throw failure;
  }
}

/** When a command last failed inside the app (a panic), in ms since the epoch. */
let lastInternalError = 0;

/** @returns {number} see {@link lastInternalError} */
export const lastInternalErrorAt = () => lastInternalError;

/** @returns {Promise<AppStatus>} */
export const appStatus = () => call('app_status');

/**
 * The start's status: the answer to the question ui/early.js asked while
 * the page was parsed (taken once), else asked now.
 * @returns {Promise<AppStatus>}
 */
export function startStatus() {
  const early = window.kizStartStatus;
  window.kizStartStatus = undefined;
  return early ? settle(() => early) : appStatus();
}

/**
 * Waits for the start-up check of the database; resolves with why the
 * database cannot be used, or null when it passed.
 * @returns {Promise<CommandError | null>}
 */
export const startCheck = () => call('start_check');

/**
 * Says that the first screen is on the screen: `at` in ms since 1970,
 * `pageMs` since the page began to load, `marks` where the page spent it
 * (the log keeps the start-up time).
 * @param {number} at @param {number} pageMs @param {string} marks @returns {Promise<null>}
 */
export const firstScreenPainted = (at, pageMs, marks) => call('first_screen_painted', { at, pageMs, marks });

/** @returns {Promise<SettingsView>} */
export const getSettings = () => call('get_settings');

/**
 * The shared database as IT names it (policy file) or as typed in
 * Einstellungen → Datenbank; `ca_file` null: the system's CAs.
 * @typedef {{ host: string, port: number, database: string, role: string, ca_file: string | null }} ServerSettings
 * Where this PC's data lives: its file, and the server the policy file
 * names (or why that file cannot be read), and the shared database this
 * PC works on (`host:port/database`), if it works on one.
 * @typedef {{ file: string, policy: ServerSettings | null, policy_error: CommandError | null, shared: string | null, shared_settings: ServerSettings | null }} DatabaseLocation
 * The connection form as typed (text as in the fields; empty port: 5432).
 * @typedef {{ host: string, port: string, database: string, role: string, ca_file: string }} ServerForm
 * What "Verbindung testen" found: an empty database, or one of KIZ Desk
 * with its schema version (`supported`: the newest this build knows).
 * @typedef {{ server: string, role: string, supported: number } & ({ state: 'empty' } | { state: 'ready', version: number })} ConnectionChecked
 */

/** @returns {Promise<DatabaseLocation>} */
export const databaseLocation = () => call('database_location');

/**
 * Connects with TLS to the server typed and says what its database holds;
 * stores nothing and changes nothing.
 * @param {ServerForm} form
 * @param {string} password
 * @returns {Promise<ConnectionChecked>}
 */
export const testServerConnection = (form, password) => call('test_server_connection', { form, password });

/**
 * What moving the data or connecting did: the server, and for a move every
 * table with its rows (compared with the file).
 * @typedef {{ server: string, tables: { table: string, rows: number }[] }} Switched
 */

/**
 * "Daten auf den Server übertragen": this PC's data into the empty
 * database, compared, and this PC switched to it.
 * @param {ServerForm} form @param {string} password @returns {Promise<Switched>}
 */
export const moveToServer = (form, password) => call('move_to_server', { form, password });

/**
 * "Mit dem Server verbinden": this PC switched to a database another PC filled.
 * @param {ServerForm} form @param {string} password @returns {Promise<Switched>}
 */
export const connectToServer = (form, password) => call('connect_to_server', { form, password });

/**
 * Whether the live view reaches the shared database: false while it does
 * not, null on the file or before its first try.
 * @returns {Promise<boolean | null>}
 */
export const serverConnection = () => call('server_connection');

/**
 * The system's open dialog for the CA certificate; null when cancelled.
 * @returns {Promise<string | null>}
 */
export const pickCaFile = () => call('pick_ca_file');

/**
 * A release the update server offers: its version, its German notes, when
 * it was published (RFC 3339, if the manifest says).
 * @typedef {{ version: string, notes: string, date: string | null }} Release
 * What the settings show about updates (`state` decides which fields are
 * there); `reason` of `off`: no_key, no_server, switched_off, policy_invalid.
 * @typedef {{ state: 'off', reason: string }
 *   | { state: 'idle', last_check: string | null }
 *   | { state: 'checking' }
 *   | { state: 'up_to_date', checked_at: string }
 *   | { state: 'unreachable', checked_at: string }
 *   | { state: 'downloading', release: Release, received: number, total: number | null }
 *   | { state: 'ready', release: Release }
 *   | { state: 'failed', release: Release, error: CommandError }
 *   | { state: 'installing', release: Release }} UpdateStatus
 */

/** @returns {Promise<UpdateStatus>} */
export const updateStatus = () => call('update_status');

/** Looks for an update now, downloads and verifies it. @returns {Promise<UpdateStatus>} */
export const updateCheck = () => call('update_check');

/** Backs up, closes the database and installs the verified update. @returns {Promise<void>} */
export const updateInstall = () => call('update_install');

/**
 * Saves the institution's details, unless someone saved them since the
 * form read `version` (SettingsView.institution_version): then the error
 * `changed_meanwhile`.
 * @param {Institution} institution @param {number} version
 * @returns {Promise<{ institution: Institution, version: number }>}
 */
export const saveInstitution = (institution, version) => call('save_institution', { institution, version });

/**
 * The numbering patterns of Inventarnummern and Ausweisnummern, with the
 * numbers they hand out next.
 * @typedef {{ copy_barcode: string, card_number: string }} NumberingPatterns
 * @typedef {{ patterns: NumberingPatterns, next_barcode: string, next_card_number: string,
 *             version: number }} NumberingPreview
 */

/** @returns {Promise<NumberingPreview>} */
export const numberingPatterns = () => call('numbering_patterns');

/** @param {NumberingPatterns} patterns @returns {Promise<NumberingPreview>} */
export const previewNumberingPatterns = (patterns) => call('preview_numbering_patterns', { patterns });

/**
 * Saves the patterns, unless someone saved them since the form read
 * `version` (NumberingPreview.version): then the error `changed_meanwhile`.
 * @param {NumberingPatterns} patterns @param {number} version @returns {Promise<NumberingPreview>}
 */
export const saveNumberingPatterns = (patterns, version) => call('save_numbering_patterns', { patterns, version });

/**
 * @param {'de' | 'en'} language
 * @returns {Promise<'de' | 'en'>}
 */
export const setUiLanguage = (language) => call('set_ui_language', { language });

/**
 * The paper slips and receipts are printed on.
 * @param {SlipFormat} format
 * @returns {Promise<SlipFormat>}
 */
export const setSlipFormat = (format) => call('set_slip_format', { format });

/**
 * The smallest count of people the printed and exported reports show as
 * it is (1 to 10; smaller counts read "< 3"; 1 shows every count).
 * Resolves with the value stored.
 * @param {number} value
 * @returns {Promise<number>}
 */
export const setReportMinCount = (value) => call('set_report_min_count', { value });

// ---- Lists ----

/**
 * One page of a sorted list: the total of the whole list, the rows, and the
 * sort it was read in (`column:asc` or `column:desc`).
 * @template T
 * @typedef {{ total: number, rows: T[], sort: string }} ListPage
 */

/** @typedef {{ limit: number, offset: number }} Paging */

/** @typedef {'borrowers' | 'organisations' | 'participants' | 'overdue'} ListName */

/**
 * Keeps the sort staff chose for a list, across navigation and restarts.
 * @param {ListName} list @param {string} sort `column:asc` or `column:desc`
 * @returns {Promise<string>} the sort as stored
 */
export const saveListSort = (list, sort) => call('save_list_sort', { list, sort });

/** @returns {Promise<OrganisationSummary[]>} */
export const listOrganisations = () => call('list_organisations');

/** @returns {Promise<DemoSummary>} */
export const loadDemoData = () => call('load_demo_data');

/**
 * The test page: opened in the PDF program, or saved where the user picks.
 * @param {'open' | 'save'} delivery
 * @returns {Promise<Delivered>}
 */
export const printTestPage = (delivery) => call('print_test_page', { delivery });

/**
 * Barcode labels for copies on an A4 label sheet, from position `start`.
 * @param {number[]} copyIds
 * @param {'three_by_eight' | 'three_by_seven'} sheet
 * @param {number} start
 * @param {'open' | 'save'} delivery
 * @returns {Promise<Delivered>}
 */
export const printLabels = (copyIds, sheet, start, delivery) =>
  call('print_labels', { copyIds, sheet, start, delivery });

/**
 * Package cards of course packages (code as barcode, name) on a label sheet.
 * @param {number[]} packageIds
 * @param {'three_by_eight' | 'three_by_seven'} sheet
 * @param {number} start
 * @param {'open' | 'save'} delivery
 * @returns {Promise<Delivered>}
 */
export const printPackageCards = (packageIds, sheet, start, delivery) =>
  call('print_package_cards', { packageIds, sheet, start, delivery });

/**
 * @param {number} borrowerId
 * @param {'open' | 'save'} delivery
 * @returns {Promise<Delivered>}
 */
export const printBorrowerCard = (borrowerId, delivery) => call('print_borrower_card', { borrowerId, delivery });

/**
 * The period of a report: a calendar year, a quarter, a school half-year
 * (half 1: August to January of `school_year`/`school_year + 1`) or any
 * range of days (yyyy-mm-dd, both counted).
 * @typedef {{ kind: 'year', year: number }
 *   | { kind: 'quarter', year: number, quarter: number }
 *   | { kind: 'school_half', school_year: number, half: number }
 *   | { kind: 'range', from: string, to: string }} PeriodChoice
 */

/**
 * The Jahresbericht of a period, compared with the same period a year
 * before: a PDF, or an XLSX workbook (one sheet per table) when `xlsx`.
 * Counts of people below the minimum of the settings read "< 3".
 * @param {PeriodChoice} choice
 * @param {boolean} xlsx
 * @param {'open' | 'save'} delivery
 * @returns {Promise<Delivered>}
 */
export const printAnnualReport = (choice, xlsx, delivery) =>
  call('print_annual_report', { choice, xlsx, delivery });

/**
 * @typedef {{ id: number, code: string, name: string }} MediaKind
 * @typedef {{ code: string, name: string }} Language
 * @typedef {'alpha' | 'a1' | 'a2' | 'b1' | 'b2' | 'c1' | 'c2'} Level
 * @typedef {{ name: string, quantity: number }} KitItem
 * @typedef {{ id: number, medium_id: number, barcode: string, condition: string,
 *             acquired_on: string | null, price_cents: number | null, status: string,
 *             retired_on: string | null, missing_parts: string, shelf: string,
 *             retired_reason: string, saved: Saved }} Copy
 * @typedef {{ kind_id: number, title: string, subtitle: string, authors: string, publisher: string,
 *             year: number | null, isbn: string, level_from: Level | null, level_to: Level | null,
 *             audience: string, target_language: string | null, support_languages: string[],
 *             topics: string[], location: string, description: string, notes: string,
 *             kit_items: KitItem[], version?: number | null }} MediumInput
 * @typedef {{ version: number, at: string, by: string }} Saved
 * @typedef {MediumInput & { id: number, kind: MediaKind, isbn: string | null, copies: Copy[], saved: Saved }} Medium
 * @typedef {{ text: string, kind_id: number | null, level: Level | null, language: string | null,
 *             audience: string | null, available_only: boolean, limit: number, offset: number,
 *             before: number | null }} MediaQuery
 * @typedef {{ id: number, title: string, subtitle: string, authors: string, kind: string,
 *             levels: string, languages: string[], copies: number, available: number }} MediumRow
 * @typedef {{ total: number, rows: MediumRow[], more: boolean }} MediaPage
 * @typedef {{ kinds: MediaKind[], languages: Language[], next_barcode: string }} CatalogueOptions
 * @typedef {{ given_on: string, text_version: string }} Consent
 * @typedef {{ street: string, extra: string, postal_code: string, town: string, country: string }} PostalAddress
 * @typedef {{ kind: string, name: string, organisation_id: number | null, email: string, phone: string,
 *             print_language: string, card_number: string, note: string, address: PostalAddress,
 *             history_consent: Consent | null, email_consent: Consent | null,
 *             teaching_language?: string | null, teaching_level?: LevelCode | null,
 *             version?: number | null }} BorrowerInput
 * @typedef {BorrowerInput & { id: number, blocked_reason: string | null, saved: Saved }} Borrower
 * @typedef {{ total: number, rows: Borrower[], sort: string, next_card_number: string }} BorrowerPage
 */

/** @returns {Promise<CatalogueOptions>} */
export const catalogueOptions = () => call('catalogue_options');

/** @param {Partial<MediaQuery>} query @returns {Promise<MediaPage>} */
export const searchMedia = (query) => call('search_media', { query });

/** @param {number} id @returns {Promise<Medium>} */
export const getMedium = (id) => call('get_medium', { id });

/**
 * "Passt dazu": media of the same series and target language at the next
 * level (the series read from the titles).
 * @typedef {{ medium_id: number, title: string, level_from: LevelCode | null, level_to: LevelCode | null }} NextInSeries
 * @param {number} mediumId @returns {Promise<NextInSeries[]>}
 */
export const nextInSeries = (mediumId) => call('next_in_series', { mediumId });

/** @param {number | null} id @param {MediumInput} input @returns {Promise<Medium>} */
export const saveMedium = (id, input) => call('save_medium', { id, input });

/** @param {string} name @returns {Promise<MediaKind>} */
export const addMediaKind = (name) => call('add_media_kind', { name });

/**
 * @param {number} mediumId
 * @param {{ barcode: string, condition: string, acquired_on: string | null, price_cents: number | null,
 *           shelf: string }} input  shelf: empty for the medium's location
 * @returns {Promise<Copy>}
 */
export const addCopy = (mediumId, input) => call('add_copy', { mediumId, input });

/**
 * What staff set a copy to: back on the shelf, in repair, or withdrawn
 * (ausgeschieden) with a reason and a day (`null`: today).
 * @typedef {{ status: 'verfuegbar' } | { status: 'in_reparatur' }
 *   | { status: 'ausgeschieden', reason: string, on: string | null }} CopyStatusChange
 * @typedef {{ condition: string, price_cents: number | null, acquired_on: string | null,
 *             shelf: string, version: number | null }} CopyEdit
 *   `version`: the one the form was filled from; saving over someone else's save is refused
 * @typedef {{ shown: 'named', id: number, name: string, card_number: string }
 *   | { shown: 'withheld' } | { shown: 'anonymised' }} HistoryBorrower
 * @typedef {{ id: number, loaned_at: string, due_on: string, renewals: number,
 *             renewed_at: string | null, returned_at: string | null,
 *             outcome: 'zurueckgegeben' | 'verloren' | null, missing_parts: string,
 *             reminders: { level: number, sent_on: string }[], borrower: HistoryBorrower }} HistoryLoan
 * @typedef {{ copy: Copy, title: string, kind_name: string, medium_location: string,
 *             loans: HistoryLoan[] }} CopyPage
 */

/**
 * @param {number} copyId @param {CopyStatusChange} change
 * @param {number} version the copy's version the page shows (refused with changed_meanwhile when saved since)
 * @returns {Promise<Copy>}
 */
export const changeCopyStatus = (copyId, change, version) => call('change_copy_status', { copyId, change, version });

/** @param {number} copyId @param {CopyEdit} edit @returns {Promise<Copy>} */
export const updateCopy = (copyId, edit) => call('update_copy', { copyId, edit });

/** @param {number} copyId @returns {Promise<CopyPage>} */
export const copyPage = (copyId) => call('copy_page', { copyId });

/**
 * A page of Ausleihende; `sort` (`name:desc`) left out: the sort kept for the list;
 * `kindOrder`: the kinds in the order of their labels on screen, for the kind column.
 * @param {string} text @param {number} limit @param {number} offset @param {string} [sort]
 * @param {string[]} [kindOrder]
 * @returns {Promise<BorrowerPage>}
 */
export const searchBorrowers = (text, limit, offset, sort, kindOrder) =>
  call('search_borrowers', { text, limit, offset, sort: sort ?? null, kindOrder: kindOrder ?? null });

/** @param {number} id @returns {Promise<Borrower>} */
export const getBorrower = (id) => call('get_borrower', { id });

/** @param {number | null} id @param {BorrowerInput} input @returns {Promise<Borrower>} */
export const saveBorrower = (id, input) => call('save_borrower', { id, input });

/** @param {number} id @param {string | null} reason @param {number} version the borrower's version the page shows @returns {Promise<Borrower>} */
export const setBorrowerBlocked = (id, reason, version) => call('set_borrower_blocked', { id, reason, version });

// ---- Theke (lending) ----

/**
 * @typedef {{ id: number, copy_id: number, barcode: string, medium_id: number, title: string,
 *             kind_name: string, borrower_id: number | null, borrower_kind: string,
 *             loaned_at: string, due_on: string, renewals: number, max_renewals: number,
 *             returned_at: string | null, outcome: 'zurueckgegeben' | 'verloren' | null,
 *             override_reason: string | null, missing_parts: string,
 *             set_id: number | null, set_name: string | null,
 *             set_kind: 'paket' | 'klassensatz' | 'material' | null }} Loan
 * @typedef {{ reservation_id: number, borrower_id: number | null, borrower_name: string,
 *             card_number: string, title: string, barcode: string, pickup_by: string }} ReadyReservation
 * @typedef {{ id: number, medium_id: number, title: string, borrower_id: number | null,
 *             borrower_name: string | null, card_number: string | null, created_at: string,
 *             status: 'wartend' | 'bereit' | 'abgeholt' | 'storniert' | 'abgelaufen',
 *             position: number | null, barcode: string | null, ready_on: string | null,
 *             pickup_by: string | null }} Reservation
 * @typedef {{ copy: Copy, title: string, kind_name: string,
 *             kit_items: { name: string, quantity: number }[], loan: Loan | null }} CopyAtDesk
 * @typedef {{ type: 'borrower', borrower: Borrower } | { type: 'copy', copy: CopyAtDesk }
 *   | { type: 'package', package: CoursePackage }} Scanned
 * @typedef {{ borrower: Borrower, loans: Loan[], overdue: number, limit: number, counted: number,
 *             reservations: Reservation[], today: string }} BorrowerAtDesk
 * @typedef {{ loan: Loan, borrower_id: number | null, borrower_name: string | null, days_overdue: number,
 *             reserved_for: ReadyReservation | null, class_set: ClassSetProgress | null }} ReturnReceipt
 * @typedef {{ set_id: number, name: string, kind: 'paket' | 'klassensatz' | 'material', total: number,
 *             returned: number, missing: string[] }} ClassSetProgress
 * @typedef {{ loan: Loan, borrower_name: string, card_number: string, email: string,
 *             days_overdue: number, last_level: number, last_sent_on: string | null,
 *             next_level: number | null, next_due_on: string | null, reminder_due: boolean,
 *             borrower_reminder_due: boolean, first_of_borrower: boolean }} OverdueLoan
 * @typedef {{ text: string, min_days: number, reminder_due_only: boolean,
 *             borrower_kind: string | null, borrower_id: number | null }} OverdueFilter
 * @typedef {{ to: string, subject: string, body: string }} MailDraft
 * @typedef {{ level: number, items: number, delivered: Delivered,
 *             email: 'allowed' | 'no_address' | 'no_consent', mail: MailDraft | null }} ReminderSent
 * @typedef {{ kind_id: number, kind_name: string, borrower_kind: string, period_days: number,
 *             max_renewals: number }} LoanRule
 * @typedef {{ rules: LoanRule[], limits: { borrower_kind: string, max_items: number }[],
 *             closed_weekdays: number[],
 *             closing_periods: { first_day: string, last_day: string, reason: string }[],
 *             renewal_grace_days: number, pickup_days: number, reminder_days: number[],
 *             auto_print_slip: boolean, version: number, saved_by: string,
 *             saved_at: string | null, course_terms: CourseTerm[],
 *             course_end_limits: CourseEndLimit[] }} LendingSettings
 * @typedef {{ name: string, ends_on: string }} CourseTerm
 * @typedef {{ kind_id: number, kind_name: string, max_days: number }} CourseEndLimit
 */

/** @param {string} code @returns {Promise<Scanned>} */
export const deskScan = (code) => call('desk_scan', { code });

/**
 * What one scan at the desk did (recognised and carried out in one step):
 * a card selects its borrower; a copy is lent, taken back or renewed as
 * the mode says, or refused with the reason for its row.
 * @typedef {{ type: 'borrower', panel: BorrowerAtDesk }
 *   | { type: 'kit_to_check', copy: CopyAtDesk }
 *   | { type: 'lent', copy: CopyAtDesk, loan: Loan, panel: BorrowerAtDesk | null }
 *   | { type: 'returned', copy: CopyAtDesk, receipt: ReturnReceipt, panel: BorrowerAtDesk | null }
 *   | { type: 'renewed', copy: CopyAtDesk, loan: Loan, panel: BorrowerAtDesk | null }
 *   | { type: 'package', outcome: PackageOutcome, panel: BorrowerAtDesk | null }
 *   | { type: 'package_refused', package: CoursePackage, error: CommandError }
 *   | { type: 'refused', copy: CopyAtDesk, error: CommandError }} DeskAnswer
 * @param {{ code: string, mode: 'checkout' | 'return' | 'renew', borrower_id: number | null,
 *           course_end?: string | null }} request
 * @returns {Promise<DeskAnswer>}
 */
export const deskAct = (request) => call('desk_act', { request });

/**
 * Course packages (Kurspakete): media a course needs, lent in one step.
 * @typedef {{ medium_id: number, title: string, kind_name: string, quantity: number,
 *             on_shelf: number }} PackagePart
 * @typedef {{ id: number, code: string, name: string, note: string, parts: PackagePart[] }} CoursePackage
 * @typedef {{ name: string, note: string, parts: { medium_id: number, quantity: number }[] }} PackageInput
 * @typedef {{ medium_id: number, title: string, wanted: number, on_shelf: number,
 *             reserved: boolean }} MissingPart
 * @typedef {{ status: 'incomplete', package: CoursePackage, missing: MissingPart[] }
 *   | { status: 'lent', package: CoursePackage, loans: Loan[], missing: MissingPart[] }} PackageOutcome
 * @typedef {'ask' | 'lend_rest' | 'lend_rest_and_reserve'} WhenMissing
 */

/**
 * Lends a class set: `count` copies of the scanned copy's medium.
 * @param {{ borrower_id: number, barcode: string, count: number, override_reason: string | null,
 *           course_end?: string | null }} request
 * @returns {Promise<{ set: ClassSetProgress, loans: Loan[] }>}
 */
export const lendClassSet = (request) => call('lend_class_set', { request });

/**
 * Media reserved for a workshop (issue 23): what competes for them on its
 * day, and once lent how much is back.
 * @typedef {{ kind: 'other_workshop', title: string, quantity: number }
 *   | { kind: 'on_loan', count: number, latest_due: string }
 *   | { kind: 'waiting', count: number }} MaterialConflict
 * @typedef {{ id: number, workshop_id: number, workshop_title: string, day: string, medium_id: number,
 *             title: string, quantity: number, lendable: number, conflicts: MaterialConflict[],
 *             short_by: number, lent: ClassSetProgress | null }} Material
 */

/** @param {number} workshopId @returns {Promise<Material[]>} */
export const workshopMaterial = (workshopId) => call('workshop_material', { workshopId });

/** @param {number} mediumId @returns {Promise<Material[]>} */
export const mediumMaterial = (mediumId) => call('medium_material', { mediumId });

/** @param {{ workshop_id: number, medium_id: number, quantity: number }} input @returns {Promise<Material[]>} */
export const reserveWorkshopMaterial = (input) => call('reserve_workshop_material', { input });

/** @param {number} id @returns {Promise<void>} */
export const removeWorkshopMaterial = (id) => call('remove_workshop_material', { id });

/**
 * @param {number} id @param {number} organisationId
 * @returns {Promise<{ set: ClassSetProgress, loans: Loan[] }>}
 */
export const lendWorkshopMaterial = (id, organisationId) => call('lend_workshop_material', { id, organisationId });

/** @returns {Promise<CoursePackage[]>} */
export const coursePackages = () => call('course_packages');

/** @param {number | null} id @param {PackageInput} input @returns {Promise<CoursePackage>} */
export const saveCoursePackage = (id, input) => call('save_course_package', { id, input });

/** @param {number} id @returns {Promise<void>} */
export const deleteCoursePackage = (id) => call('delete_course_package', { id });

/**
 * Lends a package as staff chose after the desk said what is missing.
 * @param {{ borrower_id: number, package_id: number, when_missing: WhenMissing,
 *           override_reason: string | null, course_end?: string | null }} request
 * @returns {Promise<PackageOutcome>}
 */
export const lendPackage = (request) => call('lend_package', { request });

/** @param {number} borrowerId @returns {Promise<BorrowerAtDesk>} */
export const borrowerAtDesk = (borrowerId) => call('borrower_at_desk', { borrowerId });

/**
 * Media on the shelf of the level and target language the borrower's
 * loans show, never borrowed by them (at most five, newest first).
 * @typedef {'alpha' | 'a1' | 'a2' | 'b1' | 'b2' | 'c1' | 'c2'} LevelCode
 * @typedef {{ medium_id: number, title: string, level_from: LevelCode | null, level_to: LevelCode | null,
 *             on_shelf: number, location: string }} Suggestion
 * @typedef {{ teaching: { target_language: string, language_name: string, level: LevelCode,
 *                          from_profile: boolean } | null,
 *             media: Suggestion[] }} Suggestions
 * @param {number} borrowerId @returns {Promise<Suggestions>}
 */
export const borrowerSuggestions = (borrowerId) => call('borrower_suggestions', { borrowerId });

/**
 * @param {{ borrower_id: number, barcode: string, override_reason: string | null, course_end?: string | null }} request
 * @returns {Promise<Loan>}
 */
export const checkout = (request) => call('checkout', { request });

/** @param {{ barcode: string, missing_parts: string[] }} request @returns {Promise<ReturnReceipt>} */
export const checkin = (request) => call('checkin', { request });

/** @param {string} barcode @returns {Promise<Loan>} */
export const renew = (barcode) => call('renew', { barcode });

/** @param {number} loanId @returns {Promise<Loan>} */
export const markLost = (loanId) => call('mark_lost', { loanId });

/** @param {number} mediumId @param {number} borrowerId @returns {Promise<Reservation>} */
export const reserve = (mediumId, borrowerId) => call('reserve', { mediumId, borrowerId });

/** @param {number} id @returns {Promise<ReadyReservation | null>} */
export const cancelReservation = (id) => call('cancel_reservation', { id });

/**
 * @param {{ borrower_id?: number | null, medium_id?: number | null, status?: string | null }} filter
 * @returns {Promise<{ rows: Reservation[], newly_ready: ReadyReservation[] }>}
 */
export const listReservations = (filter) => call('list_reservations', { filter });

/**
 * A page of the overdue list; `sort` left out: the sort kept for the list.
 * @param {OverdueFilter} filter @param {Paging} paging @param {string} [sort]
 * @returns {Promise<ListPage<OverdueLoan>>}
 */
export const overduePage = (filter, paging, sort) => call('overdue_page', { filter, paging, sort: sort ?? null });

/** @param {OverdueFilter} filter @returns {Promise<OverdueLoan[]>} */
export const overdueLoans = (filter) => call('overdue_loans', { filter });

/** @param {number} borrowerId @param {'open' | 'save'} delivery @returns {Promise<ReminderSent>} */
export const sendReminder = (borrowerId, delivery) => call('send_reminder', { borrowerId, delivery });

/**
 * A reminder letter sent to a borrower (one per day).
 * @typedef {{ sent_on: string, level: number, titles: string[] }} SentReminder
 */

/** @param {number} borrowerId @returns {Promise<SentReminder[]>} */
export const sentReminders = (borrowerId) => call('sent_reminders', { borrowerId });

/**
 * Prints a letter sent before again, marked "Zweitschrift".
 * @param {number} borrowerId @param {string} sentOn @param {'open' | 'save'} delivery
 * @returns {Promise<Delivered>}
 */
export const printReminderCopy = (borrowerId, sentOn, delivery) =>
  call('print_reminder_copy', { borrowerId, sentOn, delivery });

/** @param {MailDraft} draft @returns {Promise<void>} */
export const openMail = (draft) => call('open_mail', { draft });

/**
 * @param {number} borrowerId @param {number[]} loanIds @param {'open' | 'save'} delivery
 * @returns {Promise<Delivered>}
 */
export const printLoanSlip = (borrowerId, loanIds, delivery) => call('print_loan_slip', { borrowerId, loanIds, delivery });

/**
 * @param {number} borrowerId @param {number[]} loanIds @param {'open' | 'save'} delivery
 * @returns {Promise<Delivered>}
 */
export const printReturnReceipt = (borrowerId, loanIds, delivery) =>
  call('print_return_receipt', { borrowerId, loanIds, delivery });

/** @returns {Promise<LendingSettings>} */
export const getLendingSettings = () => call('get_lending_settings');

/** @param {LendingSettings} settings @returns {Promise<LendingSettings>} */
export const saveLendingSettings = (settings) => call('save_lending_settings', { settings });

// ---- Organisationen (directory) ----

/**
 * @typedef {{ id: number, code: string, name: string }} ListEntry
 * @typedef {{ kinds: ListEntry[], offering_kinds: ListEntry[], municipalities: string[],
 *             languages: { code: string, name: string }[] }} DirectoryOptions
 * @typedef {{ text: string, municipality: string | null, kind_id: number | null, language: string | null,
 *             offering_kind_id: number | null, status: string | null, include_archived: boolean,
 *             limit: number, offset: number }} DirectoryQuery
 * @typedef {{ id: number, name: string, short_name: string, kind: string, municipality: string,
 *             status: string, languages: string[], offerings: string[], archived: boolean }} OrganisationRow
 * @typedef {{ name: string, short_name: string, kind_id: number | null, register_number: string,
 *             languages: string[], municipality: string, street: string, postal_code: string, city: string,
 *             has_rooms: boolean, rooms_description: string, website: string, email: string, phone: string,
 *             status: string, notes: string, version?: number | null }} OrganisationInput
 * @typedef {{ kind_id: number, title: string, target_group: string, languages: string[], schedule: string,
 *             place: string, active: boolean, version?: number | null }} OfferingInput
 * @typedef {OfferingInput & { id: number, organisation_id: number, kind: ListEntry, saved: Saved }} Offering
 * @typedef {Omit<OrganisationInput, 'kind_id'> & { id: number, kind: ListEntry | null, archived_on: string | null,
 *             member_counts: { stated_on: string, members: number }[],
 *             timeline: TimelineNote[],
 *             offerings: Offering[], saved: Saved }} Organisation
 * @typedef {{ id: number, noted_on: string, kind: string, text: string, changed_on: string | null, saved: Saved }} TimelineNote
 * @typedef {{ id: number, contact_id: number, contact_name: string, organisation_id: number,
 *             organisation_name: string, role: string, started_on: string | null, ended_on: string | null }} ContactRole
 * @typedef {{ id: number, name: string, email: string, phone: string, note: string, languages: string[],
 *             borrower_id: number | null, consent: { given_on: string, text_version: string } | null,
 *             public_consent: { given_on: string, text_version: string } | null,
 *             reachable: boolean, roles: ContactRole[], saved: Saved }} Contact
 * @typedef {{ organisation_id: number, organisation_name: string, role: string }} Partner
 * @typedef {{ id: number, title: string, description: string, starts_on: string | null, ends_on: string | null,
 *             status: string, staff: string, funding_source: string, funding_cents: number | null,
 *             outcomes: string, partners: Partner[], workshops?: ProjectWorkshop[], events?: ProjectEvent[],
 *             saved?: Saved, version?: number | null }} Project
 * @typedef {{ id: number, title: string, starts_at: string, event_id: number, event_title: string }} ProjectWorkshop
 * @typedef {{ id: number, title: string, starts_on: string, ends_on: string, linked: boolean,
 *             workshops: number }} ProjectEvent
 * @typedef {{ organisation: Organisation, contacts: [ContactRole, Contact][], projects: Project[], published: boolean }} OrganisationPage
 * @typedef {{ id: number, meeting_id: number, text: string, owner: string, due_on: string | null,
 *             done_on: string | null }} ActionItem
 * @typedef {{ id: number, starts_at: string, place: string, present: number }} MeetingSummary
 * @typedef {{ id: number, name: string, description: string,
 *             members: { organisation_id: number, organisation_name: string, joined_on: string,
 *                        left_on: string | null, attended: number, meetings_as_member: number }[],
 *             meetings: MeetingSummary[], next_meeting: MeetingSummary | null,
 *             open_actions: ActionItem[] }} WorkingGroup
 * @typedef {{ organisation_id: number, organisation_name: string, present: boolean,
 *             contact_id: number | null, contact_name: string | null, persons: number }} Attendance
 * @typedef {{ id: number, working_group_id: number, working_group_name: string, starts_at: string,
 *             place: string, agenda: string, minutes: string, attendance: Attendance[],
 *             people: Attendee[], unnamed: UnnamedPresence[], guest_choices: GuestChoice[],
 *             decisions: [number, string][], actions: ActionItem[], saved: Saved }} Meeting
 * @typedef {{ organisation_id: number, organisation_name: string, recorded: number, unnamed: number,
 *             contact_id: number | null }} UnnamedPresence
 * @typedef {'anwesend' | 'entschuldigt' | 'nicht_erschienen'} AttendanceStatus
 * @typedef {{ contact_id: number | null, contact_name: string | null, organisation_id: number,
 *             organisation_name: string, guest: boolean, status: AttendanceStatus }} Attendee
 * @typedef {{ contact_id: number, contact_name: string, organisation_id: number, organisation_name: string }} GuestChoice
 * @typedef {{ contact_id: number, organisation_id: number, status: AttendanceStatus }} AttendeeInput
 * @typedef {{ organisation_id: number, organisation_name: string, member: boolean, attended: number,
 *             excused: number }} OrganisationYear
 * @typedef {{ year: number, years: number[], held: number, organisations: OrganisationYear[] }} AttendanceYear
 */

/** @returns {Promise<DirectoryOptions>} */
export const directoryOptions = () => call('directory_options');

/**
 * A page of the directory; `sort` left out: the sort kept for the list.
 * @param {Partial<DirectoryQuery>} query @param {string} [sort]
 * @returns {Promise<ListPage<OrganisationRow>>}
 */
export const searchOrganisations = (query, sort) => call('search_organisations', { query, sort: sort ?? null });

/** @param {number} id @returns {Promise<OrganisationPage>} */
export const getOrganisation = (id) => call('get_organisation', { id });

/**
 * A field an organisation may show on the public site besides its name.
 * @typedef {'municipality' | 'languages' | 'offerings' | 'website' | 'email' | 'phone' | 'contacts'} PublicField
 * @typedef {{ language: string, body: string }} PublicText
 * @typedef {{ published: boolean, fields: PublicField[], texts: PublicText[] }} Publication
 * @typedef {{ published: boolean, fields: PublicField[], texts: PublicText[], version: number | null }} PublicationInput
 * @typedef {{ kind_code: string, kind: string, title: string, target_group: string, schedule: string, place: string, languages: string[] }} PublicOffering
 * @typedef {{ name: string, role: string, email: string, phone: string }} PublicContact
 * @typedef {{ id: number, name: string, municipality: string, languages: string[], offerings: PublicOffering[], website: string, email: string, phone: string, contacts: PublicContact[], texts: PublicText[] }} PublicEntry
 * @typedef {{ publication: Publication, preview: PublicEntry | null, saved: Saved }} PublicationPage
 * @typedef {{ languages: string[], catalogue: boolean, directory: boolean }} SiteOptions
 * @typedef {{ folder: string, options: SiteOptions, last_published_at: string | null }} PublishSettings
 * @typedef {{ folder: string, files: number, bytes: number, media: number, organisations: number, languages: string[] }} SiteSummary
 */

/** @param {number} id @returns {Promise<PublicationPage>} what the organisation shows on the public site */
export const organisationPublication = (id) => call('organisation_publication', { id });

/** @param {number} id @param {PublicationInput} input @returns {Promise<PublicationPage>} */
export const savePublication = (id, input) => call('save_publication', { id, input });

/**
 * Records (today, the current text) or withdraws a contact person's consent to be shown on the public site.
 * @param {number} id @param {boolean} agreed @param {number} version the contact's version the page read
 * @returns {Promise<Contact>}
 */
export const setContactPublicConsent = (id, agreed, version) => call('set_contact_public_consent', { id, agreed, version });

/** @returns {Promise<PublishSettings>} */
export const publishSettings = () => call('publish_settings');

/** @param {string} folder @param {SiteOptions} options @returns {Promise<PublishSettings>} */
export const savePublishSettings = (folder, options) => call('save_publish_settings', { folder, options });

/** @returns {Promise<string | null>} the folder picked, null when cancelled */
export const pickPublishFolder = () => call('pick_publish_folder');

/** @returns {Promise<SiteSummary>} writes the site into the chosen folder */
export const publishSite = () => call('publish_site');

/** @returns {Promise<{ summary: SiteSummary, outcome: 'opened' | 'written', path: string }>} */
export const previewSite = () => call('preview_site');

/** @param {number | null} id @param {OrganisationInput} input @returns {Promise<Organisation>} */
export const saveOrganisation = (id, input) => call('save_organisation', { id, input });

/** @param {number} id @param {boolean} archived @returns {Promise<void>} */
export const setOrganisationArchived = (id, archived) => call('set_organisation_archived', { id, archived });

/** @param {number} id @returns {Promise<void>} */
export const deleteOrganisation = (id) => call('delete_organisation', { id });

/** @param {number} id @param {{ stated_on: string, members: number }} count */
export const addMemberCount = (id, count) => call('add_member_count', { id, count });

/** @param {number} id @param {string} notedOn @param {string} kind @param {string} text */
export const addTimelineNote = (id, notedOn, kind, text) => call('add_timeline_note', { id, notedOn, kind, text });

/** @param {number} noteId @param {string} text @param {number} version the note's version the page shows @returns {Promise<TimelineNote>} */
export const correctTimelineNote = (noteId, text, version) => call('correct_timeline_note', { noteId, text, version });

/** @param {number} organisationId @param {number | null} id @param {OfferingInput} input @returns {Promise<Offering[]>} */
export const saveOffering = (organisationId, id, input) => call('save_offering', { organisationId, id, input });

/** @param {number} id @returns {Promise<void>} */
export const deleteOffering = (id) => call('delete_offering', { id });

/** @param {'organisation' | 'offering'} list @param {string} name @returns {Promise<ListEntry>} */
export const addDirectoryKind = (list, name) => call('add_directory_kind', { list, name });

/**
 * @param {number | null} id
 * @param {{ name: string, email: string, phone: string, note: string, languages: string[],
 *           borrower_id: number | null, consent: { given_on: string, text_version: string } | null,
 *           version?: number | null }} input
 * @param {{ organisation_id: number, role: string, started_on: string | null, ended_on: string | null } | null} role
 * @returns {Promise<Contact>}
 */
export const saveContact = (id, input, role) => call('save_contact', { id, input, role });

/** @param {number} roleId @param {string} endedOn @returns {Promise<void>} */
export const endContactRole = (roleId, endedOn) => call('end_contact_role', { roleId, endedOn });

/** Contacts whose name contains the text, with their roles. @param {string} text @returns {Promise<Contact[]>} */
export const findContacts = (text) => call('find_contacts', { text });

/**
 * An existing person's (further) role at an organisation.
 * @param {number} contactId
 * @param {{ organisation_id: number, role: string, started_on: string | null, ended_on: string | null }} role
 * @returns {Promise<Contact>}
 */
export const addContactRole = (contactId, role) => call('add_contact_role', { contactId, role });

/**
 * @param {number} roleId @param {string} role @param {string | null} startedOn @param {string | null} endedOn
 * @param {number} version the contact's version the page shows (a role is part of the contact)
 * @returns {Promise<Contact>}
 */
export const updateContactRole = (roleId, role, startedOn, endedOn, version) => call('update_contact_role', { roleId, role, startedOn, endedOn, version });

/** @param {{ status?: string | null, organisation_id?: number | null, year?: number | null }} filter @returns {Promise<Project[]>} */
export const listProjects = (filter) => call('list_projects', { filter });

/** @param {number} id @returns {Promise<Project>} */
export const getProject = (id) => call('get_project', { id });

/** @param {number | null} id @param {Omit<Project, 'id'>} input @returns {Promise<Project>} */
export const saveProject = (id, input) => call('save_project', { id, input });

/** @param {number | null} id @returns {Promise<{ groups: [number, string][], group: WorkingGroup | null }>} */
export const getWorkingGroup = (id) => call('get_working_group', { id });

/** @param {string} name @param {string} description @returns {Promise<number>} */
export const createWorkingGroup = (name, description) => call('create_working_group', { name, description });

/** @param {number} groupId @param {number} organisationId @param {string | null} joinedOn today when null */
export const joinWorkingGroup = (groupId, organisationId, joinedOn) => call('join_working_group', { groupId, organisationId, joinedOn });

/** @param {number} groupId @param {number} organisationId @param {string | null} leftOn today when null */
export const leaveWorkingGroup = (groupId, organisationId, leftOn) => call('leave_working_group', { groupId, organisationId, leftOn });

/** @param {number} id @returns {Promise<Meeting>} */
export const getMeeting = (id) => call('get_meeting', { id });

/**
 * @param {number} groupId @param {number | null} id
 * @param {{ starts_at: string | null, place: string, agenda: string, minutes: string, version: number | null }} input
 *   `version`: the one the form was filled from (a new meeting: null); saving over someone else's save is refused
 * @returns {Promise<Meeting>}
 */
export const saveMeeting = (groupId, id, input) => call('save_meeting', { groupId, id, input });

/**
 * Records who came, person by person (one transaction).
 * @param {number} meetingId @param {AttendeeInput[]} people
 * @param {number} version the meeting's version the page shows (the list replaces the whole list)
 * @returns {Promise<Meeting>}
 */
export const setAttendees = (meetingId, people, version) => call('set_attendees', { meetingId, people, version });

/** Each organisation's attendance over a year (this year when null). @param {number} groupId @param {number | null} year @returns {Promise<AttendanceYear>} */
export const attendanceYear = (groupId, year) => call('attendance_year', { groupId, year });

/** @param {number} meetingId @param {string} text @returns {Promise<Meeting>} */
export const addDecision = (meetingId, text) => call('add_decision', { meetingId, text });

/** @param {number} meetingId @param {string} text @param {string} owner @param {string | null} dueOn @returns {Promise<Meeting>} */
export const addAction = (meetingId, text, owner, dueOn) => call('add_action', { meetingId, text, owner, dueOn });

/** @param {number} actionId @param {boolean} done @returns {Promise<void>} */
export const setActionDone = (actionId, done) => call('set_action_done', { actionId, done });

/** @param {number} meetingId @param {'invitation' | 'minutes'} document @param {'open' | 'save'} delivery @returns {Promise<Delivered>} */
export const printMeeting = (meetingId, document, delivery) => call('print_meeting', { meetingId, document, delivery });

/** @param {Partial<DirectoryQuery>} query @param {'xlsx' | 'csv' | 'pdf'} format @param {'open' | 'save'} delivery @returns {Promise<Delivered>} */
export const exportDirectory = (query, format, delivery) => call('export_directory', { query, format, delivery });

/**
 * @param {Partial<DirectoryQuery>} query @param {'xlsx' | 'csv' | null} format @param {'open' | 'save'} delivery
 * @returns {Promise<{ bcc: string, addresses: number, contacts: number, without_email: number, delivered: Delivered | null }>}
 */
export const mailingList = (query, format, delivery) => call('mailing_list', { query, format, delivery });

/** @typedef {{ name: string, query: DirectoryQuery }} SavedFilter */

/** @returns {Promise<SavedFilter[]>} */
export const savedFilters = () => call('saved_filters');

/**
 * @param {string} name @param {Partial<DirectoryQuery>} query
 * @param {boolean} replace whether a filter of that name is replaced (else refused with filter_name_taken)
 * @returns {Promise<SavedFilter[]>}
 */
export const saveDirectoryFilter = (name, query, replace) => call('save_directory_filter', { name, query, replace });

/** @param {string} name @returns {Promise<SavedFilter[]>} */
export const deleteDirectoryFilter = (name) => call('delete_directory_filter', { name });

// Veranstaltungen

/**
 * @typedef {{ registered: number, waitlisted: number, cancelled: number, present: number,
 *             no_show: number, walk_ins: number, attendance_rate: number | null }} Figures
 * @typedef {{ id: number, kind: string, title: string, starts_on: string, ends_on: string,
 *             venue: string, workshops: number, registered: number, waitlisted: number,
 *             archived: boolean }} EventSummary
 * @typedef {{ id: number, title: string, target_group: string, room: string, starts_at: string,
 *             ends_at: string, capacity: number, waitlist: boolean, hosts: string[],
 *             languages: string[], figures: Figures }} WorkshopSummary
 * @typedef {{ id: number, workshop_id: number, participant_id: number, participant_name: string,
 *             status: 'angemeldet' | 'warteliste' | 'abgesagt' | 'teilgenommen' | 'nicht_erschienen',
 *             waitlist_position: number | null, moved_up_at: string | null,
 *             checked_in_at: string | null, walk_in: boolean, code: string, school: string,
 *             anonymised: boolean }} Registration
 * @typedef {Registration & { already_present_since: string | null }} CheckIn
 * @typedef {{ registration_id: number, participant_name: string, workshop_title: string }} MovedUp
 * @typedef {{ existing: number } | { new: Record<string, unknown> }} Person
 */

/** @returns {Promise<{ organisations: OrganisationSummary[], facilitators: { id: number, name: string, organisations: string }[], projects: [number, string][], languages: { code: string, name: string }[] }>} */
export const eventOptions = () => call('event_options');

/** @param {boolean} includeArchived @returns {Promise<EventSummary[]>} */
export const listEvents = (includeArchived) => call('list_events', { includeArchived });

/** @param {Record<string, unknown>} input @returns {Promise<number>} */
export const createEvent = (input) => call('create_event', { input });

/** @param {number} id @returns {Promise<{ event: Record<string, any>, workshops: WorkshopSummary[], figures: { total: Figures, hosts: { organisation_id: number, name: string, workshops: number, figures: Figures }[] } }>} */
export const getEvent = (id) => call('get_event', { id });

/** @param {number} id @param {Record<string, unknown>} input @returns {Promise<void>} */
export const updateEvent = (id, input) => call('update_event', { id, input });

/** @param {number} id @param {Record<string, unknown>} input @returns {Promise<void>} */
export const updateWorkshop = (id, input) => call('update_workshop', { id, input });

/** @param {number} id @returns {Promise<void>} */
export const deleteWorkshop = (id) => call('delete_workshop', { id });

/** @param {number} id @param {boolean} archive @returns {Promise<void>} */
export const archiveEvent = (id, archive) => call('archive_event', { id, archive });

/** @param {number} id @returns {Promise<void>} */
export const deleteEvent = (id) => call('delete_event', { id });

/** @param {number} eventId @param {Record<string, unknown>} input @returns {Promise<number>} */
export const createWorkshop = (eventId, input) => call('create_workshop', { eventId, input });

/** @param {number} id @returns {Promise<{ workshop: Record<string, any>, registrations: Registration[] }>} */
export const getWorkshop = (id) => call('get_workshop', { id });

/**
 * A page of a workshop's registrations; `sort` left out: the sort kept for the list.
 * @param {number} workshopId @param {Paging} paging @param {string} [sort]
 * @returns {Promise<ListPage<Registration>>}
 */
export const registrationPage = (workshopId, paging, sort) => call('registration_page', { workshopId, paging, sort: sort ?? null });

/**
 * @param {number} workshopId @param {number} capacity @param {number[]} toWaitlist
 * @param {number} version the workshop's version the page shows
 * @returns {Promise<MovedUp[]>}
 */
export const setWorkshopCapacity = (workshopId, capacity, toWaitlist, version) => call('set_workshop_capacity', { workshopId, capacity, toWaitlist, version });

/** @param {string} query @returns {Promise<{ id: number, name: string, birth_year: number | null, school: string }[]>} */
export const findParticipants = (query) => call('find_participants', { query });

/** @param {number} workshopId @param {Person} person @param {{ after_closing: boolean }} options @returns {Promise<Registration>} */
export const registerParticipant = (workshopId, person, options) => call('register_participant', { workshopId, person, options });

/** @param {number} id @returns {Promise<MovedUp[]>} */
export const cancelRegistration = (id) => call('cancel_registration', { id });

/** @param {number} id @returns {Promise<Registration>} */
export const moveUpRegistration = (id) => call('move_up_registration', { id });

/** @param {number} id @param {boolean} overCapacity @returns {Promise<CheckIn>} */
export const checkIn = (id, overCapacity) => call('check_in', { id, overCapacity });

/** @param {number} workshopId @param {string} code @param {boolean} overCapacity @returns {Promise<CheckIn>} */
export const checkInCode = (workshopId, code, overCapacity) => call('check_in_code', { workshopId, code, overCapacity });

/** @param {number} id @returns {Promise<Registration>} */
export const undoCheckIn = (id) => call('undo_check_in', { id });

/** @param {number} workshopId @param {Person} person @param {boolean} overCapacity @returns {Promise<Registration>} */
export const walkIn = (workshopId, person, overCapacity) => call('walk_in', { workshopId, person, overCapacity });

/** @param {number} workshopId @returns {Promise<number>} */
export const markNoShows = (workshopId) => call('mark_no_shows', { workshopId });

/**
 * A printout or export of the events, e.g.
 * `{ kind: 'participant_list', scope: { workshop: 3 }, columns: ['nr', 'name'], empty_rows: 3 }`.
 * @param {Record<string, unknown>} document @param {'open' | 'save'} delivery
 * @returns {Promise<Delivered>}
 */
export const eventDocument = (document, delivery) => call('event_document', { document, delivery });

// Sicherungen

/**
 * @typedef {{ schema_version: number, media: number, loans: number, participants: number }} BackupContents
 * @typedef {{ path: string, file_name: string, made_at: string, size: number, before_restore: boolean,
 *             kept: boolean, contents: BackupContents | null }} BackupInfo
 * @typedef {{ daily: number, weekly: number, monthly: number }} Retention
 * @typedef {{ folder: string, retention: Retention, safety_days: number }} BackupSettings
 * @typedef {{ path: string, file_name: string, kind: 'before_restore' | 'damaged', made_at: string,
 *             kept: boolean, removed_on: string | null }} SafetyCopy
 * @typedef {{ unit: 'days' | 'weeks' | 'months', count: number }} Span
 * @typedef {{ retention: Retention, longest: Span, safety_days: number, safety_copies: SafetyCopy[], folder: string }} BackupPlan
 */

/** @returns {Promise<{ settings: BackupSettings, folder: string, default_folder: string, backups: BackupInfo[], warning: CommandError | null }>} */
export const backupOverview = () => call('backup_overview');

/** @param {BackupSettings} input */
export const saveBackupSettings = (input) => call('save_backup_settings', { input });

/** @returns {Promise<BackupInfo>} */
export const backupNow = () => call('backup_now');

/** @param {string} path @returns {Promise<BackupInfo>} the safety copy made first */
export const restoreBackup = (path) => call('restore_backup', { path });

/**
 * Picks a backup file in the native dialog and says what it holds; restores nothing.
 * @returns {Promise<BackupInfo | null>} null when the dialog was cancelled
 */
export const pickBackupFile = () => call('pick_backup_file');

/** @returns {Promise<BackupPlan>} how long backups and safety copies are kept */
export const backupPlan = () => call('backup_plan');

/** @param {string} fileName @param {boolean} keep @returns {Promise<SafetyCopy>} */
export const keepSafetyCopy = (fileName, keep) => call('keep_safety_copy', { fileName, keep });

/** @returns {Promise<{ backup: BackupInfo, damaged: string }>} */
export const recoverDatabase = () => call('recover_database');

// Daten importieren

/**
 * @typedef {'media' | 'borrowers' | 'organisations' | 'participants'} ImportTarget
 * @typedef {{ name: string, header_row: number, headers: string[], rows: number }} ImportSheet
 * @typedef {{ path: string, file_name: string, sheets: ImportSheet[] }} ImportFile
 * @typedef {{ fields: string[], mapping: (string | null)[], saved: boolean }} ImportMapping
 * @typedef {{ target: ImportTarget, mapping: (string | null)[], valid_rows_only: boolean,
 *             on_duplicate: 'skip' | 'update', media_kind_id: number | null,
 *             workshop_id: number | null,
 *             consent: { given_on: string, text_version: string } | null }} ImportOptions
 * @typedef {{ code: string, field: string | null, params: Record<string, string | number | string[]>,
 *             column: string | null }} ImportProblem
 * @typedef {{ row: number, action: 'create' | 'update' | 'skip' | 'refuse', label: string,
 *             copy_of_row: number | null, copy_of_stored: string | null,
 *             duplicate: { row: number | null, label: string, by: string } | null,
 *             problem: ImportProblem | null, values: [string, string][] }} ImportRowResult
 * @typedef {{ rows: ImportRowResult[], created: number, updated: number, skipped: number,
 *             refused: number, stored: boolean }} ImportReport
 */

/**
 * Picks a file in the native dialog and lists its sheets; imports nothing.
 * @returns {Promise<ImportFile | null>} null when the dialog was cancelled
 */
export const importPickFile = () => call('import_pick_file');

/** @param {ImportTarget} target @param {string[]} headers @returns {Promise<ImportMapping>} */
export const importMapping = (target, headers) => call('import_mapping', { target, headers });

/** The dry run. @param {string} path @param {number} sheet @param {ImportOptions} options @returns {Promise<ImportReport>} */
export const importCheck = (path, sheet, options) => call('import_check', { path, sheet, options });

/**
 * @param {string} path @param {number} sheet @param {ImportOptions} options @param {boolean} saveMapping
 * @returns {Promise<ImportReport>}
 */
export const importRun = (path, sheet, options, saveMapping) => call('import_run', { path, sheet, options, saveMapping });

/** @returns {Promise<{ done: number, total: number }>} */
export const importProgress = () => call('import_progress');

/** @returns {Promise<void>} */
export const importCancel = () => call('import_cancel');

/**
 * The import's report as the window shows it, as PDF or XLSX.
 * @param {{ title: string, lead: string, columns: string[], rows: string[][] }} shown
 * @param {'pdf' | 'xlsx'} format @param {'open' | 'save'} delivery
 * @returns {Promise<Delivered>}
 */
export const importReport = (shown, format, delivery) => call('import_report', { shown, format, delivery });

/**
 * "Alle Daten exportieren": every record in one workbook.
 * @param {'open' | 'save'} delivery @returns {Promise<Delivered>}
 */
export const exportAllData = (delivery) => call('export_all_data', { delivery });

// Datenschutz

/**
 * @typedef {{ borrower: number } | { participant: number } | { contact: number }} PersonRef
 * @typedef {{ person: PersonRef, name: string, relation: 'linked' | 'same_name' | 'similar_name',
 *             created_on: string, context: string[] }} RelatedRecord
 * @typedef {{ rule: string, purpose: string, record_kind: string, record_id: number, name: string,
 *             detail: string, due_on: string, automatic: boolean }} DueItem
 * @typedef {{ id: number, at: string, rule: string, record_kind: string, records: number,
 *             staff: string, second_staff: string, record_ids: number[] }} LogEntry
 * @typedef {{ loan_link_days: number, inactive_borrower_months: number, participant_days: number }} RetentionRules
 * @typedef {{ id: number, purpose: string, version: string, language: string, body: string, created_at: string,
 *             checked_on: string | null, checked_by: string }} ConsentTextRow
 * @typedef {{ rules: RetentionRules, rules_version: number, calendar: DueItem[], log: LogEntry[],
 *             consent_texts: ConsentTextRow[] }} PrivacyOverview
 */

/** @param {number} id @returns {Promise<{ participant: Record<string, any>, registrations: { registration_id: number, workshop_id: number, event_title: string, workshop_title: string, starts_at: string, status: string, waitlist_position: number | null }[] }>} */
export const getParticipant = (id) => call('get_participant', { id });

/** Corrects a participant's data; the recorded consent stays.
 * @param {number} id @param {Record<string, any>} input @returns {Promise<void>} */
export const updateParticipant = (id, input) => call('update_participant', { id, input });

/** @returns {Promise<{ loans: { group: string[], count: number }[], participants: { group: string[], count: number }[] }>} */
export const statistics = () => call('statistics');

// ---- Berichte ----

/**
 * A resolved period (see {@link PeriodChoice}): its first and last day, both counted.
 * @typedef {{ first: string, last: string }} Period
 */
/**
 * A figure in the chosen period and in the same period a year before.
 * @template T
 * @typedef {{ now: T, before: T }} Compared
 */
/**
 * @typedef {{ group: string, count: Compared<number> }} Line
 * @typedef {{ part: number, whole: number, percent: number | null }} Share
 * @typedef {{ group: string, figures: Compared<Figures> }} FiguresLine
 * @typedef {{ medium_id: number, title: string, media_kind: string, loans: Compared<number> }} LentMedium
 * @typedef {{ id: number, title: string, starts_on: string | null, ends_on: string | null,
 *             status: string, partners: string[] }} ProjectLine
 * @typedef {{ organisation_id: number, name: string, meetings: Compared<number>, persons: Compared<number> }} AttendanceLine
 * @typedef {{ loans: Compared<number>, loans_by_month: Line[], loans_by_media_kind: Line[], loans_by_level: Line[],
 *             loans_by_language: Line[], loans_by_borrower_kind: Line[], renewals: Compared<number>,
 *             renewals_by_month: Line[], active_borrowers_by_kind: Line[], new_borrowers_by_kind: Line[],
 *             stock: Compared<number>, stock_by_media_kind: Line[], stock_by_level: Line[], stock_by_language: Line[],
 *             acquired: Compared<number>, withdrawn: Compared<number>, most_lent: LentMedium[],
 *             never_lent_by_media_kind: Line[], overdue: Compared<Share>, reservations_waited_long: Compared<number> }} MediathekReport
 * @typedef {{ total: Compared<number>, by_municipality: Line[], by_kind: Line[], by_language: Line[],
 *             new: Compared<number>, new_contacts: Compared<number>, new_cooperations: Compared<number>,
 *             by_status: Line[], projects: Compared<number>, project_list: ProjectLine[],
 *             meetings_by_working_group: Line[], attendance: AttendanceLine[] }} OrganisationsReport
 * @typedef {{ workshops: Compared<number>, figures: Compared<Figures>, by_host: FiguresLine[],
 *             by_language: FiguresLine[], by_age_group: FiguresLine[], waitlisted_at_close: Compared<number> }} EventsReport
 * @typedef {{ period: Period, previous: Period, mediathek: MediathekReport,
 *             organisations: OrganisationsReport, events: EventsReport }} Report
 */

/** The figures of a period and of the same period a year before.
 * @param {PeriodChoice} choice @returns {Promise<Report>} */
export const reportFigures = (choice) => call('report_figures', { choice });

/** @returns {Promise<Record<string, string>>} the current version per purpose */
export const consentVersions = () => call('consent_versions');

/** @returns {Promise<PrivacyOverview>} */
export const privacyOverview = () => call('privacy_overview');

/**
 * Saves the rules, unless someone saved them since the page read `version`
 * (PrivacyOverview.rules_version): then the error `changed_meanwhile`.
 * @param {RetentionRules} rules @param {number} version @returns {Promise<PrivacyOverview>}
 */
export const saveRetentionRules = (rules, version) => call('save_retention_rules', { rules, version });

/** @param {{ purpose: string, version: string, language: string, body: string }} input @returns {Promise<PrivacyOverview>} */
export const addConsentText = (input) => call('add_consent_text', { input });

/** Staff confirm a translated consent text.
 * @param {number} id @param {string} staff @returns {Promise<PrivacyOverview>} */
export const markConsentTextChecked = (id, staff) => call('mark_consent_text_checked', { id, staff });

/** @param {string} rule @param {number[]} ids @param {string} staff @param {string} secondStaff @returns {Promise<number>} */
export const deleteProposed = (rule, ids, staff, secondStaff) => call('delete_proposed', { rule, ids, staff, secondStaff });

/** The records the app links to a person (a contact who is also a borrower), to erase along.
 * @param {PersonRef} person @returns {Promise<RelatedRecord[]>} */
export const linkedRecords = (person) => call('linked_records', { person });

/** Erases the person and the linked records in `also`, in one transaction.
 * @param {PersonRef} person @param {PersonRef[]} also @param {string} staff @returns {Promise<void>} */
export const erasePerson = (person, also, staff) => call('erase_person', { person, also, staff });

/** Records of the same or a similar name, possibly the same person, for staff to tick.
 * @param {PersonRef} person @returns {Promise<RelatedRecord[]>} */
export const accessReportCandidates = (person) => call('access_report_candidates', { person });

/** The access report of the person, their linked records and the ticked candidates in `extra`.
 * @param {PersonRef} person @param {PersonRef[]} extra @param {boolean} json @param {'open' | 'save'} delivery
 * @returns {Promise<Delivered>} */
export const accessReport = (person, extra, json, delivery) => call('access_report', { person, extra, json, delivery });

/** @param {PersonRef} person @param {'open' | 'save'} delivery @returns {Promise<Delivered>} */
export const consentForm = (person, delivery) => call('consent_form', { person, delivery });

/** The handlers of each event the shell tells (`kiz://…`). @type {Map<string, Set<(payload: unknown) => void>>} */
const shellHandlers = new Map();
/** The channel's opening, once asked for. @type {Promise<void> | null} */
let shellChannel = null;

/**
 * Opens the one channel through which the shell tells the window what
 * happened on its own (src-tauri/src/shell_events.rs): one command, however
 * many handlers there are. Resolves when the core has it; a failed opening
 * is tried again by the next call.
 * @returns {Promise<void>}
 */
export function openShellChannel() {
  shellChannel ??= call('shell_events', {
    channel: new tauri.core.Channel((/** @type {{ event: string, payload: unknown }} */ message) => {
      for (const handler of shellHandlers.get(message.event) ?? []) {
        // Each handler on its own, as separate listeners were: one that
        // fails does not keep the others from hearing it.
        try {
          handler(message.payload);
        } catch (error) {
          queueMicrotask(() => {
            throw error;
          });
        }
      }
    }),
  }).catch((error) => {
    shellChannel = null;
    throw error;
  });
  return shellChannel;
}

/**
 * Calls `handler` whenever the shell tells `event`. Resolves, once the
 * channel is open, with the function that stops it.
 * @param {string} event
 * @param {(payload: unknown) => void} handler
 * @returns {Promise<() => void>}
 */
export function onShellEvent(event, handler) {
  let handlers = shellHandlers.get(event);
  if (!handlers) {
    handlers = new Set();
    shellHandlers.set(event, handlers);
  }
  const mine = handlers;
  mine.add(handler);
  return openShellChannel().then(() => () => {
    mine.delete(handler);
  });
}

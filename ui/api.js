// The only module that talks to the shell. One function per command; each
// resolves with the command's result or rejects with a CommandError.

/**
 * @typedef {{ code: string, message: string, field: string | null }} CommandError
 * @typedef {{ name: string, department: string, street: string, postal_code: string,
 *             city: string, phone: string, email: string, website: string }} Institution
 * @typedef {{ error: CommandError | null, data_dir: string, database_file: string,
 *             log_dir: string, data_dir_on_network: boolean, ui_language: 'de' | 'en',
 *             schema_version: number | null, app_version: string, empty: boolean }} AppStatus
 * @typedef {{ institution: Institution, ui_language: 'de' | 'en' }} SettingsView
 * @typedef {{ id: number, name: string, municipality: string, description: string }} OrganisationSummary
 * @typedef {{ organisations: number, media: number, copies: number, borrowers: number }} DemoSummary
 * @typedef {{ outcome: 'opened' | 'saved' | 'written' | 'cancelled', path: string | null,
 *             warnings: string[] }} Delivered
 */

const tauri = /** @type {any} */ (window).__TAURI__;

/**
 * @param {string} command
 * @param {Record<string, unknown>} [args]
 */
async function call(command, args) {
  try {
    return await tauri.core.invoke(command, args);
  } catch (error) {
    if (error && typeof error === 'object' && 'code' in error) throw error;
    // A failure of the bridge itself (not a refusal by the core).
    throw { code: 'internal', message: String(error), field: null };
  }
}

/** @returns {Promise<AppStatus>} */
export const appStatus = () => call('app_status');

/** @returns {Promise<SettingsView>} */
export const getSettings = () => call('get_settings');

/**
 * @param {Institution} institution
 * @returns {Promise<Institution>}
 */
export const saveInstitution = (institution) => call('save_institution', { institution });

/**
 * @param {'de' | 'en'} language
 * @returns {Promise<'de' | 'en'>}
 */
export const setUiLanguage = (language) => call('set_ui_language', { language });

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
 * @param {number} borrowerId
 * @param {'open' | 'save'} delivery
 * @returns {Promise<Delivered>}
 */
export const printBorrowerCard = (borrowerId, delivery) => call('print_borrower_card', { borrowerId, delivery });

/**
 * @typedef {{ id: number, code: string, name: string }} MediaKind
 * @typedef {{ code: string, name: string }} Language
 * @typedef {'alpha' | 'a1' | 'a2' | 'b1' | 'b2' | 'c1' | 'c2'} Level
 * @typedef {{ name: string, quantity: number }} KitItem
 * @typedef {{ id: number, medium_id: number, barcode: string, condition: string,
 *             acquired_on: string | null, price_cents: number | null, status: string,
 *             retired_on: string | null }} Copy
 * @typedef {{ kind_id: number, title: string, subtitle: string, authors: string, publisher: string,
 *             year: number | null, isbn: string, level_from: Level | null, level_to: Level | null,
 *             audience: string, target_language: string | null, support_languages: string[],
 *             topics: string[], location: string, description: string, notes: string,
 *             kit_items: KitItem[] }} MediumInput
 * @typedef {MediumInput & { id: number, kind: MediaKind, isbn: string | null, copies: Copy[] }} Medium
 * @typedef {{ text: string, kind_id: number | null, level: Level | null, language: string | null,
 *             audience: string | null, available_only: boolean, limit: number, offset: number }} MediaQuery
 * @typedef {{ id: number, title: string, subtitle: string, authors: string, kind: string,
 *             levels: string, languages: string[], copies: number, available: number }} MediumRow
 * @typedef {{ total: number, rows: MediumRow[] }} MediaPage
 * @typedef {{ kinds: MediaKind[], languages: Language[], next_barcode: string }} CatalogueOptions
 * @typedef {{ given_on: string, text_version: string }} Consent
 * @typedef {{ kind: string, name: string, organisation_id: number | null, email: string, phone: string,
 *             print_language: string, card_number: string, note: string,
 *             history_consent: Consent | null, email_consent: Consent | null }} BorrowerInput
 * @typedef {BorrowerInput & { id: number, blocked_reason: string | null }} Borrower
 * @typedef {{ total: number, rows: Borrower[], next_card_number: string }} BorrowerPage
 */

/** @returns {Promise<CatalogueOptions>} */
export const catalogueOptions = () => call('catalogue_options');

/** @param {Partial<MediaQuery>} query @returns {Promise<MediaPage>} */
export const searchMedia = (query) => call('search_media', { query });

/** @param {number} id @returns {Promise<Medium>} */
export const getMedium = (id) => call('get_medium', { id });

/** @param {number | null} id @param {MediumInput} input @returns {Promise<Medium>} */
export const saveMedium = (id, input) => call('save_medium', { id, input });

/** @param {string} name @returns {Promise<MediaKind>} */
export const addMediaKind = (name) => call('add_media_kind', { name });

/**
 * @param {number} mediumId
 * @param {{ barcode: string, condition: string, acquired_on: string | null, price_cents: number | null }} input
 * @returns {Promise<Copy>}
 */
export const addCopy = (mediumId, input) => call('add_copy', { mediumId, input });

/** @param {number} copyId @returns {Promise<Copy>} */
export const retireCopy = (copyId) => call('retire_copy', { copyId });

/** @param {string} text @param {number} limit @param {number} offset @returns {Promise<BorrowerPage>} */
export const searchBorrowers = (text, limit, offset) => call('search_borrowers', { text, limit, offset });

/** @param {number} id @returns {Promise<Borrower>} */
export const getBorrower = (id) => call('get_borrower', { id });

/** @param {number | null} id @param {BorrowerInput} input @returns {Promise<Borrower>} */
export const saveBorrower = (id, input) => call('save_borrower', { id, input });

/** @param {number} id @param {string | null} reason @returns {Promise<Borrower>} */
export const setBorrowerBlocked = (id, reason) => call('set_borrower_blocked', { id, reason });

/**
 * Calls `handler` whenever the shell emits `event`.
 * @param {string} event
 * @param {(payload: unknown) => void} handler
 */
export function onShellEvent(event, handler) {
  return tauri.event.listen(event, (/** @type {{payload: unknown}} */ e) => handler(e.payload));
}

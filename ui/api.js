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
 * Calls `handler` whenever the shell emits `event`.
 * @param {string} event
 * @param {(payload: unknown) => void} handler
 */
export function onShellEvent(event, handler) {
  return tauri.event.listen(event, (/** @type {{payload: unknown}} */ e) => handler(e.payload));
}

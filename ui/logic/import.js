// The import wizard's words for a report, without the window: what a row
// says (a further copy, a duplicate, a refusal naming row and column) and
// the counts. views/import.js draws them; tests/ui/import.test.mjs checks
// them in both languages.
import { errorText, t } from '../i18n/index.js';

/**
 * What a row of a report says: the refusal with its row and column, a
 * duplicate (of an earlier row or of a stored record), or the further copy.
 * @param {import('../api.js').ImportRowResult} r
 */
export function rowNote(r) {
  if (r.problem) {
    const text = errorText(r.problem);
    return r.problem.column
      ? t('importWizard.problemAt', { row: r.row, column: r.problem.column, text })
      : t('importWizard.problemRow', { row: r.row, text });
  }
  if (r.duplicate) {
    const by = t(`importWizard.by.${r.duplicate.by}`);
    return r.duplicate.row != null
      ? t('importWizard.duplicateRow', { row: r.duplicate.row, by })
      : t('importWizard.duplicateDb', { label: r.duplicate.label, by });
  }
  if (r.copy_of_row != null) return t('importWizard.copyOf', { row: r.copy_of_row });
  if (r.copy_of_stored != null) return t('importWizard.copyOfStored', { label: r.copy_of_stored });
  return '';
}

/** "3 neu, 0 aktualisiert, 1 übersprungen, 2 abgelehnt". @param {import('../api.js').ImportReport} report */
export function summary(report) {
  return t('importWizard.summary', { created: report.created, updated: report.updated, skipped: report.skipped, refused: report.refused });
}

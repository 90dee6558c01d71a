// Amounts of money as staff type them: German decimal comma, a point
// accepted too, thousands separated by points, a euro sign or spaces
// around. Cents are whole numbers, so no float rounding is involved.

/**
 * The cents a typed price stands for: `null` for an empty field, `NaN`
 * when it is no amount ("12,5,0", "zwölf"). A minus sign is read, so the
 * core refuses a negative price with its own message.
 * @param {string} text
 * @returns {number | null}
 */
export function parseEuro(text) {
  const clean = text.replace(/\s|€/g, '');
  if (clean === '') return null;
  // "12,50" or "12.50"; then "1.250" and "1.250,00" with thousands points.
  const plain = /^(-?)(\d+)(?:[.,](\d{1,2}))?$/.exec(clean);
  const grouped = /^(-?)(\d{1,3}(?:\.\d{3})+)(?:,(\d{1,2}))?$/.exec(clean);
  const match = plain ?? grouped;
  if (!match) return NaN;
  return cents(match[1], match[2].replace(/\./g, ''), match[3] ?? '');
}

/** @param {string} sign @param {string} euros @param {string} fraction */
function cents(sign, euros, fraction) {
  const value = Number(euros) * 100 + Number(fraction.padEnd(2, '0'));
  return sign === '-' ? -value : value;
}

/**
 * Cents as a German amount without the euro sign, for an input field:
 * 1250 → "12,50".
 * @param {number | null} cents
 */
export function centsToInput(cents) {
  if (cents == null) return '';
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

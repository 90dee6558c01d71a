// Renders every example error in German and English with the UI's own
// errorText (ui/i18n/index.js), for src-tauri/tests/i18n.rs, which copies
// this script next to the dictionaries and checks what it prints.
//
// Input (argv[2]): a JSON array of CommandErrors ({ code, field, params }).
// Output: for each, per language, the key of the text used under `errors`
// (null when the dictionary has none), that text with its placeholders, and
// the text as the window shows it.
import { readFileSync } from 'node:fs';
import de from './de.js';
import en from './en.js';
import { errorKey, errorText, setLanguage } from './index.js';

// The window loads English only when it is chosen; here both are rendered.
await setLanguage('en');
await setLanguage('de');

const dictionaries = { de, en };
const examples = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const rendered = examples.map((error) => Object.fromEntries(
  Object.entries(dictionaries).map(([language, dict]) => {
    const key = errorKey(error.code, error.params, dict) ?? null;
    return [language, {
      key,
      template: key === null ? null : dict.errors[key],
      text: errorText(error, /** @type {'de' | 'en'} */ (language)),
    }];
  }),
));
process.stdout.write(JSON.stringify(rendered));

-- Version 19: the public site (issue 24).
--
-- Each organisation decides whether it appears in the directory published
-- on the centre's portal, and with which fields: `published` is the
-- switch, `public_fields` the fields shown besides the name, a
-- comma-separated list of codes (municipality, languages, offerings,
-- website, email, phone). A field stays off until staff tick it, so
-- turning on `published` shows no more than the name.
--
-- The organisation's own description for the public, in German and in
-- the further languages of the portal where staff entered it.
ALTER TABLE organisation ADD COLUMN published INTEGER NOT NULL DEFAULT 0
    CHECK (published IN (0, 1));
ALTER TABLE organisation ADD COLUMN public_fields TEXT NOT NULL DEFAULT '';

CREATE TABLE organisation_public_text (
    organisation_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    language        TEXT NOT NULL CHECK (length(language) = 2),
    body            TEXT NOT NULL CHECK (length(trim(body)) > 0),
    PRIMARY KEY (organisation_id, language)
) STRICT, WITHOUT ROWID;

-- A contact person appears on the site only with their own consent to
-- that (purpose `veroeffentlichung`, recorded like the other consents
-- with the day and the text version) and when the organisation ticks
-- `contacts`. The purpose is new, so consent_text is rebuilt for its
-- CHECK (SQLite cannot change one in place); nothing refers to it.
CREATE TABLE consent_text_v19 (
    id         INTEGER PRIMARY KEY,
    purpose    TEXT NOT NULL
               CHECK (purpose IN ('mediathek', 'organisationsverzeichnis', 'veranstaltungen', 'fotos',
                                  'veroeffentlichung')),
    version    TEXT NOT NULL CHECK (length(trim(version)) > 0),
    language   TEXT NOT NULL DEFAULT 'de',
    body       TEXT NOT NULL CHECK (length(trim(body)) > 0),
    created_at TEXT NOT NULL,
    checked_on TEXT,
    checked_by TEXT NOT NULL DEFAULT '',
    UNIQUE (purpose, version, language)
) STRICT;
INSERT INTO consent_text_v19 (id, purpose, version, language, body, created_at, checked_on, checked_by)
SELECT id, purpose, version, language, body, created_at, checked_on, checked_by FROM consent_text;
DROP TABLE consent_text;
ALTER TABLE consent_text_v19 RENAME TO consent_text;

-- The text of version 2026-1, German checked, the translations not yet.
INSERT INTO consent_text (purpose, version, language, body, created_at, checked_on) VALUES
('veroeffentlichung', '2026-1', 'de', 'Ich bin einverstanden, dass das Kommunale Integrationszentrum meinen Namen, meine Rolle in der Organisation und die dort gespeicherte E-Mail-Adresse und Telefonnummer auf seiner öffentlichen Website im Verzeichnis der Migrantenorganisationen zeigt. Die Website kann jede und jeder im Internet lesen. Ich kann diese Einwilligung jederzeit widerrufen; mein Eintrag verschwindet dann mit der nächsten Veröffentlichung.', '2026-01-01T00:00:00', '2026-01-01T00:00:00'),
('veroeffentlichung', '2026-1', 'en', 'I agree that the Municipal Integration Centre (Kommunales Integrationszentrum) shows my name, my role in the organisation and the e-mail address and phone number stored there on its public website, in the directory of migrant organisations. Anyone on the internet can read the website. I can withdraw this consent at any time; my entry then disappears with the next publication.', '2026-01-01T00:00:00', NULL),
('veroeffentlichung', '2026-1', 'fr', 'J''accepte que le Centre municipal d''intégration (Kommunales Integrationszentrum) affiche mon nom, mon rôle dans l''organisation ainsi que l''adresse e-mail et le numéro de téléphone qui y sont enregistrés sur son site internet public, dans l''annuaire des organisations de migrants. Tout le monde peut lire ce site sur internet. Je peux retirer ce consentement à tout moment ; mon entrée disparaît alors lors de la publication suivante.', '2026-01-01T00:00:00', NULL),
('veroeffentlichung', '2026-1', 'ru', 'Я согласен(а) с тем, что Коммунальный центр интеграции (Kommunales Integrationszentrum) показывает на своём общедоступном сайте, в справочнике организаций мигрантов, моё имя, мою роль в организации, а также сохранённые там адрес электронной почты и номер телефона. Этот сайт может прочитать любой человек в интернете. Я могу в любое время отозвать это согласие; тогда моя запись исчезнет при следующей публикации.', '2026-01-01T00:00:00', NULL),
('veroeffentlichung', '2026-1', 'tr', 'Belediye Entegrasyon Merkezi''nin (Kommunales Integrationszentrum) adımı, kuruluştaki görevimi ve orada kayıtlı e-posta adresimi ve telefon numaramı herkese açık internet sitesinde, göçmen kuruluşları rehberinde göstermesini kabul ediyorum. Bu siteyi internette herkes okuyabilir. Bu onayı her zaman geri alabilirim; kaydım bir sonraki yayında siteden kalkar.', '2026-01-01T00:00:00', NULL),
('veroeffentlichung', '2026-1', 'ar', 'أوافق على أن يعرض مركز الاندماج البلدي (Kommunales Integrationszentrum) اسمي ودوري في المنظمة وعنوان البريد الإلكتروني ورقم الهاتف المحفوظين لديه على موقعه الإلكتروني العام في دليل منظمات المهاجرين. يستطيع أي شخص على الإنترنت قراءة هذا الموقع. يمكنني سحب هذه الموافقة في أي وقت، وعندها يختفي إدخالي مع النشر التالي.', '2026-01-01T00:00:00', NULL);

ALTER TABLE contact ADD COLUMN public_consent_on TEXT;
ALTER TABLE contact ADD COLUMN public_consent_version TEXT;

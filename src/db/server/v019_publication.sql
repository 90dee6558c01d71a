-- Version 19 on the server: the same columns and table as the file's step
-- 19 (src/db/migrations/v019_publication.sql says why).
ALTER TABLE organisation ADD COLUMN published BIGINT NOT NULL DEFAULT 0
    CHECK (published IN (0, 1));
ALTER TABLE organisation ADD COLUMN public_fields TEXT NOT NULL DEFAULT '';

CREATE TABLE organisation_public_text (
    organisation_id BIGINT NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    language        TEXT NOT NULL CHECK (length(language) = 2),
    body            TEXT NOT NULL CHECK (length(trim(body)) > 0),
    PRIMARY KEY (organisation_id, language)
);

-- The consent to be shown on the site (the file's step says why): the
-- purpose allowed, and its texts where the table has rows already (an
-- upgrade); a new database gets them copied from a new file.
ALTER TABLE consent_text DROP CONSTRAINT consent_text_purpose_check;
ALTER TABLE consent_text ADD CONSTRAINT consent_text_purpose_check
    CHECK (purpose IN ('mediathek', 'organisationsverzeichnis', 'veranstaltungen', 'fotos',
                       'veroeffentlichung'));
INSERT INTO consent_text (purpose, version, language, body, created_at, checked_on)
SELECT v.purpose, v.version, v.language, v.body, v.created_at, v.checked_on
FROM (VALUES
('veroeffentlichung', '2026-1', 'de', 'Ich bin einverstanden, dass das Kommunale Integrationszentrum meinen Namen, meine Rolle in der Organisation und die dort gespeicherte E-Mail-Adresse und Telefonnummer auf seiner öffentlichen Website im Verzeichnis der Migrantenorganisationen zeigt. Die Website kann jede und jeder im Internet lesen. Ich kann diese Einwilligung jederzeit widerrufen; mein Eintrag verschwindet dann mit der nächsten Veröffentlichung.', '2026-01-01T00:00:00', '2026-01-01T00:00:00'),
('veroeffentlichung', '2026-1', 'en', 'I agree that the Municipal Integration Centre (Kommunales Integrationszentrum) shows my name, my role in the organisation and the e-mail address and phone number stored there on its public website, in the directory of migrant organisations. Anyone on the internet can read the website. I can withdraw this consent at any time; my entry then disappears with the next publication.', '2026-01-01T00:00:00', NULL),
('veroeffentlichung', '2026-1', 'fr', 'J''accepte que le Centre municipal d''intégration (Kommunales Integrationszentrum) affiche mon nom, mon rôle dans l''organisation ainsi que l''adresse e-mail et le numéro de téléphone qui y sont enregistrés sur son site internet public, dans l''annuaire des organisations de migrants. Tout le monde peut lire ce site sur internet. Je peux retirer ce consentement à tout moment ; mon entrée disparaît alors lors de la publication suivante.', '2026-01-01T00:00:00', NULL),
('veroeffentlichung', '2026-1', 'ru', 'Я согласен(а) с тем, что Коммунальный центр интеграции (Kommunales Integrationszentrum) показывает на своём общедоступном сайте, в справочнике организаций мигрантов, моё имя, мою роль в организации, а также сохранённые там адрес электронной почты и номер телефона. Этот сайт может прочитать любой человек в интернете. Я могу в любое время отозвать это согласие; тогда моя запись исчезнет при следующей публикации.', '2026-01-01T00:00:00', NULL),
('veroeffentlichung', '2026-1', 'tr', 'Belediye Entegrasyon Merkezi''nin (Kommunales Integrationszentrum) adımı, kuruluştaki görevimi ve orada kayıtlı e-posta adresimi ve telefon numaramı herkese açık internet sitesinde, göçmen kuruluşları rehberinde göstermesini kabul ediyorum. Bu siteyi internette herkes okuyabilir. Bu onayı her zaman geri alabilirim; kaydım bir sonraki yayında siteden kalkar.', '2026-01-01T00:00:00', NULL),
('veroeffentlichung', '2026-1', 'ar', 'أوافق على أن يعرض مركز الاندماج البلدي (Kommunales Integrationszentrum) اسمي ودوري في المنظمة وعنوان البريد الإلكتروني ورقم الهاتف المحفوظين لديه على موقعه الإلكتروني العام في دليل منظمات المهاجرين. يستطيع أي شخص على الإنترنت قراءة هذا الموقع. يمكنني سحب هذه الموافقة في أي وقت، وعندها يختفي إدخالي مع النشر التالي.', '2026-01-01T00:00:00', NULL)
) AS v (purpose, version, language, body, created_at, checked_on)
WHERE EXISTS (SELECT 1 FROM consent_text)
ON CONFLICT (purpose, version, language) DO NOTHING;

ALTER TABLE contact ADD COLUMN public_consent_on TEXT;
ALTER TABLE contact ADD COLUMN public_consent_version TEXT;

-- The live view's notice, as on every table (v011_baseline.sql).
CREATE TRIGGER kiz_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON organisation_public_text
    FOR EACH STATEMENT EXECUTE FUNCTION kiz_change_notice();

-- Schema version 9: records that the deletion log names are never given a
-- used number again, the log says which record an entry meant, photo
-- consent is dated and versioned, and the consent texts ship translated.
-- Frozen once released: never edit, add a new version instead.
--
-- Runs with foreign keys switched off (the migration runner does that for
-- every step and checks `foreign_key_check` before committing), as SQLite's
-- documentation asks for rebuilding a table that others refer to.

-- Borrowers, contacts and participants get AUTOINCREMENT: SQLite then never
-- hands out a number that was used before, not even that of the newest
-- record after it was erased. Without it, a person added after an erasure
-- took the erased person's number, and re-applying the erasure after a
-- restore would have removed the new person. Every row keeps its number.
CREATE TABLE borrower_v9 (
    id                      INTEGER PRIMARY KEY AUTOINCREMENT,
    kind                    TEXT NOT NULL
                            CHECK (kind IN ('hauptamtlich', 'ehrenamtlich', 'organisation', 'sonstige')),
    name                    TEXT NOT NULL CHECK (length(trim(name)) > 0),
    organisation_id         INTEGER REFERENCES organisation (id),
    email                   TEXT NOT NULL DEFAULT '',
    phone                   TEXT NOT NULL DEFAULT '',
    print_language          TEXT NOT NULL DEFAULT 'de'
                            CHECK (print_language IN ('de', 'en', 'fr', 'ru', 'tr', 'ar')),
    card_number             TEXT NOT NULL UNIQUE CHECK (length(trim(card_number)) > 0),
    note                    TEXT NOT NULL DEFAULT '',
    blocked_reason          TEXT,
    history_consent_on      TEXT,
    history_consent_version TEXT,
    email_consent_on        TEXT,
    email_consent_version   TEXT,
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL,
    last_loan_on            TEXT
) STRICT;
INSERT INTO borrower_v9 (id, kind, name, organisation_id, email, phone, print_language, card_number,
                         note, blocked_reason, history_consent_on, history_consent_version,
                         email_consent_on, email_consent_version, created_at, updated_at, last_loan_on)
SELECT id, kind, name, organisation_id, email, phone, print_language, card_number,
       note, blocked_reason, history_consent_on, history_consent_version,
       email_consent_on, email_consent_version, created_at, updated_at, last_loan_on
FROM borrower;
DROP TABLE borrower;
ALTER TABLE borrower_v9 RENAME TO borrower;

CREATE TABLE contact_v9 (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    name            TEXT NOT NULL CHECK (length(trim(name)) > 0),
    email           TEXT NOT NULL DEFAULT '',
    phone           TEXT NOT NULL DEFAULT '',
    note            TEXT NOT NULL DEFAULT '',
    borrower_id     INTEGER UNIQUE REFERENCES borrower (id),
    consent_on      TEXT,
    consent_version TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;
INSERT INTO contact_v9 (id, name, email, phone, note, borrower_id, consent_on, consent_version,
                        created_at, updated_at)
SELECT id, name, email, phone, note, borrower_id, consent_on, consent_version, created_at, updated_at
FROM contact;
DROP TABLE contact;
ALTER TABLE contact_v9 RENAME TO contact;

-- Photo consent is recorded like the other consents: the day and the
-- version of the text agreed to. Consents given before v9 were recorded
-- together with the events' consent on the same form, so they take its
-- day and version.
CREATE TABLE participant_v9 (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    name                  TEXT NOT NULL CHECK (length(trim(name)) > 0),
    birth_year            INTEGER CHECK (birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100),
    age_group             TEXT NOT NULL DEFAULT '',
    school                TEXT NOT NULL DEFAULT '',
    email                 TEXT NOT NULL DEFAULT '',
    phone                 TEXT NOT NULL DEFAULT '',
    guardian_name         TEXT NOT NULL DEFAULT '',
    guardian_contact      TEXT NOT NULL DEFAULT '',
    consent_on            TEXT NOT NULL,
    consent_version       TEXT NOT NULL CHECK (length(trim(consent_version)) > 0),
    photo_consent         INTEGER NOT NULL DEFAULT 0 CHECK (photo_consent IN (0, 1)),
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL,
    anonymised_on         TEXT,
    photo_consent_on      TEXT,
    photo_consent_version TEXT,
    CHECK (photo_consent = 0 OR (photo_consent_on IS NOT NULL AND photo_consent_version IS NOT NULL))
) STRICT;
INSERT INTO participant_v9 (id, name, birth_year, age_group, school, email, phone, guardian_name,
                            guardian_contact, consent_on, consent_version, photo_consent, created_at,
                            updated_at, anonymised_on, photo_consent_on, photo_consent_version)
SELECT id, name, birth_year, age_group, school, email, phone, guardian_name,
       guardian_contact, consent_on, consent_version, photo_consent, created_at,
       updated_at, anonymised_on,
       CASE WHEN photo_consent = 1 THEN consent_on END,
       CASE WHEN photo_consent = 1 THEN consent_version END
FROM participant;
DROP TABLE participant;
ALTER TABLE participant_v9 RENAME TO participant;

-- Which record an entry meant, without naming the person: the creation
-- time of each record in `record_ids`, in the same order. A restore erases
-- a number again only when the record with that number was created at
-- that moment, so it never meets a person who merely got the same number.
ALTER TABLE deletion_log ADD COLUMN record_created TEXT NOT NULL DEFAULT '';

-- Numbering goes on above every number used so far, also above the
-- numbers of erased records that the deletion log names.
-- (Copying the rows already left one line per table in sqlite_sequence;
-- it is replaced, as the table has no unique key to update by.)
DELETE FROM sqlite_sequence WHERE name IN ('borrower', 'contact', 'participant');
INSERT INTO sqlite_sequence (name, seq)
SELECT kind, max(coalesce(high, 0)) FROM (
    SELECT 'borrower' AS kind, (SELECT max(id) FROM borrower) AS high
    UNION ALL SELECT 'contact', (SELECT max(id) FROM contact)
    UNION ALL SELECT 'participant', (SELECT max(id) FROM participant)
    UNION ALL
    SELECT d.record_kind, max(CAST(j.value AS INTEGER))
    FROM deletion_log AS d, json_each('[' || d.record_ids || ']') AS j
    WHERE d.record_ids <> '' AND d.record_kind IN ('borrower', 'contact', 'participant')
    GROUP BY d.record_kind
)
GROUP BY kind;

-- Consent texts: a translation is marked "not yet checked" until staff
-- confirm it; German texts are the originals and count as checked.
ALTER TABLE consent_text ADD COLUMN checked_on TEXT;
ALTER TABLE consent_text ADD COLUMN checked_by TEXT NOT NULL DEFAULT '';
UPDATE consent_text SET checked_on = created_at WHERE language = 'de';

-- The default texts of version 2026-1 in the languages of the centre's
-- portal, unchecked until staff mark them checked. A translation staff
-- already added for that version stays as it is.
INSERT OR IGNORE INTO consent_text (purpose, version, language, body, created_at)
SELECT t.purpose, '2026-1', t.language, t.body, '2026-01-01T00:00:00'
FROM (SELECT column1 AS purpose, column2 AS language, column3 AS body FROM (VALUES
('mediathek', 'en', 'I agree that the Municipal Integration Centre (Kommunales Integrationszentrum) stores my name, my contact details and my loans for as long as I borrow media from the Mediathek. After a return, the link between me and the item is deleted, unless I expressly wish my loans to be kept. I can withdraw this consent at any time.'),
('mediathek', 'fr', 'J''accepte que le Centre municipal d''intégration (Kommunales Integrationszentrum) enregistre mon nom, mes coordonnées et mes emprunts aussi longtemps que j''emprunte des médias de la médiathèque. Après le retour, le lien entre moi et le média est supprimé, sauf si je demande expressément que mes emprunts soient conservés. Je peux retirer ce consentement à tout moment.'),
('mediathek', 'ru', 'Я согласен(а) с тем, что Коммунальный центр интеграции (Kommunales Integrationszentrum) хранит моё имя, мои контактные данные и сведения о взятых мною материалах, пока я пользуюсь медиатекой. После возврата связь между мной и материалом удаляется, если только я прямо не пожелаю, чтобы история моих выдач сохранялась. Я могу в любое время отозвать это согласие.'),
('mediathek', 'tr', 'Medyatek''ten materyal ödünç aldığım sürece Belediye Entegrasyon Merkezi''nin (Kommunales Integrationszentrum) adımı, iletişim bilgilerimi ve ödünç aldıklarımı kaydetmesini kabul ediyorum. İade edildikten sonra benimle materyal arasındaki bağlantı silinir; ödünç aldıklarımın saklanmasını açıkça istersem silinmez. Bu onayı her zaman geri alabilirim.'),
('mediathek', 'ar', 'أوافق على أن يحفظ مركز الاندماج البلدي (Kommunales Integrationszentrum) اسمي وبيانات الاتصال الخاصة بي وما أستعيره، ما دمت أستعير مواد من المكتبة الإعلامية. بعد الإرجاع يُحذف الربط بيني وبين المادة، إلا إذا طلبت صراحةً الاحتفاظ بسجل استعاراتي. يمكنني سحب هذه الموافقة في أي وقت.'),
('organisationsverzeichnis', 'en', 'I agree that the Municipal Integration Centre stores my name, my contact details and my role in the organisation in the directory of migrant organisations and uses them for our cooperation for as long as the organisation is active. I can withdraw this consent at any time.'),
('organisationsverzeichnis', 'fr', 'J''accepte que le Centre municipal d''intégration enregistre mon nom, mes coordonnées et mon rôle dans l''organisation dans l''annuaire des organisations de migrants et les utilise pour la coopération, aussi longtemps que l''organisation est active. Je peux retirer ce consentement à tout moment.'),
('organisationsverzeichnis', 'ru', 'Я согласен(а) с тем, что Коммунальный центр интеграции хранит моё имя, мои контактные данные и мою роль в организации в справочнике организаций мигрантов и использует их для сотрудничества, пока организация действует. Я могу в любое время отозвать это согласие.'),
('organisationsverzeichnis', 'tr', 'Belediye Entegrasyon Merkezi''nin, kuruluş faal olduğu sürece adımı, iletişim bilgilerimi ve kuruluştaki görevimi göçmen kuruluşları rehberinde kaydetmesini ve iş birliği için kullanmasını kabul ediyorum. Bu onayı her zaman geri alabilirim.'),
('organisationsverzeichnis', 'ar', 'أوافق على أن يحفظ مركز الاندماج البلدي اسمي وبيانات الاتصال الخاصة بي ودوري في المنظمة في دليل منظمات المهاجرين، وأن يستخدمها للتعاون ما دامت المنظمة نشطة. يمكنني سحب هذه الموافقة في أي وقت.'),
('veranstaltungen', 'en', 'I agree that the Municipal Integration Centre stores the details of my registration for events. 90 days after the event, my name and contact details are deleted; only my age group, languages and attendance are kept, without my name, for statistics. I can withdraw this consent at any time.'),
('veranstaltungen', 'fr', 'J''accepte que le Centre municipal d''intégration enregistre les informations de mon inscription aux manifestations. 90 jours après la manifestation, mon nom et mes coordonnées sont supprimés ; seuls ma tranche d''âge, mes langues et ma participation sont conservés, sans mon nom, à des fins statistiques. Je peux retirer ce consentement à tout moment.'),
('veranstaltungen', 'ru', 'Я согласен(а) с тем, что Коммунальный центр интеграции хранит мои данные для регистрации на мероприятия. Через 90 дней после мероприятия имя и контактные данные удаляются; для статистики без имени сохраняются только возрастная группа, языки и факт участия. Я могу в любое время отозвать это согласие.'),
('veranstaltungen', 'tr', 'Belediye Entegrasyon Merkezi''nin etkinliklere kaydım için verdiğim bilgileri kaydetmesini kabul ediyorum. Etkinlikten 90 gün sonra adım ve iletişim bilgilerim silinir; istatistik için yalnızca yaş grubum, dillerim ve katılımım adım olmadan saklanır. Bu onayı her zaman geri alabilirim.'),
('veranstaltungen', 'ar', 'أوافق على أن يحفظ مركز الاندماج البلدي بيانات تسجيلي في الفعاليات. بعد 90 يومًا من الفعالية يُحذف اسمي وبيانات الاتصال الخاصة بي، ولا يبقى إلا الفئة العمرية واللغات والحضور دون اسم لأغراض الإحصاء. يمكنني سحب هذه الموافقة في أي وقت.'),
('fotos', 'en', 'I agree that photos in which I can be seen are taken at events, and that the Municipal Integration Centre uses them in reports about the event. I can withdraw this consent at any time.'),
('fotos', 'fr', 'J''accepte que des photos sur lesquelles je suis visible soient prises lors des manifestations et que le Centre municipal d''intégration les utilise dans des comptes rendus de la manifestation. Je peux retirer ce consentement à tout moment.'),
('fotos', 'ru', 'Я согласен(а) с тем, что на мероприятиях делаются фотографии, на которых я виден(а), и что Коммунальный центр интеграции использует их в отчётах о мероприятии. Я могу в любое время отозвать это согласие.'),
('fotos', 'tr', 'Etkinliklerde beni gösteren fotoğraflar çekilmesini ve Belediye Entegrasyon Merkezi''nin bunları etkinlikle ilgili raporlarda kullanmasını kabul ediyorum. Bu onayı her zaman geri alabilirim.'),
('fotos', 'ar', 'أوافق على التقاط صور في الفعاليات أظهر فيها، وعلى أن يستخدمها مركز الاندماج البلدي في التقارير عن الفعالية. يمكنني سحب هذه الموافقة في أي وقت.')
)) AS t
WHERE EXISTS (SELECT 1 FROM consent_text AS g
              WHERE g.purpose = t.purpose AND g.version = '2026-1' AND g.language = 'de');

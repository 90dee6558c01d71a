-- KIZ Desk: die Rolle und die Datenbank für die gemeinsame Datenbank.
--
-- Auszuführen von der IT mit psql als Administrator des PostgreSQL-Servers
-- (zum Beispiel als Benutzer postgres):
--
--     psql -v ON_ERROR_STOP=1 -f server-setup.sql
--
-- Vorher das Passwort unten ändern. Die Rolle kiz_desk ist die Anmeldung
-- des Programms, kein Konto einer Person: Wer an KIZ Desk arbeitet, meldet
-- sich weiter wie bisher an Windows an. Die Rolle bekommt nur, was das
-- Programm braucht: Sie darf sich mit der Datenbank kiz verbinden und im
-- Schema public ihre Tabellen, Indizes, Funktionen und Trigger anlegen
-- (die dann ihr gehören), sonst nichts: kein Superuser, keine Datenbanken,
-- Rollen, Schemas oder temporären Tabellen. Eigentümer der Datenbank
-- bleibt, wer diese Datei ausführt.
-- Die Tabellen legt KIZ Desk selbst an, wenn der erste Arbeitsplatz auf
-- die Datenbank umgestellt wird (Einstellungen → Datenbank).
-- Die Tests von KIZ Desk führen genau diese Datei aus (tests/server.rs).

CREATE ROLE kiz_desk LOGIN PASSWORD 'bitte-aendern'
    NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;

CREATE DATABASE kiz ENCODING 'UTF8' TEMPLATE template0;

REVOKE ALL ON DATABASE kiz FROM PUBLIC;

GRANT CONNECT ON DATABASE kiz TO kiz_desk;

\connect kiz

-- Ab PostgreSQL 15 ist das schon so; ältere Server erlaubten allen Rollen,
-- im Schema public Tabellen anzulegen.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

GRANT CREATE, USAGE ON SCHEMA public TO kiz_desk;

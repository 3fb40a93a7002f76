//! Integration tests: the real server on port 0 against a fresh SQLite file, and the same tests
//! against a fresh PostgreSQL database when `TEST_DATABASE_URL` is set.

mod helpers;

mod accounts;
mod agenda;
mod announcements;
mod assets;
mod authorisation;
mod calendars;
mod checkin;
mod content_translations;
mod documents;
mod emails;
mod forums;
mod hardening;
mod health;
mod hostile;
mod imports;
mod invitation_answers;
mod keys;
mod languages;
mod mail;
mod manage_forums;
mod messages;
mod offline;
mod participant;
mod partner_imports;
mod privacy;
mod programme_translations;
mod registration;
mod registration_modes;
mod reminders;
mod reports;
mod security;
mod series;
mod series_messages;
mod servers;
mod waits;

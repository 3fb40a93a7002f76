pub mod accounts;
pub mod agenda;
pub mod announcements;
pub mod calendar;
pub mod documents;
pub mod forums;
pub mod registration;

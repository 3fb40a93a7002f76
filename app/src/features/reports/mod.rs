//! The donor report: who took part, by stakeholder group, country, gender, age band, day and
//! session, for one forum and a whole series; server-rendered charts; CSV and XLSX exports;
//! small numbers protected everywhere by one rule (`suppress`); a forum's figures frozen before
//! its personal data is erased.
pub mod api;
#[cfg(feature = "ssr")]
pub mod build;
pub mod charts;
#[cfg(feature = "ssr")]
pub mod export;
pub mod joint;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod snapshot;
#[cfg(feature = "ssr")]
pub mod store;
pub mod suppress;
pub mod tables;
pub mod types;

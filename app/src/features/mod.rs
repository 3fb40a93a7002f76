pub mod accounts;
pub mod forums;

pub mod content;
pub mod layout;
pub mod notice;

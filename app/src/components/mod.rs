pub mod content;
pub mod form;
pub mod layout;
pub mod nav;
pub mod notice;
pub mod slot;

#![recursion_limit = "512"]
//! The Agora server: configuration, start-up, the axum routes outside Leptos, and the
//! command-line subcommands.

pub mod assets;
pub mod backup;
pub mod cli;
pub mod config;
pub mod deadline;
pub mod demo;
pub mod demo_agenda;
pub mod demo_checkins;
pub mod demo_content;
pub mod demo_content_translations;
pub mod demo_invitations;
pub mod demo_messages;
pub mod demo_registrations;
pub mod demo_translations;
pub mod health;
pub mod metrics;
pub mod middleware;
pub mod outbox;
pub mod preview;
pub mod startup;
pub mod supervise;
pub mod telemetry;

//! Errors and typed values that survive a redirect after a form posted without JavaScript.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub const FLASH_COOKIE: &str = "agora_flash";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Flash {
    pub error: AppError,
    pub fields: Vec<(String, String)>,
}

impl Flash {
    pub fn field(&self, name: &str) -> Option<String> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    }
}

/// Takes the pending flash of this browser, if any (cleared once read).
#[server(endpoint = "flash")]
pub async fn take_flash() -> Result<Option<Flash>, AppError> {
    Ok(crate::server::take_flash_cookie())
}

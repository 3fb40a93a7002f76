//! The addresses of the built CSS, scripts and wasm. `scripts/build.sh` names each file after
//! its content (`agora.3f9c….css`) so browsers may keep it for a year, and lists the names in
//! `$LEPTOS_SITE_ROOT/pkg/manifest.json`, which the server reads once at start-up. Without a
//! manifest (a server started by the integration tests, or a cargo-leptos build) the plain
//! names are used.

use leptos::prelude::*;
use serde::Deserialize;
use std::path::Path;
use std::sync::OnceLock;

/// Every asset a page may reference, as absolute paths.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Assets {
    pub css: String,
    /// The small script on every page that loads the islands' wasm where a page has islands.
    pub loader: String,
    pub islands_js: String,
    pub islands_wasm: String,
    /// The scanner page's camera script.
    pub scanner: String,
    /// The Web Worker that runs the QR decoder, and the decoder it loads.
    pub decoder_worker: String,
    pub decoder_js: String,
    pub decoder_wasm: String,
    /// The offline door the scanner script imports (roster, offline verdicts, queue).
    pub door: String,
}

impl Default for Assets {
    fn default() -> Self {
        Self {
            css: "/pkg/agora.css".into(),
            loader: "/loader.js".into(),
            islands_js: "/pkg/agora.js".into(),
            // cargo-leptos' name for the wasm it builds (no `_bg`).
            islands_wasm: "/pkg/agora.wasm".into(),
            scanner: "/scanner.js".into(),
            decoder_worker: "/decoder-worker.js".into(),
            decoder_js: "/pkg/decoder.js".into(),
            decoder_wasm: "/pkg/decoder_bg.wasm".into(),
            door: "/door.js".into(),
        }
    }
}

/// Where the manifest of a site root is.
pub fn manifest_path(site_root: &Path) -> std::path::PathBuf {
    site_root.join("pkg").join("manifest.json")
}

static ASSETS: OnceLock<Assets> = OnceLock::new();

/// Reads the site root's manifest (once per process); a missing manifest means plain names,
/// an unreadable one is an error worth stopping for.
pub fn init(site_root: &Path) -> Result<&'static Assets, String> {
    let path = manifest_path(site_root);
    let assets = match std::fs::read_to_string(&path) {
        Ok(text) => serde_json::from_str(&text)
            .map_err(|e| format!("{} is not an asset manifest: {e}", path.display()))?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Assets::default(),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    Ok(ASSETS.get_or_init(|| assets))
}

/// The assets of this process (plain names until `init` ran).
pub fn assets() -> &'static Assets {
    ASSETS.get_or_init(Assets::default)
}

/// Put in `<head>`: the loader, told where the islands' script and wasm are. Pages without
/// islands download the loader alone (a few hundred bytes); it fetches the wasm only when the
/// page holds a `<leptos-island>`.
#[component]
pub fn IslandScripts() -> impl IntoView {
    // Islands mode: what the server components read is not sent to the browser for hydration.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    let a = assets();
    view! {
        <script
            type="module"
            id="islands-loader"
            src=a.loader.clone()
            data-js=a.islands_js.clone()
            data-wasm=a.islands_wasm.clone()
        ></script>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_names_every_asset() {
        let text = r#"{"css":"/pkg/agora.1.css","loader":"/pkg/loader.2.js","islands_js":"/pkg/agora.3.js",
            "islands_wasm":"/pkg/agora_bg.4.wasm","scanner":"/pkg/scanner.5.js","decoder_worker":"/pkg/decoder-worker.6.js",
            "decoder_js":"/pkg/decoder.7.js","decoder_wasm":"/pkg/decoder_bg.8.wasm","door":"/pkg/door.9.js"}"#;
        let a: Assets = serde_json::from_str(text).expect("reads");
        assert_eq!(a.css, "/pkg/agora.1.css");
        assert_eq!(a.decoder_wasm, "/pkg/decoder_bg.8.wasm");
        assert_eq!(a.door, "/pkg/door.9.js");
        assert!(serde_json::from_str::<Assets>(r#"{"css":"/a.css"}"#).is_err());
    }
}

//! The scanner's pages: choose a forum and a list, then scan with the camera (`/scanner.js`
//! drives it) or check people in by hand. Manual check-in and undo are plain forms, so they work
//! without JavaScript too.

use super::api::*;
use super::types::{CheckinResponse, ScannerPageData, Verdict};
use crate::components::notice::{refused, ErrorNotice, Loading};
use crate::flash::{take_flash, FlashResource};
use crate::i18n::{use_locale, Locale};
use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

fn param(name: &'static str) -> impl Fn() -> String + Copy {
    let params = use_params_map();
    move || params.read().get(name).unwrap_or_default()
}

/// `/checkin`: the forums this scanner may open.
#[component]
pub fn CheckinHomePage() -> impl IntoView {
    let locale = use_locale();
    let data = Resource::new_blocking(|| (), |_| load_checkin_forums());
    view! {
        <Title text=locale.t("checkin.title") />
        <InstallableScanner />
        <h1>{locale.t("checkin.title")}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => refused(e),
                    Ok(forums) if forums.is_empty() => view! { <p>{locale.t("checkin.no_forums")}</p> }.into_any(),
                    Ok(forums) => view! {
                        <p>{locale.t("checkin.choose_forum")}</p>
                        <ul class="choice-list">
                            {forums.into_iter().map(|(slug, title)| view! {
                                <li><A href=format!("/checkin/{slug}")>{title}</A></li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/checkin/{slug}`: the forum's lists (entry, days, sessions).
#[component]
pub fn CheckinListsPage() -> impl IntoView {
    let locale = use_locale();
    let slug = param("slug");
    let data = Resource::new_blocking(slug, load_checkin_lists);
    view! {
        <Title text=locale.t("checkin.choose_list") />
        <InstallableScanner />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => refused(e),
                    Ok(d) => view! {
                        <p class="eyebrow">{d.forum_title.clone()}</p>
                        <h1>{locale.t("checkin.choose_list")}</h1>
                        <ul class="choice-list">
                            {d.lists.into_iter().map(|l| {
                                let href = format!("/checkin/{}/{}", d.forum_slug, l.key);
                                view! {
                                    <li>
                                        // A full page load, so the camera script runs on every visit.
                                        <a href=href rel="external">{l.name}</a>
                                        {l.cancelled.then(|| view! { " " <span class="badge badge-cancelled">{locale.t("agenda.cancelled")}</span> })}
                                        {(!l.groups.is_empty()).then(|| view! { " " <span class="badge">{locale.t("checkin.limited")}</span> })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The scanner pages can be installed to the home screen (`/checkin/manifest.webmanifest`).
#[component]
fn InstallableScanner() -> impl IntoView {
    let locale = use_locale();
    view! {
        <Link rel="manifest" href=format!("/checkin/manifest.webmanifest?lang={}", locale.code()) />
        <Meta name="theme-color" content="#1f4e5f" />
    }
}

/// The texts the camera script shows, in the page's language.
fn scanner_texts(locale: Locale) -> String {
    let keys = [
        "admitted",
        "already_checked_in",
        "invalid",
        "cancelled",
        "not_on_list",
        "camera_starting",
        "camera_ready",
        "camera_denied",
        "camera_missing",
        "network",
        "decoder",
        "scan_next",
        "online",
        "offline",
        "waiting",
        "updated",
        "never",
        "pin_choose",
        "pin_enter",
        "pin_wrong",
        "pin_short",
        "pin_wiped",
        "expired",
        "locked",
    ];
    // The reasons the phone gives when it decides offline: the server's own words.
    let reasons = [
        "unreadable",
        "forged",
        "other_forum",
        "unknown",
        "reissued",
        "cancelled",
        "rejected",
        "no_seat",
        "session_cancelled",
        "group",
    ];
    let text = |key: String| serde_json::Value::String(locale.t(&key));
    let map: serde_json::Map<String, serde_json::Value> = keys
        .iter()
        .map(|k| (k.to_string(), text(format!("checkin.js.{k}"))))
        .chain(
            reasons
                .iter()
                .map(|k| (format!("reason.{k}"), text(format!("checkin.reason.{k}")))),
        )
        .collect();
    serde_json::Value::Object(map).to_string()
}

/// `/checkin/{slug}/{list}`: the camera scanner and manual check-in. The camera part is rendered
/// once (its data does not follow the forms), so checking someone in by hand keeps the camera on.
#[component]
pub fn ScannerPage() -> impl IntoView {
    let locale = use_locale();
    let slug = param("slug");
    let list = param("list");
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let manual = ServerAction::<ManualCheckin>::new();
    let undo = ServerAction::<UndoCheckin>::new();
    // The ticket-code form's message after it was sent without JavaScript.
    let flash: FlashResource = Resource::new_blocking(|| (), |_| take_flash());
    let head = Resource::new_blocking(
        move || (slug(), list()),
        |(s, l)| load_scanner(s, l, String::new()),
    );
    let data = Resource::new_blocking(
        move || {
            (
                slug(),
                list(),
                q(),
                manual.version().get() + undo.version().get(),
            )
        },
        |(s, l, q, _)| load_scanner(s, l, q),
    );
    view! {
        <Title text=locale.t("checkin.title") />
        <InstallableScanner />
        <Meta name="robots" content="noindex" />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match head.await {
                    Err(e) => refused(e),
                    Ok(d) => {
                        let code_error = flash.await.ok().flatten()
                            .filter(|f| f.field("form").as_deref() == Some("code"))
                            .map(|f| f.error);
                        view! { <Camera data=d code_error /> }.into_any()
                    }
                }
            })}
        </Suspense>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(_) => ().into_any(),
                    Ok(d) => view! { <ManualSection data=d.clone() manual /> <LastCheckin data=d undo /> }.into_any(),
                }
            })}
        </Suspense>
        <script type="module" src=crate::assets::assets().scanner.clone()></script>
    }
}

#[component]
fn Camera(data: ScannerPageData, code_error: Option<crate::error::AppError>) -> impl IntoView {
    let locale = use_locale();
    let slug = data.forum_slug.clone();
    let key = data.list.key.clone();
    let counts = format!("/checkin/{slug}/{key}/counts");
    // The decoder is named here and fetched by the camera script only where it is needed.
    let assets = crate::assets::assets();
    view! {
        <p class="eyebrow">{data.forum_title.clone()}" · "{locale.tf("checkin.scanning_as", &[("name", &data.scanner_name)])}</p>
        <h1>{data.list.name.clone()}</h1>
        <p class="toolbar">
            <A href=format!("/checkin/{slug}")>{locale.t("checkin.change_list")}</A>
            <A href=counts>{locale.t("checkin.counts.link")}</A>
        </p>
        {data.list.cancelled.then(|| view! { <p class="notice notice-warning" role="status">{locale.t("checkin.reason.session_cancelled")}</p> })}
        <section class="scanner" id="scanner" aria-labelledby="scanner-heading"
            data-list-id=data.list.id.clone() data-texts=scanner_texts(locale)
            data-decoder-worker=assets.decoder_worker.clone() data-decoder-js=assets.decoder_js.clone()
            data-decoder-wasm=assets.decoder_wasm.clone() data-door=assets.door.clone()>
            <h2 id="scanner-heading" class="visually-hidden">{locale.t("checkin.camera")}</h2>
            <div class="scanner-frame">
                <video id="scanner-video" playsinline="" muted="" aria-label=locale.t("checkin.camera_preview")></video>
                <p id="scanner-status" class="scanner-status" role="status">{locale.t("checkin.camera_off")}</p>
            </div>
            <button id="scanner-start" type="button" class="button">{locale.t("checkin.start_camera")}</button>
            <p id="door-status" class="door-status" role="status" data-state="empty"></p>
            // The PIN that guards this phone's copy of the list (the scanner script shows it).
            <form id="door-pin" class="form door-pin" autocomplete="off" hidden>
                <p class="hint" id="door-pin-lead"></p>
                <div class="field">
                    <label for="door-pin-input">{locale.t("checkin.pin.label")}</label>
                    <input id="door-pin-input" type="password" inputmode="numeric" autocomplete="off"
                        minlength="4" maxlength="8" aria-describedby="door-pin-lead door-pin-error" />
                    <p class="field-error" id="door-pin-error" aria-live="polite"></p>
                </div>
                <button type="submit" class="button">{locale.t("checkin.pin.submit")}</button>
            </form>
            // A handheld scanner types the code and presses Enter; a code may be typed too. With
            // JavaScript the scanner script sends it; without, the form posts it (never in the
            // address, which logs and histories keep).
            {code_error.map(|error| view! { <ErrorNotice error /> })}
            <form id="code-form" class="form code-form" method="post" action="/api/checkin/code" autocomplete="off">
                <input type="hidden" name="slug" value=data.forum_slug.clone() />
                <input type="hidden" name="list" value=data.list.key.clone() />
                <input type="hidden" name="nonce" value=data.code_nonce.clone() />
                <div class="field">
                    <label for="code-input">{locale.t("checkin.code_label")}</label>
                    <input id="code-input" name="code" type="text" inputmode="text" autocapitalize="characters"
                        spellcheck="false" maxlength="1000" aria-describedby="code-hint" />
                    <p class="hint" id="code-hint">{locale.t("checkin.code_hint")}</p>
                </div>
                <button type="submit" class="button button-secondary">{locale.t("checkin.code_submit")}</button>
            </form>
            <div id="verdict" class="verdict" role="alert" hidden>
                <p class="verdict-title"></p>
                <p class="verdict-name"></p>
                <p class="verdict-detail"></p>
                <p class="verdict-offline" hidden>{locale.t("checkin.js.offline_decided")}</p>
            </div>
            <noscript><p class="notice">{locale.t("checkin.needs_js")}</p></noscript>
        </section>
    }
}

/// A verdict as a banner (manual check-in; the camera script draws its own).
#[component]
pub fn VerdictBanner(response: CheckinResponse) -> impl IntoView {
    let locale = use_locale();
    let class = match response.verdict {
        Verdict::Admitted => "verdict verdict-admitted",
        Verdict::AlreadyCheckedIn => "verdict verdict-already",
        _ => "verdict verdict-refused",
    };
    view! {
        <div class=class role="alert">
            <p class="verdict-title">{locale.t(&format!("checkin.js.{}", response.verdict.as_str()))}</p>
            <p class="verdict-name">{response.name.unwrap_or_default()}</p>
            <p class="verdict-detail">
                {[response.organisation.unwrap_or_default(), response.group.unwrap_or_default(), response.reason]
                    .into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · ")}
            </p>
        </div>
    }
}

#[component]
fn ManualSection(data: ScannerPageData, manual: ServerAction<ManualCheckin>) -> impl IntoView {
    let locale = use_locale();
    let slug = data.forum_slug.clone();
    let key = data.list.key.clone();
    let typed = data.query.chars().count();
    let searched = typed >= super::types::SEARCH_MIN_CHARS;
    view! {
        <section class="manual" aria-labelledby="manual-heading">
            <h2 id="manual-heading">{locale.t("checkin.manual")}</h2>
            <form method="get" class="form search-form" role="search">
                <div class="field">
                    <label for="manual-q">{locale.t("checkin.search")}</label>
                    <input id="manual-q" name="q" type="search" value=data.query.clone() autocomplete="off" />
                </div>
                <button type="submit" class="button button-secondary">{locale.t("checkin.search_button")}</button>
            </form>
            {move || manual.value().get().map(|result| match result {
                Ok(response) => view! { <VerdictBanner response /> }.into_any(),
                Err(error) => view! { <ErrorNotice error /> }.into_any(),
            })}
            {(searched && data.results.is_empty()).then(|| view! { <p>{locale.t("checkin.no_results")}</p> })}
            {(typed > 0 && !searched).then(|| view! { <p role="status">{locale.t("checkin.search_too_short")}</p> })}
            <ul class="manual-results">
                {data.results.into_iter().map(|r| {
                    let status = locale.t(&format!("registration.status.{}", r.status.as_str()));
                    let (slug, key) = (slug.clone(), key.clone());
                    view! {
                        <li class="manual-result">
                            <div>
                                <p class="manual-name">{r.full_name.clone()}</p>
                                <p class="muted">{r.organisation.clone()}" · "{r.group.clone()}" · "{status}</p>
                            </div>
                            {match r.checked_in_at.clone() {
                                Some(at) => view! { <p class="badge badge-ok">{locale.tf("checkin.checked_in_at", &[("time", &at)])}</p> }.into_any(),
                                None => view! {
                                    <ActionForm action=manual>
                                        <input type="hidden" name="slug" value=slug />
                                        <input type="hidden" name="list" value=key />
                                        <input type="hidden" name="registration_id" value=r.registration_id.to_string() />
                                        <input type="hidden" name="nonce" value=r.nonce.clone() />
                                        <button type="submit" class="button">
                                            {locale.t("checkin.check_in")}
                                            <span class="visually-hidden">": "{r.full_name.clone()}</span>
                                        </button>
                                    </ActionForm>
                                }.into_any(),
                            }}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn LastCheckin(data: ScannerPageData, undo: ServerAction<UndoCheckin>) -> impl IntoView {
    let locale = use_locale();
    let slug = data.forum_slug.clone();
    data.last.map(|(name, list, time)| {
        view! {
            <section class="last-checkin" aria-labelledby="last-heading">
                <h2 id="last-heading">{locale.t("checkin.last")}</h2>
                <p>{locale.tf("checkin.last_line", &[("name", &name), ("list", &list), ("time", &time)])}</p>
                {move || undo.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
                <ActionForm action=undo>
                    <input type="hidden" name="slug" value=slug.clone() />
                    <button type="submit" class="button button-secondary">{locale.t("checkin.undo")}</button>
                </ActionForm>
            </section>
        }
    })
}

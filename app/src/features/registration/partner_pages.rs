//! `/organiser/forums/{slug}/registrations/import`: a partner's list of registrations (paper
//! forms, their own sheet) uploaded for its check; the check's page is in `import_pages`.

use super::import_pages::ImportForm;
use super::partner_api::load_registration_import_page;
use crate::components::notice::{refused, Loading};
use crate::flash::{take_flash, FlashResource};
use crate::i18n::use_locale;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn RegistrationImportPage() -> impl IntoView {
    let locale = use_locale();
    let slug = super::admin_pages::slug_param();
    let flash: FlashResource = Resource::new_blocking(|| (), |_| take_flash());
    let data = Resource::new_blocking(
        {
            let slug = slug.clone();
            move || slug.clone()
        },
        load_registration_import_page,
    );
    view! {
        <Title text=locale.t("import.registrations.title") />
        <p><A href=format!("/organiser/forums/{slug}/registrations")>{locale.t("registrations.back")}</A></p>
        <h1>{locale.t("import.registrations.title")}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new({
                let slug = slug.clone();
                async move {
                let _ = flash.await;
                match data.await {
                    Err(e) => refused(e),
                    Ok(page) => view! {
                        <p>{locale.t("import.registrations.lead")}</p>
                        <p>{locale.tf("import.registrations.groups", &[("list", &page.groups.join(", "))])}</p>
                        <p class="muted">{locale.t(if page.waiting_list { "import.registrations.waiting" } else { "import.registrations.no_waiting" })}</p>
                        <ImportForm action=format!("/organiser/forums/{slug}/registrations/import/upload") lead="import.registrations.file_lead" flash />
                    }.into_any(),
                }
            }})}
        </Suspense>
    }
}

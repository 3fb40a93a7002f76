//! The application root: meta context, language, routes.

use crate::components::layout::{Footer, Header};
use crate::components::nav::NotFoundPage;
use crate::features::accounts::pages::{AccountPage, AccountsPage, LoginPage};
use crate::features::accounts::reset_pages::ResetPasswordPage;
use crate::features::agenda::manage_pages::AgendaAdminPage;
use crate::features::agenda::pages::{AgendaPage, SessionPage, SpeakersPage};
use crate::features::agenda::session_pages::SessionEditPage;
use crate::features::announcements::manage_pages::{AnnouncementFormPage, AnnouncementsAdminPage};
use crate::features::announcements::pages::AnnouncementPage;
use crate::features::checkin::admin_pages::CheckinAdminPage;
use crate::features::checkin::counts_page::CountsPage;
use crate::features::checkin::pages::{CheckinHomePage, CheckinListsPage, ScannerPage};
use crate::features::documents::pages::DocumentsAdminPage;
use crate::features::forums::manage_pages::{EditForumPage, NewForumPage};
use crate::features::forums::pages::{ForumPage, HomePage, OrganiserPage};
use crate::features::forums::series_pages::{SeriesAdminPage, SeriesFormPage};
use crate::features::forums::translation_pages::{ForumTranslationsPage, SeriesTranslationsPage};
use crate::features::messages::pages::{ComposeMessagePage, MessagePage, MessagesPage};
use crate::features::messages::series_pages::SeriesMessagesPage;
use crate::features::privacy::admin_pages::AccessLogPage;
use crate::features::privacy::pages::{
    ErasePage, ErasedPage, ForumPrivacyPage, MyDataPage, NoticeEditPage, PrivacyNoticePage,
};
use crate::features::registration::admin_pages::{
    AddRegistrationPage, QuestionsPage, RegistrationAdminPage,
};
use crate::features::registration::decline_page::DeclinePage;
use crate::features::registration::import_pages::{ImportCheckPage, RegistrationImportCheckPage};
use crate::features::registration::invitation_pages::InvitationsPage;
use crate::features::registration::manage_pages::RegistrationsAdminPage;
use crate::features::registration::pages::{
    ManageRegistrationPage, RegisterPage, RegisterSentPage,
};
use crate::features::registration::participant_pages::{
    DeviceForgottenPage, LostLinkPage, LostLinkSentPage, NewLinkSentPage,
};
use crate::features::registration::partner_pages::RegistrationImportPage;
use crate::features::reports::pages::{ForumReportPage, SeriesReportPage};
use crate::features::tickets::pages::{AdminTicketSection, TicketSection};
use crate::i18n::I18n;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Html};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let locale = crate::locale::request_locale();
    provide_context(I18n(locale));

    view! {
        <Html {..} lang=locale.code() />
        <Router>
            <a class="skip-link" href="#main">{locale.t("nav.skip")}</a>
            <Header />
            <main id="main" class="page" tabindex="-1">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=PublicHomePage ssr=SsrMode::Async />
                    <Route path=path!("/forums/:slug") view=PublicForumPage ssr=SsrMode::Async />
                    <Route path=path!("/forums/:slug/agenda") view=PublicAgendaPage ssr=SsrMode::Async />
                    <Route path=path!("/forums/:slug/register") view=RegisterPage ssr=SsrMode::Async />
                    <Route path=path!("/forums/:slug/register/sent") view=RegisterSentPage ssr=SsrMode::Async />
                    <Route path=path!("/forums/:slug/decline") view=DeclinePage ssr=SsrMode::Async />
                    <Route path=path!("/r/:token") view=ParticipantPage ssr=SsrMode::Async />
                    <Route path=path!("/r/:token/data") view=MyDataPage ssr=SsrMode::Async />
                    <Route path=path!("/r/:token/erase") view=ErasePage ssr=SsrMode::Async />
                    <Route path=path!("/registration/erased") view=ErasedPage ssr=SsrMode::Async />
                    <Route path=path!("/privacy") view=PrivacyNoticePage ssr=SsrMode::Async />
                    <Route path=path!("/privacy/:series/:version") view=PrivacyNoticePage ssr=SsrMode::Async />
                    <Route path=path!("/organiser/forums/:slug/privacy") view=ForumPrivacyPage ssr=SsrMode::Async />
                    <Route path=path!("/organiser/series/:id/privacy") view=NoticeEditPage ssr=SsrMode::Async />
                    <Route path=path!("/organiser/series/:id/report") view=SeriesReportPage ssr=SsrMode::Async />
                    <Route path=path!("/organiser/series/:id/messages") view=SeriesMessagesPage ssr=SsrMode::Async />
                    <Route path=path!("/organiser/forums/:slug/report") view=ForumReportPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/access-log") view=AccessLogPage ssr=SsrMode::Async />
                    <Route path=path!("/registration/lost") view=LostLinkPage ssr=SsrMode::Async />
                    <Route path=path!("/registration/lost/sent") view=LostLinkSentPage ssr=SsrMode::Async />
                    <Route path=path!("/registration/forgotten") view=DeviceForgottenPage ssr=SsrMode::Async />
                    <Route path=path!("/registration/new-link-sent") view=NewLinkSentPage ssr=SsrMode::Async />
                    <Route path=path!("/forums/:slug/sessions/:id") view=SessionPage ssr=SsrMode::Async />
                    <Route path=path!("/forums/:slug/speakers") view=SpeakersPage ssr=SsrMode::Async />
                    <Route path=path!("/forums/:slug/announcements/:id") view=AnnouncementPage ssr=SsrMode::Async />
                    <Route path=path!("/announcements/:id") view=AnnouncementPage ssr=SsrMode::Async />
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/reset/:token") view=ResetPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/organiser") view=OrganiserPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/accounts") view=AccountsPage ssr=SsrMode::Async />
                    <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async />
                    <Route path=path!("/organiser/forums/new") view=NewForumPage ssr=SsrMode::Async />
                    <Route path=path!("/organiser/forums/:slug/edit") view=EditForumWithReminders ssr=SsrMode::Async />
                    <Route path=path!("/organiser/forums/:slug/agenda") view=AgendaAdminPage ssr=SsrMode::Async />
                    <Route path=path!("/organiser/forums/:slug/sessions/new") view=SessionEditPage ssr=SsrMode::Async />
                    <Route path=path!("/organiser/forums/:slug/sessions/:id") view=SessionEditPage ssr=SsrMode::Async />
                    <Route path=path!("/organiser/forums/:slug/documents") view=DocumentsAdminPage ssr=SsrMode::Async />
                    <Route path=path!("/organiser/forums/:slug/registrations") view=OrganiserRegistrationsPage ssr=SsrMode::Async />
                    <Route path=path!("/organiser/forums/:slug/registrations/new") view=AddRegistrationPage ssr=SsrMode::Async />
                    <Route path=path!("/organiser/forums/:slug/registrations/import") view=RegistrationImportPage ssr=SsrMode::Async />
                    <Route path=path!("/organiser/forums/:slug/registrations/import/:id") view=RegistrationImportCheckPage ssr=SsrMode::Async />
                    <Route path=path!("/organiser/forums/:slug/registrations/:id") view=OrganiserRegistrationPage ssr=SsrMode::Async />
                    <Route path=path!("/organiser/forums/:slug/invitations") view=InvitationsPage ssr=SsrMode::Async />
                    <Route path=path!("/organiser/forums/:slug/invitations/import/:id") view=ImportCheckPage ssr=SsrMode::Async />
                    <Route path=path!("/organiser/forums/:slug/messages") view=MessagesPage ssr=SsrMode::Async />
                    <Route path=path!("/organiser/forums/:slug/messages/new") view=ComposeMessagePage ssr=SsrMode::Async />
                    <Route path=path!("/organiser/forums/:slug/messages/:id") view=MessagePage ssr=SsrMode::Async />
                    <Route path=path!("/organiser/forums/:slug/messages/:id/edit") view=ComposeMessagePage ssr=SsrMode::Async />
                    <Route path=path!("/organiser/forums/:slug/questions") view=QuestionsPage ssr=SsrMode::Async />
                    <Route path=path!("/organiser/forums/:slug/checkin") view=CheckinAdminPage ssr=SsrMode::Async />
                    <Route path=path!("/checkin") view=CheckinHomePage ssr=SsrMode::Async />
                    <Route path=path!("/checkin/:slug") view=CheckinListsPage ssr=SsrMode::Async />
                    <Route path=path!("/checkin/:slug/:list") view=ScannerPage ssr=SsrMode::Async />
                    <Route path=path!("/checkin/:slug/:list/counts") view=CountsPage ssr=SsrMode::Async />
                    <Route path=path!("/organiser/announcements") view=AnnouncementsAdminPage ssr=SsrMode::Async />
                    <Route path=path!("/organiser/announcements/new") view=AnnouncementFormPage ssr=SsrMode::Async />
                    <Route path=path!("/organiser/announcements/:id/edit") view=AnnouncementFormPage ssr=SsrMode::Async />
                    <Route path=path!("/organiser/series") view=SeriesAdminPage ssr=SsrMode::Async />
                    <Route path=path!("/organiser/series/new") view=SeriesFormPage ssr=SsrMode::Async />
                    <Route path=path!("/organiser/series/:id/edit") view=SeriesFormPage ssr=SsrMode::Async />
                    <Route path=path!("/organiser/translations/series") view=SeriesTranslationsPage ssr=SsrMode::Async />
                    <Route path=path!("/organiser/translations/series/:id") view=SeriesTranslationsPage ssr=SsrMode::Async />
                    <Route path=path!("/organiser/translations/forums/:slug") view=ForumTranslationsPage ssr=SsrMode::Async />
                </Routes>
            </main>
            <Footer />
        </Router>
    }
}

/// The composed pages below make every resource of a later feature here, outside the page's
/// `Suspense`, and hand the slot only the reading of it (leptos-rs/leptos#4866).
fn param(name: &str) -> String {
    leptos_router::hooks::use_params_map()
        .read_untracked()
        .get(name)
        .unwrap_or_default()
}

/// `/r/{token}`: registration's page with the participant's ticket and personal agenda in it.
#[component]
fn ParticipantPage() -> impl IntoView {
    use crate::components::slot::Slot;
    use crate::features::calendar::personal::{MyAgenda, PersonalAgendaSection};
    use crate::features::tickets::pages::my_ticket;
    let token = param("token");
    use crate::features::messages::pages::{received_messages, ReceivedMessages};
    let ticket = my_ticket(token.clone());
    let received = received_messages(token.clone());
    let agenda = MyAgenda::new(token);
    view! {
        <ManageRegistrationPage
            ticket=Slot::new(move |_| view! { <TicketSection ticket /> })
            agenda=Slot::new(move |token| view! { <PersonalAgendaSection token agenda /> })
            messages=Slot::new(move |_| view! { <ReceivedMessages data=received /> })
        />
    }
}

/// A forum's edit page, with its reminders (the messages feature's) under the form.
#[component]
fn EditForumWithReminders() -> impl IntoView {
    use crate::features::messages::reminders_pages::{reminders_of, RemindersSection};
    let slug = param("slug");
    let data = reminders_of(slug.clone());
    view! {
        <EditForumPage />
        <RemindersSection slug data />
    }
}

/// A forum's registrations for its organisers, with when its personal data is erased.
#[component]
fn OrganiserRegistrationsPage() -> impl IntoView {
    use crate::components::slot::Slot;
    use crate::features::privacy::pages::{forum_privacy, ErasureLine};
    let data = forum_privacy(param("slug"));
    view! { <RegistrationsAdminPage privacy=Slot::new(move |slug| view! { <ErasureLine data slug /> }) /> }
}

/// The organiser's page of one registration, with its ticket and the re-issue button.
#[component]
fn OrganiserRegistrationPage() -> impl IntoView {
    use crate::components::slot::Slot;
    use crate::features::registration::types::RegistrationId;
    use crate::features::tickets::pages::AdminTicket;
    let id = RegistrationId(param("id").parse().unwrap_or(0));
    let ticket = AdminTicket::new(param("slug"), id);
    view! {
        <RegistrationAdminPage ticket=Slot::new(move |(slug, registration_id)| view! {
            <AdminTicketSection ticket slug registration_id />
        }) />
    }
}

/// A forum's agenda, where the participant remembered on this device picks sessions (the
/// calendar feature's picks and button).
#[component]
fn PublicAgendaPage() -> impl IntoView {
    use crate::components::slot::Slot;
    use crate::features::agenda::picking::SessionPicking;
    use crate::features::calendar::personal::{my_picks, PickButton};
    provide_context(SessionPicking {
        picks: |slug| Box::pin(my_picks(slug)),
        button: Slot::new(|(slug, session, picked)| view! { <PickButton slug session picked /> }),
    });
    view! { <AgendaPage /> }
}

/// The home page with the series' news.
#[component]
fn PublicHomePage() -> impl IntoView {
    use crate::components::slot::Slot;
    use crate::features::announcements::pages::{news, NewsSection};
    let news = news(None);
    view! {
        <HomePage news=Slot::new(move |()| view! {
            <NewsSection news feed=format!("/feed.atom?lang={}", crate::i18n::use_locale().code()) heading_id="news-heading" />
        }) />
    }
}

/// A forum's page with its news and documents.
#[component]
fn PublicForumPage() -> impl IntoView {
    use crate::components::slot::Slot;
    use crate::features::announcements::pages::{news, NewsSection};
    use crate::features::documents::pages::{forum_documents, DocumentsSection};
    let slug = param("slug");
    let news = news(Some(slug.clone()));
    let documents = forum_documents(slug);
    view! {
        <ForumPage
            news=Slot::new(move |slug| view! {
                <NewsSection news feed=format!("/forums/{slug}/feed.atom?lang={}", crate::i18n::use_locale().code()) heading_id="forum-news-heading" />
            })
            documents=Slot::new(move |slug| view! { <DocumentsSection documents slug /> })
        />
    }
}

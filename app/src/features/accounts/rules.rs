//! Every route's declared rule: who may call it, in one table. The server refuses a server
//! function that is not in this table (404, before it runs), and a test enumerates the router
//! (every registered server function and axum route) and fails on one without a rule, or on a
//! rule without a route. `Policy` rules name the `policy::Action` the handler asks for; the
//! authorisation matrix test proves each handler really asks.

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Anyone: a public page's data, or a public form (registration, lost link, sign-in).
    Public,
    /// The holder of a secret link's token (a registration's, a password reset's: the token is
    /// the authority; 256 bits, stored only as a hash). Wrong tokens change nothing.
    Participant,
    /// A signed-in account, acting on itself only (who am I, sign out, its password).
    OwnAccount,
    /// The policy decides the named action on the object the request names.
    Policy(&'static str),
    /// A page or asset without personal data or changes.
    Static,
}

/// Server functions by path (`/api/<endpoint>`).
pub const SERVER_FUNCTIONS: &[(&str, Rule)] = &[
    ("/api/flash", Rule::Public),
    ("/api/home", Rule::Public),
    ("/api/forums/page", Rule::Public),
    ("/api/forums/agenda", Rule::Public),
    ("/api/forums/register-page", Rule::Public),
    ("/api/announcements/news", Rule::Public),
    ("/api/announcements/page", Rule::Public),
    ("/api/documents/list", Rule::Public),
    ("/api/privacy/notice", Rule::Public),
    ("/api/register", Rule::Public),
    ("/api/registration/lost", Rule::Public),
    ("/api/login", Rule::Public),
    ("/api/agenda/my-picks", Rule::Participant),
    ("/api/agenda/pick", Rule::Participant),
    ("/api/registration", Rule::Participant),
    ("/api/registration/edit", Rule::Participant),
    ("/api/registration/cancel", Rule::Participant),
    ("/api/registration/confirm", Rule::Participant),
    ("/api/registration/forget-device", Rule::Participant),
    ("/api/registration/new-link", Rule::Participant),
    ("/api/registration/consents", Rule::Participant),
    ("/api/registration/consent", Rule::Participant),
    ("/api/registration/agenda", Rule::Participant),
    ("/api/registration/picks", Rule::Participant),
    ("/api/registration/calendar-reset", Rule::Participant),
    ("/api/registration/messages", Rule::Participant),
    ("/api/forums/decline-page", Rule::Participant),
    ("/api/invitations/decline", Rule::Participant),
    ("/api/ticket", Rule::Participant),
    ("/api/privacy/my-data", Rule::Participant),
    ("/api/privacy/erase", Rule::Participant),
    ("/api/account/reset-check", Rule::Participant),
    ("/api/account/reset-password", Rule::Participant),
    ("/api/accounts/reset-link", Rule::Policy("ManageAccounts")),
    ("/api/me", Rule::OwnAccount),
    ("/api/logout", Rule::OwnAccount),
    ("/api/account/password", Rule::OwnAccount),
    ("/api/accounts/list", Rule::Policy("ManageAccounts")),
    ("/api/accounts/create", Rule::Policy("ManageAccounts")),
    ("/api/accounts/disable", Rule::Policy("ManageAccounts")),
    ("/api/accounts/test-email", Rule::Policy("ManageAccounts")),
    ("/api/admin/access-log", Rule::Policy("ReadAccessLog")),
    ("/api/organiser/series", Rule::Policy("UseOrganiserScreens")),
    (
        "/api/organiser/series-form",
        Rule::Policy("CreateSeries|EditSeries"),
    ),
    ("/api/series/save", Rule::Policy("CreateSeries|EditSeries")),
    ("/api/series/status", Rule::Policy("EditSeries")),
    ("/api/series/delete", Rule::Policy("DeleteSeries")),
    ("/api/organiser/forums", Rule::Policy("UseOrganiserScreens")),
    (
        "/api/organiser/forum-form",
        Rule::Policy("UseOrganiserScreens|EditForum"),
    ),
    (
        "/api/forums/save",
        Rule::Policy("CreateForum|EditForum|MoveForum"),
    ),
    ("/api/forums/delete", Rule::Policy("EditForum")),
    ("/api/forums/status", Rule::Policy("EditForum")),
    ("/api/forums/default-language", Rule::Policy("EditForum")),
    (
        "/api/translations/save",
        Rule::Policy("EditForum|EditSeries"),
    ),
    (
        "/api/organiser/translations",
        Rule::Policy("ReadForum|EditSeries"),
    ),
    (
        "/api/organiser/translations/missing",
        Rule::Policy("ReadForum"),
    ),
    ("/api/organiser/agenda", Rule::Policy("ReadForum")),
    ("/api/agenda/rooms/save", Rule::Policy("EditForum")),
    ("/api/agenda/rooms/delete", Rule::Policy("EditForum")),
    ("/api/agenda/tracks/save", Rule::Policy("EditForum")),
    ("/api/agenda/tracks/delete", Rule::Policy("EditForum")),
    ("/api/agenda/people/save", Rule::Policy("EditForum")),
    ("/api/agenda/people/delete", Rule::Policy("EditForum")),
    ("/api/agenda/sessions/save", Rule::Policy("EditForum")),
    ("/api/agenda/sessions/cancel", Rule::Policy("EditForum")),
    ("/api/agenda/sessions/delete", Rule::Policy("EditForum")),
    ("/api/agenda/sessions/assign", Rule::Policy("EditForum")),
    ("/api/agenda/sessions/unassign", Rule::Policy("EditForum")),
    (
        "/api/organiser/announcements",
        Rule::Policy("EditForum|EditSeries"),
    ),
    (
        "/api/organiser/announcement-form",
        Rule::Policy("EditForum|EditSeries"),
    ),
    (
        "/api/announcements/save",
        Rule::Policy("EditForum|EditSeries"),
    ),
    (
        "/api/announcements/delete",
        Rule::Policy("EditForum|EditSeries"),
    ),
    ("/api/organiser/documents", Rule::Policy("ReadForum")),
    ("/api/documents/delete", Rule::Policy("EditForum")),
    ("/api/organiser/registrations", Rule::Policy("ReadForum")),
    ("/api/organiser/registration", Rule::Policy("ReadForum")),
    ("/api/registrations/quota", Rule::Policy("EditForum")),
    ("/api/registrations/settings", Rule::Policy("EditForum")),
    ("/api/registrations/change", Rule::Policy("EditForum")),
    ("/api/registrations/cancel", Rule::Policy("EditForum")),
    ("/api/registrations/approve-many", Rule::Policy("EditForum")),
    ("/api/registrations/add", Rule::Policy("EditForum")),
    ("/api/registrations/edit", Rule::Policy("EditForum")),
    ("/api/organiser/questions", Rule::Policy("ReadForum")),
    ("/api/questions/add", Rule::Policy("EditForum")),
    ("/api/questions/delete", Rule::Policy("EditForum")),
    ("/api/organiser/invitations", Rule::Policy("ReadForum")),
    ("/api/invitations/create", Rule::Policy("EditForum")),
    ("/api/invitations/delete", Rule::Policy("EditForum")),
    ("/api/invitations/settings", Rule::Policy("EditForum")),
    ("/api/organiser/series-messages", Rule::Policy("EditSeries")),
    ("/api/series-messages/save", Rule::Policy("EditSeries")),
    ("/api/series-messages/send", Rule::Policy("EditSeries")),
    ("/api/invitations/remind", Rule::Policy("EditForum")),
    ("/api/invitations/approve", Rule::Policy("EditForum")),
    (
        "/api/organiser/invitation-import",
        Rule::Policy("EditForum"),
    ),
    ("/api/invitations/import", Rule::Policy("EditForum")),
    (
        "/api/organiser/registration-import-page",
        Rule::Policy("EditForum"),
    ),
    (
        "/api/organiser/registration-import",
        Rule::Policy("EditForum"),
    ),
    ("/api/registrations/import", Rule::Policy("EditForum")),
    ("/api/organiser/messages", Rule::Policy("EditForum")),
    ("/api/organiser/message-form", Rule::Policy("EditForum")),
    ("/api/organiser/message", Rule::Policy("EditForum")),
    ("/api/messages/save", Rule::Policy("EditForum")),
    ("/api/messages/test", Rule::Policy("EditForum")),
    ("/api/messages/schedule", Rule::Policy("EditForum")),
    ("/api/messages/cancel", Rule::Policy("EditForum")),
    ("/api/messages/delete", Rule::Policy("EditForum")),
    ("/api/organiser/reminders", Rule::Policy("EditForum")),
    ("/api/reminders/save", Rule::Policy("EditForum")),
    ("/api/organiser/ticket", Rule::Policy("ReadForum")),
    ("/api/organiser/ticket-reissue", Rule::Policy("EditForum")),
    (
        "/api/organiser/report",
        Rule::Policy("ReadForum|ReadRawFigures"),
    ),
    (
        "/api/organiser/series-report",
        Rule::Policy("ReadForum|ReadRawFigures"),
    ),
    ("/api/organiser/report/freeze", Rule::Policy("EditForum")),
    (
        "/api/organiser/report/threshold",
        Rule::Policy("EditSeries"),
    ),
    ("/api/organiser/privacy", Rule::Policy("ReadForum")),
    (
        "/api/organiser/privacy/retention",
        Rule::Policy("EditForum"),
    ),
    ("/api/organiser/privacy/team", Rule::Policy("ManageTeam")),
    (
        "/api/organiser/privacy/scanner",
        Rule::Policy("AssignScanners"),
    ),
    ("/api/organiser/privacy/notice", Rule::Policy("EditSeries")),
    (
        "/api/organiser/privacy/notice-texts",
        Rule::Policy("UseOrganiserScreens"),
    ),
    (
        "/api/organiser/privacy/coordinators",
        Rule::Policy("UseOrganiserScreens|ReadSeriesPeople"),
    ),
    (
        "/api/organiser/privacy/coordinator",
        Rule::Policy("AssignSeriesRoles"),
    ),
    (
        "/api/organiser/privacy/lead",
        Rule::Policy("AssignSeriesRoles"),
    ),
    ("/api/checkin/forums", Rule::Policy("ReadCounts")),
    ("/api/checkin/lists", Rule::Policy("ReadCounts")),
    ("/api/checkin/scanner", Rule::Policy("ReadCounts")),
    ("/api/checkin/code", Rule::Policy("Admit")),
    ("/api/checkin/manual", Rule::Policy("Admit")),
    ("/api/checkin/undo", Rule::Policy("Admit")),
    ("/api/checkin/counts", Rule::Policy("ReadCounts")),
    ("/api/organiser/checkin", Rule::Policy("EditForum")),
    ("/api/organiser/checkin/groups", Rule::Policy("EditForum")),
    ("/api/organiser/checkin/expiry", Rule::Policy("EditForum")),
    ("/api/organiser/checkin/device", Rule::Policy("EditForum")),
    (
        "/api/organiser/checkin/device-revoke",
        Rule::Policy("EditForum"),
    ),
    (
        "/api/organiser/checkin/double-entry-resolve",
        Rule::Policy("EditForum"),
    ),
];

/// Calendar files (GET and HEAD), answered by a middleware in front of the page routes
/// (`calendar::feeds::serve`); its tests check that it answers exactly these.
pub const CALENDAR_FILES: &[(&str, Rule)] = &[
    ("/forums/{slug}/agenda.ics", Rule::Public),
    ("/forums/{slug}/forum.ics", Rule::Public),
    ("/forums/{slug}/sessions/{id}.ics", Rule::Public),
    ("/calendar/{token}.ics", Rule::Participant),
];

/// Plain axum routes by method and path pattern (as the router names them).
pub const HTTP_ROUTES: &[(&str, &str, Rule)] = &[
    ("GET", "/health", Rule::Static),
    ("GET", "/health/live", Rule::Static),
    ("POST", "/api/v1/checkin", Rule::Policy("Admit")),
    ("GET", "/api/v1/checkin/roster", Rule::Policy("Admit")),
    ("POST", "/api/v1/checkin/offline", Rule::Policy("Admit")),
    ("GET", "/api/v1/checkin/public-key", Rule::Static),
    ("GET", "/checkin/sw.js", Rule::Static),
    ("GET", "/checkin/manifest.webmanifest", Rule::Static),
    ("GET", "/checkin/icon.svg", Rule::Static),
    ("GET", "/checkin/device/{token}", Rule::Participant),
    ("GET", "/forums/{slug}/documents/{id}", Rule::Public),
    ("GET", "/feed.atom", Rule::Public),
    ("GET", "/forums/{slug}/feed.atom", Rule::Public),
    ("GET", "/r/{token}/data.json", Rule::Participant),
    (
        "GET",
        "/organiser/forums/{slug}/registrations.csv",
        Rule::Policy("ReadForum"),
    ),
    (
        "GET",
        "/organiser/forums/{slug}/invitations.csv",
        Rule::Policy("ReadForum"),
    ),
    (
        "GET",
        "/organiser/forums/{slug}/report.csv",
        Rule::Policy("ReadForum|ReadRawFigures"),
    ),
    (
        "GET",
        "/organiser/forums/{slug}/report.xlsx",
        Rule::Policy("ReadForum|ReadRawFigures"),
    ),
    (
        "GET",
        "/organiser/series/{id}/report.csv",
        Rule::Policy("ReadForum|ReadRawFigures"),
    ),
    (
        "GET",
        "/organiser/series/{id}/report.xlsx",
        Rule::Policy("ReadForum|ReadRawFigures"),
    ),
    (
        "POST",
        "/organiser/forums/{slug}/documents/upload",
        Rule::Policy("EditForum"),
    ),
    (
        "POST",
        "/organiser/forums/{slug}/invitations/import",
        Rule::Policy("EditForum"),
    ),
    (
        "POST",
        "/organiser/forums/{slug}/registrations/import/upload",
        Rule::Policy("EditForum"),
    ),
];

/// The rule of a server function's path, if it has one.
pub fn server_function_rule(path: &str) -> Option<Rule> {
    SERVER_FUNCTIONS
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, r)| *r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_is_declared_once() {
        let mut seen = std::collections::BTreeSet::new();
        for (path, _) in SERVER_FUNCTIONS {
            assert!(seen.insert(path.to_string()), "{path} declared twice");
        }
        for (method, path, _) in HTTP_ROUTES {
            assert!(
                seen.insert(format!("{method} {path}")),
                "{path} declared twice"
            );
        }
    }
}

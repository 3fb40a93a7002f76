//! Who may do what to which object: the one authorisation policy. Every server function and
//! axum handler names the action it is about to take on its object (`Action`) and asks
//! [`authorize`] once, before touching data; nothing else decides access. The decision reads
//! the principal's places from the store (team places, a series' lead, country coordinators,
//! scanner assignments) and never trusts a bare role: an organiser is an organiser *of* a forum.
//!
//! | principal | what they may do |
//! |---|---|
//! | admin | everything |
//! | series lead | edit the series (texts, status, privacy notice, series-wide posts), every forum of it, name its teams, read its people |
//! | team member (editor) | edit the forum: settings, content, registrations, check-in lists and devices, scanners; admit at the door |
//! | team member (read-only) | open the forum's screens and read its registrations; door counts, no admissions |
//! | country coordinator | read their country's registrations in the series' forums; door counts, protected |
//! | scanner | admit at the forums they are assigned to, until the assignment ends |
//! | device | admit at its own forum |
//! | participant | their own registration, by its token (checked where the token is) |
//! | anonymous | public pages |

use crate::error::AppError;
use crate::features::accounts::types::{AccountView, Role};
use crate::ids::{ForumId, SeriesId};
use crate::store::Store;

/// Who is asking.
#[derive(Debug, Clone)]
pub enum Who {
    Anonymous,
    Account(AccountView),
    /// A scanner device enrolled for one forum.
    Device(ForumId),
}

/// What is to be done, and to which object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Accounts: list, create, disable, reset links, the test email.
    ManageAccounts,
    /// The access log of every forum.
    ReadAccessLog,
    /// A report's small numbers unprotected, when asked for (admins).
    ReadRawFigures,
    /// The organiser's own screens: their forums, the series' titles, their account.
    UseOrganiserScreens,
    CreateSeries,
    /// Texts, status, privacy notice versions, threshold, series-wide posts and translations.
    EditSeries(SeriesId),
    DeleteSeries(SeriesId),
    /// Naming the series' lead and its country coordinators.
    AssignSeriesRoles(SeriesId),
    /// The emails of the series' lead and coordinators.
    ReadSeriesPeople(SeriesId),
    /// A new (draft) forum in the series; its creator gets an editor's place.
    CreateForum(SeriesId),
    /// Moving a forum into another series: the lead (or an admin) of both.
    MoveForum(ForumId, SeriesId),
    /// The forum's organiser screens and its registrations (a coordinator's country only).
    ReadForum(ForumId),
    /// Any change to the forum: settings, programme, posts, documents, registrations, lists.
    EditForum(ForumId),
    /// Adding and removing team members.
    ManageTeam(ForumId),
    /// Assigning scanner accounts to the forum's door.
    AssignScanners(ForumId),
    /// Admissions, undo, the door's roster and searches.
    Admit(ForumId),
    /// The door's counts (protected for anyone not on the team).
    ReadCounts(ForumId),
}

impl Action {
    /// The action's name, as the route rules (`rules.rs`) name it.
    pub fn name(self) -> &'static str {
        match self {
            Action::ManageAccounts => "ManageAccounts",
            Action::ReadAccessLog => "ReadAccessLog",
            Action::ReadRawFigures => "ReadRawFigures",
            Action::UseOrganiserScreens => "UseOrganiserScreens",
            Action::CreateSeries => "CreateSeries",
            Action::EditSeries(_) => "EditSeries",
            Action::DeleteSeries(_) => "DeleteSeries",
            Action::AssignSeriesRoles(_) => "AssignSeriesRoles",
            Action::ReadSeriesPeople(_) => "ReadSeriesPeople",
            Action::CreateForum(_) => "CreateForum",
            Action::MoveForum(..) => "MoveForum",
            Action::ReadForum(_) => "ReadForum",
            Action::EditForum(_) => "EditForum",
            Action::ManageTeam(_) => "ManageTeam",
            Action::AssignScanners(_) => "AssignScanners",
            Action::Admit(_) => "Admit",
            Action::ReadCounts(_) => "ReadCounts",
        }
    }

    /// One of each action (objects made up), for the rule tests.
    pub fn every() -> Vec<Action> {
        let (f, s) = (ForumId(1), SeriesId(1));
        vec![
            Action::ManageAccounts,
            Action::ReadAccessLog,
            Action::ReadRawFigures,
            Action::UseOrganiserScreens,
            Action::CreateSeries,
            Action::EditSeries(s),
            Action::DeleteSeries(s),
            Action::AssignSeriesRoles(s),
            Action::ReadSeriesPeople(s),
            Action::CreateForum(s),
            Action::MoveForum(f, s),
            Action::ReadForum(f),
            Action::EditForum(f),
            Action::ManageTeam(f),
            Action::AssignScanners(f),
            Action::Admit(f),
            Action::ReadCounts(f),
        ]
    }
}

/// What an allowed action may see.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Grant {
    /// Reads only (a read-only team place, or a country coordinator).
    pub read_only: bool,
    /// A country coordinator sees only this country's registrations.
    pub country: Option<String>,
    /// On the forum's team (or its lead, or an admin): unprotected figures.
    pub on_team: bool,
}

impl Grant {
    fn full() -> Self {
        Grant {
            read_only: false,
            country: None,
            on_team: true,
        }
    }
}

/// One account's place on one forum, as the store knows it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Place {
    /// `Some(read_only)` with a team place.
    team: Option<bool>,
    lead: bool,
    country: Option<String>,
    scanner: bool,
}

async fn place(
    store: &dyn Store,
    account: &AccountView,
    forum: ForumId,
) -> Result<Place, AppError> {
    let now = crate::clock::now();
    Ok(Place {
        team: store.team_access(forum, account.id).await?,
        lead: store.leads_forum(forum, account.id).await?,
        country: store.coordinated_country(forum, account.id).await?,
        scanner: account.role == Role::Scanner
            && store.scanner_assigned(forum, account.id, now).await?,
    })
}

async fn leads(
    store: &dyn Store,
    account: &AccountView,
    series: SeriesId,
) -> Result<bool, AppError> {
    Ok(store.series_lead(series.0).await? == Some(account.id))
}

/// The refusal for a signed-in principal: 403; for nobody: 401 (the sign-in page).
fn refuse(who: &Who) -> AppError {
    match who {
        Who::Anonymous => AppError::Unauthenticated,
        _ => AppError::Forbidden,
    }
}

/// Decides `action` for `who`: the grant, or 401 / 403. Objects that do not exist are the
/// caller's 404 (it loads them before asking, so a refusal never says whether they exist to
/// someone who could not see them anyway).
pub async fn authorize(store: &dyn Store, who: &Who, action: Action) -> Result<Grant, AppError> {
    let account = match who {
        Who::Anonymous => return Err(AppError::Unauthenticated),
        Who::Device(own) => {
            return match action {
                Action::Admit(forum) | Action::ReadCounts(forum) if forum == *own => Ok(Grant {
                    read_only: false,
                    country: None,
                    on_team: false,
                }),
                _ => Err(AppError::Forbidden),
            }
        }
        Who::Account(account) => account,
    };
    if account.disabled {
        return Err(AppError::Forbidden);
    }
    if account.role == Role::Admin {
        return Ok(Grant::full());
    }
    let organiser = account.role == Role::Organiser;
    let allowed = match action {
        Action::ManageAccounts
        | Action::ReadAccessLog
        | Action::ReadRawFigures
        | Action::CreateSeries
        | Action::DeleteSeries(_)
        | Action::AssignSeriesRoles(_) => false,
        Action::UseOrganiserScreens => organiser,
        Action::CreateForum(_) => organiser,
        Action::EditSeries(series) | Action::ReadSeriesPeople(series) => {
            organiser && leads(store, account, series).await?
        }
        Action::MoveForum(forum, to) => {
            organiser
                && store.leads_forum(forum, account.id).await?
                && leads(store, account, to).await?
        }
        Action::ReadForum(forum) => {
            if !organiser {
                return Err(AppError::Forbidden);
            }
            let p = place(store, account, forum).await?;
            return match p {
                Place { lead: true, .. }
                | Place {
                    team: Some(false), ..
                } => Ok(Grant::full()),
                Place {
                    team: Some(true), ..
                } => Ok(Grant {
                    read_only: true,
                    country: None,
                    on_team: true,
                }),
                Place {
                    country: Some(country),
                    ..
                } => Ok(Grant {
                    read_only: true,
                    country: Some(country),
                    on_team: false,
                }),
                _ => Err(AppError::Forbidden),
            };
        }
        Action::EditForum(forum) | Action::AssignScanners(forum) => {
            let p = place(store, account, forum).await?;
            organiser && (p.lead || p.team == Some(false))
        }
        Action::ManageTeam(forum) => organiser && store.leads_forum(forum, account.id).await?,
        Action::Admit(forum) => {
            let p = place(store, account, forum).await?;
            p.scanner || (organiser && (p.lead || p.team == Some(false)))
        }
        Action::ReadCounts(forum) => {
            let p = place(store, account, forum).await?;
            if organiser && (p.lead || p.team.is_some()) {
                return Ok(Grant {
                    read_only: p.team == Some(true) && !p.lead,
                    country: None,
                    on_team: true,
                });
            }
            if p.scanner || (organiser && p.country.is_some()) {
                return Ok(Grant {
                    read_only: !p.scanner,
                    country: None,
                    on_team: false,
                });
            }
            false
        }
    };
    if allowed {
        Ok(Grant::full())
    } else {
        Err(refuse(who))
    }
}

/// The principal of the current server-function request (a signed-in account or nobody).
pub async fn current_who() -> Result<Who, AppError> {
    Ok(match super::auth::current_account().await? {
        Some(account) => Who::Account(account),
        None => Who::Anonymous,
    })
}

/// The principal of a plain axum request.
pub async fn who_in(
    state: &crate::state::AppState,
    headers: &http::HeaderMap,
) -> Result<Who, AppError> {
    Ok(
        match super::auth::current_account_in(state, headers).await? {
            Some(account) => Who::Account(account),
            None => Who::Anonymous,
        },
    )
}

/// The signed-in account of a plain axum request, 401 without one (who, not what they may do:
/// the caller asks the policy next).
pub async fn account_in(
    state: &crate::state::AppState,
    headers: &http::HeaderMap,
) -> Result<AccountView, AppError> {
    match who_in(state, headers).await? {
        Who::Account(account) => Ok(account),
        _ => Err(AppError::Unauthenticated),
    }
}

/// Asks the policy for the current server-function request; the signed-in account and grant.
pub async fn allow(action: Action) -> Result<(AccountView, Grant), AppError> {
    let state = crate::state::app_state()?;
    let who = current_who().await?;
    let grant = authorize(state.store.as_ref(), &who, action).await?;
    match who {
        Who::Account(account) => Ok((account, grant)),
        _ => Err(AppError::Forbidden),
    }
}

/// [`allow`] for a form posted without JavaScript: a refusal carries the form's fields back.
pub async fn allow_form(
    action: Action,
    keep: &[(&str, &str)],
) -> Result<(AccountView, Grant), AppError> {
    allow(action)
        .await
        .map_err(|e| crate::server::reject(e, keep))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::accounts::rules::{Rule, HTTP_ROUTES, SERVER_FUNCTIONS};

    #[test]
    fn every_policy_rule_names_real_actions_and_every_action_is_used() {
        let names: Vec<&str> = Action::every().into_iter().map(Action::name).collect();
        let mut used = std::collections::BTreeSet::new();
        let rules = SERVER_FUNCTIONS
            .iter()
            .map(|(p, r)| (*p, *r))
            .chain(HTTP_ROUTES.iter().map(|(_, p, r)| (*p, *r)));
        for (path, rule) in rules {
            if let Rule::Policy(named) = rule {
                for name in named.split('|') {
                    assert!(names.contains(&name), "{path} names no action {name:?}");
                    used.insert(name);
                }
            }
        }
        for name in names {
            assert!(used.contains(name), "no route asks for {name}");
        }
    }
}

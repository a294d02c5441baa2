"""Who may do what: one table of rules, enforced before every request and read by the tests.

Every endpoint of the app has exactly one entry. An endpoint without one is refused (403) so that a new
route can never be open by accident; a test walks the URL map and fails on any endpoint missing here.
Object-level rules (a specialist sees only their own caseload) are the ``may_*`` functions below, which
the services and views call after loading the object.
"""

from __future__ import annotations

from dataclasses import dataclass

SPECIALIST, TEAM_LEAD, ADMIN = "specialist", "team_lead", "admin"
STAFF = frozenset({SPECIALIST, TEAM_LEAD, ADMIN})
ADMINS = frozenset({ADMIN})


@dataclass(frozen=True)
class Rule:
    """Who may call an endpoint: anyone (public), or signed-in staff with one of the roles."""

    roles: frozenset[str] = frozenset()
    public: bool = False

    def allows(self, user) -> bool:
        """True when user (None or anonymous for nobody signed in) may call the endpoint."""
        if self.public:
            return True
        if user is None or not getattr(user, "is_authenticated", False):
            return False
        return user.role in self.roles


@dataclass(frozen=True)
class Viewer:
    """The facts the object rules read about a user, detached from any database session.

    A streamed response (a CSV export) runs after the request's database work is over; it must not touch the
    signed-in user's ORM object then, so it takes one of these instead.
    """

    id: int
    role: str
    team_id: int | None

    @classmethod
    def of(cls, user) -> Viewer:
        """A snapshot of user."""
        return cls(user.id, user.role, user.team_id)


PUBLIC = Rule(public=True)
ANY_STAFF = Rule(STAFF)
ADMIN_ONLY = Rule(ADMINS)
LEADS = Rule(frozenset({TEAM_LEAD, ADMIN}))

RULES: dict[str, Rule] = {
    "static": PUBLIC,
    "main.health": PUBLIC,
    "auth.login": PUBLIC,
    # The code step of a two-step sign-in comes before anyone is signed in, so it is public; it acts only on the
    # password-accepted state of the (signed) session, for 5 minutes, and wrong codes are throttled like passwords.
    "auth.login_code": PUBLIC,
    "auth.logout": ANY_STAFF,
    "auth.account": ANY_STAFF,
    "auth.change_password": ANY_STAFF,
    # One's own two-step sign-in (crm/auth/two_step.py): every view acts on the signed-in user only.
    "auth.two_step": ANY_STAFF,
    "auth.two_step_start": ANY_STAFF,
    "auth.two_step_qr": ANY_STAFF,
    "auth.two_step_confirm": ANY_STAFF,
    "auth.two_step_off": ANY_STAFF,
    "main.home": ANY_STAFF,
    "admin.index": ADMIN_ONLY,
    "admin.users": ADMIN_ONLY,
    "admin.user_new": ADMIN_ONLY,
    "admin.user_edit": ADMIN_ONLY,
    "admin.user_deactivate": ADMIN_ONLY,
    "admin.user_reactivate": ADMIN_ONLY,
    "admin.user_two_step_reset": ADMIN_ONLY,
    "admin.teams": ADMIN_ONLY,
    "admin.team_new": ADMIN_ONLY,
    "admin.team_edit": ADMIN_ONLY,
    "admin.settings": ADMIN_ONLY,
    # --- Audit log search (crm/admin/audit_log.py): admins only; the page only reads ---
    "admin.audit": ADMIN_ONLY,
    # --- end of audit log search ---
    # --- Privacy requests (crm/participants/privacy.py, record.py): the list of closed participants due for
    # erasure and erasing are for admins (irreversible; a data-protection decision, kept apart from the team that
    # keeps the record); downloading everything held about a person follows may_view_participant (their
    # specialist, their team lead, admins). ---
    "admin.due_for_erasure": ADMIN_ONLY,
    "participants.record_as_json": ANY_STAFF,
    "participants.record_as_csv": ANY_STAFF,
    "participants.erase": ADMIN_ONLY,
    # --- end of privacy requests ---
    # Employers, their people and openings are shared by all staff of the service (coordination);
    # object rules below limit archiving and merging.
    "employers.index": ANY_STAFF,
    "employers.new": ANY_STAFF,
    "employers.edit": ANY_STAFF,
    "employers.page": ANY_STAFF,
    "employers.archive": ANY_STAFF,
    "employers.restore": ANY_STAFF,
    "employers.merge": LEADS,
    "employers.typeahead": ANY_STAFF,
    "employers.person_new": ANY_STAFF,
    "employers.person_edit": ANY_STAFF,
    "employers.person_left": ANY_STAFF,
    "employers.people_options": ANY_STAFF,
    "openings.index": ANY_STAFF,
    "openings.new": ANY_STAFF,
    "openings.page": ANY_STAFF,
    "openings.edit": ANY_STAFF,
    "openings.set_status": ANY_STAFF,
    # The log: specialists log and edit their own contacts; team leads see their team's log.
    "contacts.log": ANY_STAFF,
    "contacts.edit": ANY_STAFF,
    "contacts.index": ANY_STAFF,
    "contacts.employer_notice": ANY_STAFF,
    "contacts.next_steps": ANY_STAFF,
    "contacts.next_step_done": ANY_STAFF,
    "contacts.next_steps_ics": ANY_STAFF,
    # Participants: object rules (may_view_participant) limit every page to one's caseload or team.
    "participants.index": ANY_STAFF,
    "participants.new": Rule(frozenset({SPECIALIST, TEAM_LEAD})),
    "participants.page": ANY_STAFF,
    "participants.edit": ANY_STAFF,
    "participants.profile": ANY_STAFF,
    "participants.reassign_view": LEADS,
    "suggestions.index": ANY_STAFF,
    "suggestions.together": ANY_STAFF,
    "suggestions.decision": ANY_STAFF,
    "suggestions.who_might_this_suit": Rule(frozenset({SPECIALIST, TEAM_LEAD})),
    # --- Jobs (crm/jobs): job matches to hire, job starts, follow-along support ---
    # Every page loads its participant with crm.participants.views.load_participant (may_view_participant: one's
    # own caseload, a team lead's team, an admin's all; 404 otherwise); editing a support contact is for its author.
    "jobs.participant_page": ANY_STAFF,
    "jobs.match_step": ANY_STAFF,
    "jobs.hand_match": ANY_STAFF,
    "jobs.hire_view": ANY_STAFF,
    "jobs.start_new": ANY_STAFF,
    "jobs.start_page": ANY_STAFF,
    "jobs.support_new": ANY_STAFF,
    "jobs.support_edit": ANY_STAFF,
    "jobs.end": ANY_STAFF,
    "jobs.stop": ANY_STAFF,
    "jobs.resume": ANY_STAFF,
    # --- end of jobs ---
    # --- Import and export (crm/transfer), added by the import/export work; lead to review ---
    # Exports honour the lists' own limits (the contact log: only what the viewer may list); imports change shared
    # records in bulk, so team leads and admins run them; crm.transfer.undo.may_undo limits each import's page.
    "transfer.index": ANY_STAFF,
    "transfer.export_employers": ANY_STAFF,
    "transfer.export_contacts": ANY_STAFF,
    "transfer.export_openings": ANY_STAFF,
    "transfer.template": LEADS,
    "transfer.upload": LEADS,
    "transfer.mapping": LEADS,
    "transfer.preview": LEADS,
    "transfer.problems": LEADS,
    "transfer.cancel": LEADS,
    "transfer.batch": LEADS,
    "transfer.undo": LEADS,
    # --- end of import and export ---
    # --- Team review (crm/review): crm.review.services.may_review_team limits each request to the viewer's own
    # team (an admin: any team; a specialist: their own figures only); another team's review is 403. ---
    "review.index": ANY_STAFF,
    "review.export": ANY_STAFF,
    # --- end of team review ---
}


# What a signed-in user who must still set up two-step sign-in (an administrator, by default) may reach; every
# other request is sent to the set-up page (crm.auth.require_two_step_set_up).
TWO_STEP_SET_UP_ENDPOINTS = frozenset({
    "static", "main.health", "auth.logout", "auth.two_step", "auth.two_step_start", "auth.two_step_qr",
    "auth.two_step_confirm",
})


def rule_for(endpoint: str | None) -> Rule | None:
    """The rule of an endpoint, or None when the endpoint has no entry (refused)."""
    return RULES.get(endpoint) if endpoint else None


def may_view_participant(user, participant) -> bool:
    """Specialists see their own caseload, team leads their team's, admins everyone's."""
    if user.role == ADMIN or participant.specialist_id == user.id:
        return True
    # Only a team lead's answer needs the specialist's team (not loaded for anyone else).
    return user.role == TEAM_LEAD and may_view_caseload(user, participant.specialist_id,
                                                        participant.specialist.team_id)


def may_view_caseload(user, specialist_id: int, specialist_team_id: int | None) -> bool:
    """may_view_participant for a participant known only by their specialist's id and team (a query's row)."""
    if user.role == ADMIN or specialist_id == user.id:
        return True
    return user.role == TEAM_LEAD and user.team_id is not None and user.team_id == specialist_team_id


def may_manage_employer(user, employer) -> bool:
    """Archiving an employer is for its relationship owner (or anyone when unowned), team leads and admins."""
    return user.role in (TEAM_LEAD, ADMIN) or employer.owner_id in (None, user.id)


def may_merge_employers(user) -> bool:
    """Merging duplicate employers moves history, so team leads and admins do it."""
    return user.role in (TEAM_LEAD, ADMIN)

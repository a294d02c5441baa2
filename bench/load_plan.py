"""Who the load test's users are, what they do, and the ids of their own objects, read from the database first.

Each simulated user signs in with its own demo account: the specialists ``specialist1`` … and the team leads
``lead1`` … of the large data set (all with the demo password). A user only ever opens its own objects: a
specialist the employers it owns, the openings at those employers and the people on its caseload; a team lead
those of its team. The plan is plain JSON so that the locust process (``bench/locustfile.py``, which patches
the standard library with gevent) needs neither Flask nor the database.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

from sqlalchemy import create_engine, select
from sqlalchemy.engine import Connection

# What each page is called in the report, keyed by the name of the locust task that requests it.
PAGE_LABELS = {
    "my_week": "/ (My week)",
    "employers": "/employers/",
    "employer_search": "/employers/?q=…",
    "employer": "/employers/<id>",
    "contact_log": "/contacts/",
    "next_steps": "/contacts/next-steps",
    "openings": "/openings/",
    "opening_search": "/openings/?q=…",
    "opening": "/openings/<id>",
    "participants": "/participants/",
    "participant": "/participants/<id>",
    "suggestions": "/participants/<id>/suggestions",
    "quick_log": "/contacts/log",
    "team_review": "/review/",
}
# Labels of the other requests: signing in (before the measured minute), and saving the quick log form.
EXTRA_LABELS = {"quick_log_post": "POST /contacts/log (save a contact)", "login_form": "/login",
                "login": "POST /login"}

# How often a user picks each task, per loop. A specialist lives in My week, the quick log and employer
# pages; a team lead in the team review and the team's contact log. The quick log task is three requests:
# the form, the post, and the fresh form it redirects to.
SPECIALIST_WEIGHTS = {
    "my_week": 10, "employers": 3, "employer_search": 5, "employer": 8, "contact_log": 5, "next_steps": 4,
    "openings": 3, "opening_search": 3, "opening": 4, "participants": 4, "participant": 6, "suggestions": 4,
    "quick_log": 6,
}
LEAD_WEIGHTS = {
    "my_week": 4, "team_review": 8, "contact_log": 6, "employers": 3, "employer_search": 3, "employer": 3,
    "openings": 2, "opening_search": 2, "opening": 2, "participants": 4, "participant": 4, "suggestions": 2,
    "next_steps": 2,
}
ACTIVE = ("job_search", "working", "follow_along")
SAMPLE = 30  # ids of each kind per user: enough that the pages vary, few enough to keep the plan small
_WORD = re.compile(r"[A-Za-z]{4,}")
_DULL = {"limited", "ltd", "services", "group", "company", "the", "and", "with"}


def accounts(users: int, leads: int, domain: str) -> list[tuple[str, str]]:
    """(email, role) of the load test's users: leads lead1…, then specialists specialist1… up to users."""
    if not 0 <= leads <= users:
        raise ValueError(f"--leads must be between 0 and the number of users ({users}), got {leads}")
    return ([(f"lead{n}@{domain}", "team_lead") for n in range(1, leads + 1)]
            + [(f"specialist{n}@{domain}", "specialist") for n in range(1, users - leads + 1)])


def _sample(rng: random.Random, rows: Sequence, size: int = SAMPLE) -> list:
    return rng.sample(list(rows), min(size, len(rows)))


def _terms(rng: random.Random, texts: Sequence[str], size: int = 10) -> list[str]:
    """Search words a user would type: words of four letters or more from its own names and titles."""
    words = sorted({w.lower() for text in texts for w in _WORD.findall(text)} - _DULL)
    return _sample(rng, words, size)


def _user_objects(connection: Connection, user, rng: random.Random) -> dict:
    """The ids (and search words) of one user's own employers, openings and participants."""
    from crm.models import CareerProfile, Employer, Opening, Participant, User

    owners = [user.id]
    if user.role == "team_lead":
        owners = list(connection.scalars(select(User.id).where(User.team_id == user.team_id)))
    employers = connection.execute(select(Employer.id, Employer.name).where(
        Employer.owner_id.in_(owners), Employer.archived_at.is_(None)).order_by(Employer.id)).all()
    openings = connection.execute(select(Opening.id, Opening.title).join(Employer).where(
        Employer.owner_id.in_(owners), Employer.archived_at.is_(None), Opening.status == "open")
        .order_by(Opening.id)).all()
    people = connection.execute(select(Participant.id, CareerProfile.job_goals).outerjoin(CareerProfile).where(
        Participant.specialist_id.in_(owners), Participant.status.in_(ACTIVE), Participant.erased_at.is_(None))
        .order_by(Participant.id)).all()
    own_employers = _sample(rng, employers)
    return {
        "employers": [[e.id, e.name] for e in own_employers],
        "employer_terms": _terms(rng, [e.name for e in own_employers]),
        "openings": [o.id for o in _sample(rng, openings)],
        "opening_terms": _terms(rng, [o.title for o in _sample(rng, openings)]),
        "participants": [p.id for p in _sample(rng, people)],
        "with_goals": [p.id for p in _sample(rng, [p for p in people if p.job_goals])],
    }


def build_plan(url: str, users: int, leads: int, seed: int = 7) -> list[dict]:
    """Each user's account, role and own objects, read from the database at url; raises if one has none."""
    from crm.demo import DEMO_DOMAIN
    from crm.models import User

    rng = random.Random(seed)
    engine = create_engine(url)
    plan = []
    try:
        with engine.connect() as connection:
            for email, role in accounts(users, leads, DEMO_DOMAIN):
                user = connection.execute(select(User.id, User.role, User.team_id).where(
                    User.email == email, User.active.is_(True))).one_or_none()
                if user is None or user.role != role:
                    raise LookupError(f"no active {role} {email} in the data set: is it the large demo data?")
                objects = _user_objects(connection, user, rng)
                missing = [kind for kind, found in objects.items() if not found]
                if missing:
                    raise LookupError(f"{email} has no {', '.join(missing)} of its own in the data set")
                plan.append({"email": email, "role": role, **objects})
    finally:
        engine.dispose()
    return plan

"""The team review page and its exports: access, bad weeks and quarters, tables, CSV."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from crm.extensions import db
from crm.models import AuditEvent
from crm.review.services import may_review_team
from crm.review.tables import TABLES
from tests.factories import make_user

WEEK = "week=2026-10-21&quarter=2026-Q3"


def rows_of(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Disposition"].startswith("attachment;")
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


class Person:
    def __init__(self, role, team_id):
        self.role, self.team_id = role, team_id


@pytest.mark.parametrize(("role", "own", "other"), [("admin", True, True), ("team_lead", True, False),
                                                     ("specialist", True, False)])
def test_may_review_team(role, own, other):
    assert may_review_team(Person(role, 1), 1) is own
    assert may_review_team(Person(role, 1), 2) is other
    assert may_review_team(Person(role, None), None) is (role == "admin")


def test_team_lead_sees_their_team(world, client, signed_in):
    signed_in(world.lead)
    response = client.get(f"/review/?{WEEK}")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Team review: North" in body and "Ana Active" in body and "Ben Gone" in body
    assert "Olga Other" not in body and "deactivated" in body
    assert 'id="trend-json"' in body and "<script>" not in body.replace("<script src", "")
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.object_type == "team_review")).action == "view"


def test_team_lead_of_another_team_is_refused(world, client, signed_in):
    signed_in(world.other_lead)
    assert client.get(f"/review/?team={world.team.id}").status_code == 403
    assert client.get(f"/review/export/specialists.csv?team={world.team.id}").status_code == 403
    assert client.get(f"/review/?team={world.other_team.id}").status_code == 200


def test_admin_reviews_any_team(world, client, signed_in):
    signed_in(make_user("admin"))
    body = client.get(f"/review/?team={world.other_team.id}&{WEEK}").get_data(as_text=True)
    assert "Team review: South" in body and "Olga Other" in body and "Ana Active" not in body
    assert client.get("/review/?team=99999").status_code == 404


def test_specialist_sees_only_their_own_figures(world, client, signed_in):
    signed_in(world.ana)
    body = client.get(f"/review/?{WEEK}").get_data(as_text=True)
    assert "My review" in body and "Ana Active" in body and "Ben Gone" not in body
    rows = rows_of(client.get(f"/review/export/specialists.csv?{WEEK}"))
    assert [r[0] for r in rows[1:]] == ["Ana Active"]
    assert client.get(f"/review/?team={world.other_team.id}").status_code == 403


@pytest.mark.parametrize("query", ["week=yesterday", "week=2026-13-45", "week=1999-12-31", "week=2026-10-2x",
                                   "week=9999-12-31", "quarter=2026-Q5", "quarter=Q1", "quarter=9999-Q1",
                                   "quarter=1999-Q4", "team=abc", "team=-1"])
def test_bad_week_or_quarter_is_a_clear_400(world, client, signed_in, query):
    signed_in(world.lead)
    response = client.get(f"/review/?{query}")
    assert response.status_code == 400
    assert "cannot be shown" in response.get_data(as_text=True)
    assert client.get(f"/review/export/trend.csv?{query}").status_code == 400


def test_next_week_is_refused_this_week_is_not(world, client, signed_in):
    from crm.formatting import local_today

    signed_in(world.lead)
    today = local_today()
    assert client.get(f"/review/?week={today.isoformat()}").status_code == 200
    response = client.get(f"/review/?week={(today + timedelta(days=7)).isoformat()}")
    assert response.status_code == 400 and "not started yet" in response.get_data(as_text=True)


def test_export_of_the_week_by_specialist(world, client, signed_in):
    signed_in(world.lead)
    rows = rows_of(client.get(f"/review/export/specialists.csv?{WEEK}"))
    assert rows[0][:3] == ["Specialist", "Week starting", "Face-to-face employer contacts"]
    assert rows[1:] == [["Ana Active", "2026-10-19", "4", "6", "yes", "5", "3", "2", "2", "3"],
                        ["Ben Gone", "2026-10-19", "2", "6", "yes", "2", "1", "1", "0", "2"]]
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "export")).one()
    assert event.object_type == "team_review" and event.fields == ["specialists"]


def test_export_of_outcomes_and_rapid_job_search(world, client, signed_in):
    signed_in(world.lead)
    outcomes = rows_of(client.get(f"/review/export/outcomes.csv?{WEEK}"))
    ana = dict(zip(outcomes[0], outcomes[1], strict=True))
    assert ana["Specialist"] == "Ana Active" and ana["Job starts"] == "5" and ana["Employment rate %"] == "33.3"
    assert ana["90-day retention %"] == "75.0" and outcomes[-1][0] == "Team"
    rapid = rows_of(client.get(f"/review/export/rapid-job-search.csv?{WEEK}"))
    assert rapid[1][1] == "Pat Three" and rapid[1][6] == "yes"


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_table_exports(world, client, signed_in, table):
    signed_in(world.lead)
    rows = rows_of(client.get(f"/review/export/{table}.csv?{WEEK}"))
    assert rows and rows[0]


def test_trend_export_has_twelve_weeks(world, client, signed_in):
    signed_in(world.lead)
    rows = rows_of(client.get("/review/export/trend.csv?week=2026-10-28"))
    assert rows[0] == ["Week starting", "Ana Active", "Ben Gone", "Team average per specialist", "Target"]
    assert len(rows) == 13 and rows[-1][0] == "2026-10-26"
    assert rows[-2] == ["2026-10-19", "4", "2", "3.0", "6"] and rows[-1] == ["2026-10-26", "1", "0", "0.5", "6"]


def test_unknown_table_is_404(world, client, signed_in):
    signed_in(world.lead)
    assert client.get("/review/export/secrets.csv").status_code == 404


def test_targets_come_from_settings(world, client, signed_in):
    from crm.models import Setting

    db.session.add(Setting(key="face_to_face_target_per_week", value=3))
    signed_in(world.lead)
    rows = rows_of(client.get(f"/review/export/specialists.csv?{WEEK}"))
    assert rows[1][3:5] == ["3", ""] and rows[2][3:5] == ["3", "yes"]

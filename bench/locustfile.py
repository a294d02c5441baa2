"""The load test's simulated staff, for locust (started by ``python -m bench.load``, never imported by the app).

Locust patches the standard library with gevent when it is imported, so this file runs in a process of its
own and reads everything it needs from JSON: the plan (``BENCH_LOAD_PLAN``: users, weights, think time, time
zone, warm-up and measured seconds) written by bench/load.py. The clock here decides the measured window: it
opens ``warmup_s`` after the last user has signed in (sign-ins queue behind one another, so their number sets
how long that takes) and closes ``seconds`` later, when every user is stopped after its current task.

Every request is recorded with when it started, how long it took and whether it failed; the samples and the
window are written to ``BENCH_LOAD_SAMPLES`` when locust quits, and bench/load.py turns them into the report.
A request fails unless it answers exactly as a signed-in user's would: 200 for a page, a redirect for a
saved form (redirects are not followed, so a page that sends the user to the sign-in form is a failure).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import gevent
from gevent.event import Event
from locust import FastHttpUser, between, constant, events
from locust.exception import StopUser

PLAN = json.loads(Path(os.environ["BENCH_LOAD_PLAN"]).read_text(encoding="utf-8"))
SAMPLES: list[list] = []
WINDOW: dict[str, float] = {}
_STARTED: list[str] = []
_ALL_STARTED = Event()
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
_ACCOUNTS = {role: itertools.cycle([u for u in PLAN["users"] if u["role"] == role])
             for role in ("specialist", "team_lead")}


@events.request.add_listener
def _record(name, context, start_time, response_time, exception, **_kwargs):
    """Keep every request: page label, role, start (epoch seconds), milliseconds, error or None."""
    SAMPLES.append([name, context.get("role", ""), start_time, response_time,
                    None if exception is None else str(exception)[:200]])


@events.test_start.add_listener
def _start_clock(environment, **_kwargs):
    gevent.spawn(_clock, environment)


def _clock(environment):
    """Wait for every sign-in, warm up, measure, then stop the users (each finishes its current task)."""
    _ALL_STARTED.wait(timeout=PLAN["sign_in_timeout_s"])
    WINDOW["signed_in"] = time.time()
    print(f"{len(_STARTED)} users signed in; warming up for {PLAN['warmup_s']} s", flush=True)
    gevent.sleep(PLAN["warmup_s"])
    WINDOW["start"] = time.time()
    print(f"measuring for {PLAN['seconds']} s", flush=True)
    gevent.sleep(PLAN["seconds"])
    WINDOW["end"] = time.time()
    print("measured; stopping the users after their current task", flush=True)
    environment.runner.quit()


@events.quitting.add_listener
def _write_samples(**_kwargs):
    Path(os.environ["BENCH_LOAD_SAMPLES"]).write_text(
        json.dumps({"samples": SAMPLES, "window": WINDOW, "signed_in": len(_STARTED)}), encoding="utf-8")


def _think():
    low, high = PLAN["think_s"]
    return constant(0) if high <= 0 else between(low, high)


class Staff(FastHttpUser):
    """A signed-in member of staff going round the main pages with no (or a small) pause between them."""

    abstract = True
    role = ""
    wait_time = _think()
    # Twice locust's default: on a busy machine the first pages (every worker building its suggestion index,
    # sign-ins queueing for the database's write lock) can take longer than a minute.
    network_timeout = 120.0

    def on_start(self):
        """Sign in with this user's own account, then open one suggestions page (it warms the worker's index).

        A user who could not sign in stops (its failure is recorded): its pages would only be redirects.
        """
        self.account = next(_ACCOUNTS[self.role])
        self.random = random.Random(self.account["email"])
        token = self._token("/login", "login_form")
        signed_in = self._post("/login", "login", {"email": self.account["email"], "password": PLAN["password"],
                                                   "csrf_token": token})
        if signed_in:
            self.suggestions()
        _STARTED.append(self.account["email"])
        if len(_STARTED) >= len(PLAN["users"]):
            _ALL_STARTED.set()
        if not signed_in:
            raise StopUser

    def context(self):
        """Tag each request with the role, so a page is reported per role."""
        return {"role": self.role}

    def _pick(self, kind: str):
        return self.random.choice(self.account[kind])

    def _get(self, path: str, task: str) -> str:
        with self.client.get(path, name=PLAN["labels"][task], allow_redirects=False,
                             catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code} for {path}")
                return ""
            response.success()
            return response.text or ""

    def _post(self, path: str, task: str, form: dict) -> str:
        """Post form; it must redirect (the form was accepted). Return where to."""
        with self.client.post(path, name=PLAN["labels"][task], data=form, allow_redirects=False,
                              catch_response=True) as response:
            if response.status_code != 302:
                response.failure(f"HTTP {response.status_code} for POST {path}")
                return ""
            response.success()
            return response.headers.get("Location", "")

    def _token(self, path: str, task: str) -> str:
        found = _CSRF.search(self._get(path, task))
        return found.group(1) if found else ""

    def my_week(self):
        self._get("/", "my_week")

    def employers(self):
        self._get("/employers/", "employers")

    def employer_search(self):
        self._get(f"/employers/?q={self._pick('employer_terms')}", "employer_search")

    def employer(self):
        self._get(f"/employers/{self._pick('employers')[0]}", "employer")

    def contact_log(self):
        self._get("/contacts/", "contact_log")

    def next_steps(self):
        self._get("/contacts/next-steps", "next_steps")

    def openings(self):
        self._get("/openings/", "openings")

    def opening_search(self):
        self._get(f"/openings/?q={self._pick('opening_terms')}", "opening_search")

    def opening(self):
        self._get(f"/openings/{self._pick('openings')}", "opening")

    def participants(self):
        self._get("/participants/", "participants")

    def participant(self):
        self._get(f"/participants/{self._pick('participants')}", "participant")

    def suggestions(self):
        self._get(f"/participants/{self._pick('with_goals')}/suggestions", "suggestions")

    def team_review(self):
        self._get("/review/", "team_review")

    def quick_log(self):
        """Open the quick log for one of the user's employers, save an in-person visit, see the fresh form."""
        employer_id, name = self._pick("employers")
        token = self._token(f"/contacts/log?employer_id={employer_id}", "quick_log")
        if not token:
            return
        when = datetime.now(ZoneInfo(PLAN["timezone"])) - timedelta(minutes=self.random.randint(30, 180))
        form = {"csrf_token": token, "employer_query": name, "employer_id": employer_id,
                "contacted_at": when.strftime("%Y-%m-%dT%H:%M"), "mode": "in_person", "purpose": "on_behalf",
                "participant_ids": self._pick("participants"), "contact_person_id": 0,
                "notes": "Met the manager; they are recruiting for the summer.", "next_step": "Bring a CV",
                "next_step_due": (when + timedelta(days=3)).strftime("%Y-%m-%d")}
        saved = self._post("/contacts/log", "quick_log_post", form)
        if saved:
            self._get(saved, "quick_log")


def _tasks(weights: dict) -> dict:
    return {getattr(Staff, task): weight for task, weight in weights.items()}


class Specialist(Staff):
    """An employment specialist: My week, employers, the quick log, their caseload."""

    role = "specialist"
    weight = 1
    tasks = _tasks(PLAN["weights"]["specialist"])


class TeamLead(Staff):
    """A team lead: the team review and the team's contact log, more than anything else."""

    role = "team_lead"
    fixed_count = sum(u["role"] == "team_lead" for u in PLAN["users"])
    tasks = _tasks(PLAN["weights"]["team_lead"])

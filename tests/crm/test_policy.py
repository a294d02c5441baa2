"""The access policy table covers every route, and the app enforces it."""

import pytest

from crm import policy
from crm.policy import Rule
from tests.factories import make_user


def endpoints(app):
    return sorted({rule.endpoint for rule in app.url_map.iter_rules()})


def test_every_endpoint_has_a_rule(app):
    missing = [e for e in endpoints(app) if policy.rule_for(e) is None]
    assert not missing, f"add these endpoints to crm.policy.RULES: {missing}"


def test_no_stale_rules(app):
    stale = set(policy.RULES) - set(endpoints(app))
    assert not stale, f"crm.policy.RULES names endpoints that no longer exist: {sorted(stale)}"


def test_rule_allows():
    class Person:
        is_authenticated = True

        def __init__(self, role):
            self.role = role

    assert Rule(public=True).allows(None)
    assert not Rule(frozenset({"admin"})).allows(None)
    assert Rule(frozenset({"admin"})).allows(Person("admin"))
    assert not Rule(frozenset({"admin"})).allows(Person("specialist"))


def _get_paths(app):
    """One concrete URL per GET route, with 1 for any id."""
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and rule.endpoint != "static":
            yield rule.endpoint, app.url_map.bind("localhost").build(
                rule.endpoint, {arg: 1 for arg in rule.arguments}
            )


def test_anonymous_gets_sign_in_for_every_non_public_page(app, client):
    for endpoint, path in _get_paths(app):
        response = client.get(path)
        if policy.rule_for(endpoint).public:
            assert response.status_code in (200, 302), endpoint
        else:
            assert response.status_code == 302, endpoint
            assert response.headers["Location"].startswith("/login?next="), endpoint


@pytest.mark.parametrize("role", ["specialist", "team_lead", "admin"])
def test_roles_get_exactly_what_the_table_allows(app, client, signed_in, role):
    user = make_user(role)
    signed_in(user)
    for endpoint, path in _get_paths(app):
        if endpoint in ("auth.login",):
            continue
        status = client.get(path).status_code
        if policy.rule_for(endpoint).allows(user):
            assert status in (200, 302, 404), (endpoint, status)
        else:
            assert status == 403, (endpoint, status)


def test_unlisted_endpoint_is_refused(app, client, signed_in):
    app.add_url_rule("/unlisted", "unlisted", lambda: "secret")
    signed_in(make_user("admin"))
    assert client.get("/unlisted").status_code == 403

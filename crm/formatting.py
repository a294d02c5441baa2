"""Template filters: dates and times in the deployment's time zone, money, plain-word durations."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from flask import Flask, g, request

from crm.settings import get_setting


def local_zone() -> ZoneInfo:
    """The deployment's time zone (from settings), looked up once per request."""
    if "local_zone" not in g:
        g.local_zone = ZoneInfo(str(get_setting("timezone")))
    return g.local_zone


def to_local(moment: datetime) -> datetime:
    """An aware datetime in the deployment's time zone."""
    return moment.astimezone(local_zone())


def local_datetime(moment: datetime | None) -> str:
    """"Mon 23 Nov 2026, 14:05" in local time; empty for None."""
    if moment is None:
        return ""
    local = to_local(moment)
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M}"


def nice_date(day: date | datetime | None) -> str:
    """"Mon 23 Nov 2026"; a datetime is shown as its local date."""
    if day is None:
        return ""
    if isinstance(day, datetime):
        day = to_local(day).date()
    return f"{day:%a} {day.day} {day:%b %Y}"


def days_ago(days: int | None) -> str:
    """"today", "yesterday", "12 days ago", or "never"."""
    if days is None:
        return "never"
    if days <= 0:
        return "today"
    return "yesterday" if days == 1 else f"{days} days ago"


def money(amount: Decimal | float | None) -> str:
    """"£12.50" with the deployment's currency symbol; empty for None."""
    if amount is None:
        return ""
    return f"{get_setting('currency_symbol')}{Decimal(str(amount)):,.2f}"


def local_today() -> date:
    """Today's date in the deployment's time zone."""
    return datetime.now(local_zone()).date()


def query_args(**changes) -> dict:
    """The request's query parameters as url_for arguments, with changes, for links that keep a list's filters.

    url_for reads ``endpoint`` and the names starting with "_" (``_external``, ``_scheme``, ``_anchor``, ``_method``)
    as its own arguments: taken from the address, they would fail the page (``?_method=``, ``?endpoint=x``) or
    change the link (``?_external=1``). They are left out.
    """
    args = {name: value for name, value in request.args.items() if name != "endpoint" and not name.startswith("_")}
    return {**args, **changes}


def init_app(app: Flask) -> None:
    """Register the filters and the label look-ups templates use."""
    from crm.models.contact import CONTACT_MODES, CONTACT_PURPOSES
    from crm.models.employer import RELATIONSHIP_STAGES

    app.add_template_global(local_today, "today")
    app.add_template_global(query_args)
    app.add_template_global(lambda value: RELATIONSHIP_STAGES.get(value, value or ""), "stage_label")
    app.add_template_global(lambda value: CONTACT_MODES.get(value, value or ""), "mode_label")
    app.add_template_global(lambda value: CONTACT_PURPOSES.get(value, value or ""), "purpose_label")
    app.add_template_filter(local_datetime)
    app.add_template_filter(nice_date)
    app.add_template_filter(days_ago)
    app.add_template_filter(money)

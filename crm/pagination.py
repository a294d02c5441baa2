"""Pagination of list pages, the same everywhere."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import Select, func, select

from crm.extensions import db


@dataclass
class Page:
    """One page of a list: its rows, its number and whether there are more."""

    items: list
    number: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def page_number(raw) -> int:
    """A page number from the query string; anything malformed means the first page."""
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), 100_000)


def paginate(query: Select, raw_page, per_page: int | None = None, *, scalars: bool = True) -> Page:
    """Run query for one page (LIMIT/OFFSET) and count the whole result."""
    per_page = per_page or current_app.config["PER_PAGE"]
    number = page_number(raw_page)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    number = min(number, max(1, -(-total // per_page)))
    paged = query.limit(per_page).offset((number - 1) * per_page)
    result = db.session.scalars(paged) if scalars else db.session.execute(paged)
    return Page(items=list(result.all()), number=number, per_page=per_page, total=total)

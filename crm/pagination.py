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
    capped: bool = False  # the count stopped at the limit: there are more than total
    more: bool = False  # (when capped) a row follows this page

    @property
    def total_label(self) -> str:
        """The number of rows in words: "1,234" or "more than 10,000"."""
        return f"more than {self.total:,}" if self.capped else f"{self.total:,}"

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def pages_label(self) -> str:
        """How many pages in words: "12" or "more than 40"."""
        return f"more than {self.pages:,}" if self.capped else f"{self.pages:,}"

    @property
    def has_prev(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.more if self.capped else self.number < self.pages


def page_number(raw) -> int:
    """A page number from the query string; anything malformed means the first page."""
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), 100_000)


# Lists over large tables count at most this many rows: past it the page says "more than 1,000" (a filter
# narrows the list faster than paging; counting 25,000 open openings took longer than showing a page of them).
COUNT_LIMIT = 1_000


def paginate(query: Select, raw_page, per_page: int | None = None, *, scalars: bool = True,
             count_limit: int | None = None) -> Page:
    """Run query for one page (LIMIT/OFFSET) and count the whole result, or up to count_limit rows of it.

    Counting half a million log entries costs more than showing a page of them; with count_limit the count
    stops there and the page says "more than" that many.
    """
    per_page = per_page or current_app.config["PER_PAGE"]
    number = page_number(raw_page)
    counted = query.order_by(None)
    if count_limit is not None:
        counted = counted.limit(count_limit + 1)
    total = db.session.scalar(select(func.count()).select_from(counted.subquery())) or 0
    capped = count_limit is not None and total > count_limit
    total = min(total, count_limit) if capped else total
    if not capped:  # past the end means the last page; a capped list may go on past its count
        number = min(number, max(1, -(-total // per_page)))
    paged = query.limit(per_page + 1).offset((number - 1) * per_page)
    rows = list((db.session.scalars(paged) if scalars else db.session.execute(paged)).all())
    return Page(items=rows[:per_page], number=number, per_page=per_page, total=total, capped=capped,
                more=len(rows) > per_page)

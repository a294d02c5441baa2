"""Reading the app's pages as a browser would, for tests that walk all of it: forms, their fields, and links.

The standard library's html.parser only: no rendering and no JavaScript. ``walk`` visits the GET pages of the
URL map (with the ids it is given) and the links and GET forms found on them, and records every form.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from itertools import product
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from flask import url_for
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

# Input types whose value is typed text.
TEXT_TYPES = frozenset({"text", "search", "email", "url", "tel", "textarea", "hidden", "password"})


@dataclass
class Field:
    """One named control of a form; radios, checkboxes and buttons of one name are one field with options."""

    name: str
    kind: str  # the input type ("text", "checkbox", "date", "file"…), "select", "textarea" or "button"
    value: str = ""  # what the page fills in (a textarea's text, a select's chosen option)
    options: list[str] = field(default_factory=list)  # values one may choose (select options, radio values…)
    chosen: list[str] = field(default_factory=list)  # the options the page has chosen or ticked
    multiple: bool = False
    maxlength: int | None = None


@dataclass
class Form:
    """A form as the page shows it: where it sends what."""

    page: str  # the address of the page it is on
    action: str  # the address it sends to (path and query)
    method: str  # "GET" or "POST"
    enctype: str
    fields: dict[str, Field] = field(default_factory=dict)
    endpoint: str | None = None  # the app endpoint the action resolves to

    @property
    def signature(self) -> tuple:
        """What makes two forms the same kind of form: where they go and which fields they send."""
        return self.endpoint, self.method, tuple(sorted(self.fields))

    def defaults(self) -> list[tuple[str, str]]:
        """The (name, value) pairs the browser would send unchanged (buttons left out)."""
        pairs = []
        for f in self.fields.values():
            if f.kind in ("checkbox", "radio", "select"):
                pairs += [(f.name, v) for v in f.chosen]
            elif f.kind not in ("button", "submit", "file", "reset", "image"):
                pairs.append((f.name, f.value))
        return pairs


class PageParser(HTMLParser):
    """Collects the forms, links, htmx GET addresses and tags of one HTML page.

    A control with ``hx-get`` is also read as a GET form of its own: htmx sends its value under its name.
    """

    def __init__(self, url: str):
        super().__init__(convert_charrefs=True)
        self.url = url
        self.forms: list[Form] = []
        self.links: list[str] = []
        self.hx_gets: list[str] = []  # addresses htmx fetches
        self.tags: list[tuple[str, dict[str, str | None]]] = []  # every start tag with its attributes
        self._form: Form | None = None
        self._select: Field | None = None
        self._option: dict | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "a" and a.get("href"):
            self.links.append(urljoin(self.url, a["href"]))
        if a.get("hx-get"):
            self.hx_gets.append(urljoin(self.url, a["hx-get"]))
            if a.get("name"):  # htmx sends the control's value: a GET form of one field
                kind = "text" if tag == "input" and (a.get("type") or "text") in TEXT_TYPES else tag
                self.forms.append(Form(self.url, urljoin(self.url, a["hx-get"]), "GET", "",
                                       {a["name"]: Field(a["name"], kind)}))
        if tag == "form":
            method = (a.get("method") or "get").upper()
            action = urljoin(self.url, a["action"]) if a.get("action") else self.url
            self._form = Form(self.url, action, method, a.get("enctype") or "application/x-www-form-urlencoded")
            self.forms.append(self._form)
        elif self._form is not None and a.get("name") and tag in ("input", "select", "textarea", "button"):
            self._control(tag, a)
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "text": "", "selected": "selected" in a}

    def _control(self, tag: str, a: dict) -> None:
        name = a["name"]
        kind = {"select": "select", "textarea": "textarea"}.get(tag) or (a.get("type") or
                                                                        ("submit" if tag == "button" else "text"))
        kind = "button" if kind in ("submit", "image") else kind.lower()
        maxlength = int(a["maxlength"]) if (a.get("maxlength") or "").isdigit() else None
        f = self._form.fields.setdefault(name, Field(name, kind, maxlength=maxlength))
        if tag == "select":
            f.multiple = "multiple" in a
            self._select = f
        elif tag == "textarea":
            self._textarea = f
        elif kind in ("checkbox", "radio", "button"):
            value = a.get("value") if a.get("value") is not None else ("on" if kind != "button" else "")
            if value in f.options:
                return
            f.options.append(value)
            f.multiple = kind == "checkbox" and len(f.options) > 1
            if "checked" in a:
                f.chosen.append(value)
        else:
            f.value = a.get("value") or ""

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data
        elif self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            if self._textarea is not None:
                self._textarea.value = self._textarea.value.removeprefix("\n")
            self._textarea = None
        elif tag == "option" and self._option is not None:
            self._end_option()
        elif tag == "select":
            if self._option is not None:
                self._end_option()
            if self._select is not None and not self._select.chosen and self._select.options \
                    and not self._select.multiple:
                self._select.chosen.append(self._select.options[0])
            self._select = None

    def _end_option(self):
        value = self._option["value"] if self._option["value"] is not None else self._option["text"].strip()
        self._select.options.append(value)
        if self._option["selected"]:
            self._select.chosen.append(value)
        self._option = None


@dataclass
class Page:
    """One fetched address: status, type and, for HTML, what is on it."""

    url: str
    endpoint: str
    status: int
    content_type: str
    text: str
    parsed: PageParser | None = None


def local_path(url: str) -> str | None:
    """The path and query of an address on this site (None for another site, a fragment or a mail link)."""
    parts = urlsplit(url)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "localhost") or not parts.path:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def endpoint_of(app, url: str, method: str = "GET") -> str | None:
    """The endpoint an address of this site leads to with method, or None."""
    path = local_path(url)
    if path is None:
        return None
    try:
        endpoint, _args = app.url_map.bind("localhost").match(urlsplit(path).path, method=method)
    except RequestRedirect as redirect:
        return endpoint_of(app, redirect.new_url, method)
    except HTTPException:
        return None
    return endpoint


def seed_urls(app, ids: Mapping[str, Iterable]) -> list[str]:
    """An address for every GET rule of the URL map whose arguments ids gives values for (all combinations)."""
    urls = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            names = sorted(rule.arguments - set(rule.defaults or {}))
            if "GET" not in rule.methods or rule.endpoint == "static" or any(name not in ids for name in names):
                continue
            for values in product(*(list(ids[name]) for name in names)):
                urls.append(url_for(rule.endpoint, **dict(zip(names, values, strict=True))))
    return sorted(set(urls))


def filled_query(form: Form, word: str) -> str:
    """The address a GET form leads to with word typed in its text boxes and the rest as the page has it."""
    pairs = [(name, word if form.fields[name].kind in ("text", "search") else value)
             for name, value in form.defaults()]
    base = urlsplit(form.action)
    return base.path + "?" + urlencode(pairs)


@dataclass
class Site:
    """What a walk found: pages by address and the forms on them."""

    pages: dict[str, Page] = field(default_factory=dict)
    forms: list[Form] = field(default_factory=list)
    query_names: dict[str, set[str]] = field(default_factory=dict)  # GET endpoint → query parameter names seen

    def reached(self) -> set[str]:
        """Endpoints of pages that answered without an error (a redirect counts)."""
        return {page.endpoint for page in self.pages.values() if page.status < 400}

    def distinct_forms(self) -> list[Form]:
        """One form of each kind (same endpoint, method and field names)."""
        seen: dict[tuple, Form] = {}
        for form in self.forms:
            seen.setdefault(form.signature, form)
        return list(seen.values())


def read_page(app, url: str, html: str) -> PageParser:
    """The forms, links and tags of the HTML page at url, each form with the endpoint it sends to."""
    parsed = PageParser(url)
    parsed.feed(html)
    parsed.close()
    for form in parsed.forms:
        form.action = local_path(form.action) or form.action
        form.endpoint = endpoint_of(app, form.action, form.method)
    return parsed


def fetch(client, app, url: str) -> Page:
    """GET url with client and read it."""
    response = client.get(url)
    text = response.get_data(as_text=True)  # a streamed export runs to its end here
    response.close()
    page = Page(url, endpoint_of(app, url) or "", response.status_code, response.content_type or "", text)
    if page.content_type.startswith("text/html"):
        page.parsed = read_page(app, url, text)
    if response.status_code in (301, 302, 303) and response.headers.get("Location"):
        page.parsed = page.parsed or PageParser(url)
        page.parsed.links.append(urljoin(url, response.headers["Location"]))
    return page


def walk(client, app, seeds: Iterable[str], *, word: str = "", per_endpoint: int = 2, limit: int = 2000) -> Site:
    """Visit every seed, then the links, htmx addresses and GET forms found on the pages.

    Beyond the seeds, at most per_endpoint addresses of each endpoint are visited (and limit pages in all).
    word is typed into the text boxes of GET forms: a search that finds something shows more forms.
    """
    site, queue, counts = Site(), deque(seeds), Counter()
    forced = set(queue)
    while queue and len(site.pages) < limit:
        url = local_path(queue.popleft())
        endpoint = endpoint_of(app, url or "")
        if not endpoint or endpoint == "static" or url in site.pages:
            continue
        if url not in forced:
            if counts[endpoint] >= per_endpoint:
                continue
            counts[endpoint] += 1
        page = site.pages[url] = fetch(client, app, url)
        site.query_names.setdefault(endpoint, set()).update(name for name, _ in parse_qsl(urlsplit(url).query))
        if page.parsed is None:
            continue
        queue.extend(page.parsed.links)
        queue.extend(page.parsed.hx_gets)
        for form in page.parsed.forms:
            site.forms.append(form)
            if form.method == "GET" and form.endpoint:
                site.query_names.setdefault(form.endpoint, set()).update(form.fields)
                queue.append(filled_query(form, word))
    return site

"""Uploaded files kept between the steps of an import, on the server, never in the browser.

Each staged import is one JSON file under ``<instance>/imports/``, named by a random token that only the
uploader's session holds; the file also records the uploader, who alone may read it. Nothing reaches the
database until the import is confirmed. Staged files older than a day are removed whenever a new one is written.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import time
from pathlib import Path

from flask import current_app

MAX_AGE_SECONDS = 24 * 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")


def _folder() -> Path:
    folder = Path(current_app.instance_path) / "imports"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def _path(token: str) -> Path | None:
    return _folder() / f"{token}.json" if isinstance(token, str) and _TOKEN.match(token) else None


def stage(user_id: int, data: dict) -> str:
    """Keep data for user_id; return the token that finds it again."""
    _remove_old()
    token = secrets.token_urlsafe(24)
    save(token, {**data, "user_id": user_id})
    return token


def save(token: str, data: dict) -> None:
    """Replace the staged data of token (written whole, then moved into place)."""
    path = _path(token)
    if path is None:
        raise ValueError("not a staging token")
    partial = path.with_suffix(".part")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
    os.replace(partial, path)


def load(token: str | None, user_id: int) -> dict | None:
    """The data staged under token by user_id, or None (no such token, someone else's, or expired)."""
    path = _path(token) if token else None
    if path is None or not path.exists() or time.time() - path.stat().st_mtime > MAX_AGE_SECONDS:
        return None
    with path.open(encoding="utf-8") as handle:
        data = json.load(handle)
    return data if data.get("user_id") == user_id else None


def discard(token: str | None) -> None:
    """Forget a staged import."""
    path = _path(token) if token else None
    if path is not None:
        path.unlink(missing_ok=True)


def _remove_old() -> None:
    cutoff = time.time() - MAX_AGE_SECONDS
    for path in _folder().glob("*.json"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except FileNotFoundError:
            continue

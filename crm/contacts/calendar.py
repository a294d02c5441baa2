"""An iCalendar (RFC 5545) file of next steps, for a phone's calendar app."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from crm.models import EmployerContact
from crm.models.types import utcnow


def _escape(text: str) -> str:
    """Text value escaping of RFC 5545 §3.3.11; control characters dropped."""
    text = "".join(ch for ch in text if ch in "\n" or ord(ch) >= 32)
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character (§3.1)."""
    out, current = [], b""
    for ch in line:
        encoded = ch.encode()
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode())
            current = b""
        current += encoded
    out.append(current.decode())
    return "\r\n ".join(out)


def next_steps_calendar(steps: Iterable[EmployerContact]) -> str:
    """A VCALENDAR with one all-day event per next step (employer name and the step; no job seekers' names)."""
    stamp = utcnow().strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//IPS job development CRM//Next steps//EN",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:Next steps"]
    for step in steps:
        due = step.next_step_due
        lines += [
            "BEGIN:VEVENT",
            f"UID:next-step-{step.id}@ips-crm",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{due:%Y%m%d}",
            f"DTEND;VALUE=DATE:{due + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(f'{step.employer.name}: {step.next_step}')}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"

"""Resolved organisations x today's date -> review status of every document, and an iCalendar of review dates."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Literal

from generator.model.resolved import ResolvedDocument, ResolvedOrganisation

ReviewState = Literal["current", "due", "overdue", "not adopted"]

DUE_WITHIN_DAYS = 60
"""A review is 'due' this long before its date: time to put it on a governors' agenda."""


@dataclass(frozen=True)
class ReviewStatus:
    """Where one document stands in its review cycle."""

    organisation: str
    document: str
    title: str
    version: str
    content_hash: str
    adopted: datetime.date | None
    next_review: datetime.date | None
    state: ReviewState


def review_state(document: ResolvedDocument, today: datetime.date) -> ReviewState:
    if document.next_review is None:
        return "not adopted"
    if document.next_review < today:
        return "overdue"
    if (document.next_review - today).days <= DUE_WITHIN_DAYS:
        return "due"
    return "current"


def review_statuses(organisation: ResolvedOrganisation, today: datetime.date) -> list[ReviewStatus]:
    return [
        ReviewStatus(
            organisation.id,
            document.id,
            document.title,
            document.version,
            document.content_hash,
            document.adopted,
            document.next_review,
            review_state(document, today),
        )
        for document in organisation.documents
    ]


def scheduled_reviews(organisation: ResolvedOrganisation) -> list[ResolvedDocument]:
    """The documents with a review to put in a calendar: adopted on a known date, with a next review."""
    return [d for d in organisation.documents if d.next_review is not None and d.adopted is not None]


def review_calendar(organisation: ResolvedOrganisation) -> str | None:
    """An iCalendar (RFC 5545) file with an all-day event on each document's next review date; None if none has one.

    Same input, same bytes: DTSTAMP is the adoption date, not the time of the build.
    """
    if not scheduled_reviews(organisation):
        return None
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Policy Pack//Review dates//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        _fold(f"X-WR-CALNAME:{_text(organisation.name)} policy reviews"),
    ]
    for document in scheduled_reviews(organisation):
        assert document.next_review is not None and document.adopted is not None  # as scheduled_reviews chose
        day = document.next_review
        lines += [
            "BEGIN:VEVENT",
            f"UID:{organisation.id}-{document.id}-{day:%Y%m%d}@policy-pack",
            f"DTSTAMP:{document.adopted:%Y%m%d}T000000Z",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + datetime.timedelta(days=1):%Y%m%d}",
            _fold(f"SUMMARY:Review due: {_text(document.label)}"),
            _fold(
                f"DESCRIPTION:{_text(organisation.name)}: {_text(document.title)}\\, "
                f"{_text(document.identification(', ', capital=False))}\\, "
                f"adopted {document.adopted:%d %B %Y}\\, is due for review."
            ),
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def _text(value: str) -> str:
    """RFC 5545 TEXT escaping."""
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space."""
    data = line.encode("utf-8")
    parts: list[str] = []
    while len(data) > 75:
        cut = 75 if not parts else 74
        while cut and (data[cut] & 0xC0) == 0x80:  # never split a UTF-8 character
            cut -= 1
        parts.append(data[:cut].decode("utf-8"))
        data = data[cut:]
    parts.append(data.decode("utf-8"))
    return "\r\n ".join(parts)

"""The shipped organisations: each validates, builds in strict mode, and carries every statement of its seed."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

STATEMENTS = Path(__file__).parent / "data" / "seed-statements"
SEEDS = sorted(STATEMENTS.glob("*.txt"))


def page_text(path: Path) -> str:
    """The words a reader sees in a built page's article, whitespace collapsed."""
    source = path.read_text(encoding="utf-8")
    article = source[source.index("<article") : source.index("</article>")]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", article)).split())


def test_every_shipped_organisation_builds(shipped_build: Path) -> None:
    organisations = sorted(p.stem for p in (ROOT / "schools").glob("*.yml"))
    assert organisations == sorted(p.name for p in shipped_build.iterdir())
    for org in organisations:
        report = json.loads((shipped_build / org / "report.json").read_text())
        for document in report["documents"]:
            assert (shipped_build / org / "site" / f"{document['id']}.html").is_file()


def test_all_five_seeds_are_covered() -> None:
    assert [p.stem for p in SEEDS] == [
        p.stem for p in sorted((ROOT.parent / "shared" / "seeds").glob("0*.txt"))
    ] or len(SEEDS) == 5


@pytest.mark.parametrize("statements", SEEDS, ids=lambda p: p.stem[:3])
def test_each_seed_statement_is_on_its_organisations_page(statements: Path, shipped_build: Path) -> None:
    header, *lines = statements.read_text(encoding="utf-8").splitlines()
    found = re.match(r"# organisation: (\S+), document: (\S+)", header)
    assert found, header
    org, document = found.groups()
    text = page_text(shipped_build / org / "site" / f"{document}.html")
    missing = [line for line in lines if line.strip() and " ".join(line.split()) not in text]
    assert not missing
    assert len(lines) >= 15


def test_no_school_publishes_an_unfilled_placeholder(shipped_build: Path) -> None:
    for page in shipped_build.glob("*/site/*.html"):
        text = page_text(page)
        assert "{{" not in text and "}}" not in text, page
        if not any(board in str(page) for board in ("northamptonshire-scb", "kestrel-vale-partnership")):
            assert 'class="fill-in"' not in page.read_text(), page


def test_board_template_shows_fill_in_blanks(shipped_build: Path) -> None:
    text = page_text(shipped_build / "northamptonshire-scb" / "site" / "social-media-template-policy.html")
    assert "[name of school]" in text


def test_school_extending_board_shows_its_changes(shipped_build: Path) -> None:
    report = json.loads((shipped_build / "willowbrook-primary" / "report.json").read_text())
    statuses = {entry["status"] for entry in report["clauses"]}
    assert {"inherited", "reworded", "excluded", "added"} <= statuses
    assert report["extends"] == ["kestrel-vale-partnership"]

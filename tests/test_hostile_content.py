"""Hostile text in data (names, parameter values) and in clause text: the built site shows it, never runs it.

Template code in a name or a parameter value is data and must appear on the page as typed; HTML, scripts,
frames and javascript:/data: links in any clause text must come out inert.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
import yaml

from generator.build.write import build_organisation, validate_project
from tests.conftest import MINIMAL, copy_project

MRO = "{{ ''.__class__.__mro__ }}"
INCLUDE = "{% include '/etc/passwd' %}"
NAME = f"Evil <script>alert('name')</script> {MRO} School"
HEADTEACHER = f"Mr {MRO}"
CHAIR = f"Ms {INCLUDE}"
SETTING = f"{INCLUDE} <iframe src='https://evil.example'></iframe>"
LIBRARY_TEXT = (
    "<script>alert('library')</script> See [a](JaVaScRiPt:alert(1)) and <img src=x onerror=alert(1)> "
    "and text{: onclick=alert(1) } in every {{ setting }} account."
)
REWORD = (
    "<script>alert('reword')</script> This policy covers {{ organisation_name }}: [go](javascript:alert(1)) "
    "![pixel](data:image/png;base64,AAAA) <a href='javascript:alert(2)'>a</a>"
)
LOCAL_TEXT = (
    "<iframe src='https://evil.example'></iframe> [x](data:text/html,<script>alert(1)</script>) "
    "<object data='x.swf'></object> [y]( javascript:alert(3)) [z](&#106;avascript:alert(4)) "
    "[w](java&#x73;cript:alert(5)) [v](//evil.example/x) ![remote](https://evil.example/pixel.png)"
)
EXECUTED = ("class 'object'", "root:x:0:0", "<class")


class Elements(HTMLParser):
    """Every element's tag and attributes, and the page's visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))
        self.in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False

    def handle_data(self, data: str) -> None:
        (self.scripts if self.in_script else self.text).append(data)


def parse(page: Path) -> Elements:
    parser = Elements()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def hostile_project(target: Path) -> Path:
    """The minimal project with hostile text in every place an organisation or the library writes text."""
    project = copy_project(MINIMAL, target)
    school = yaml.safe_load((project / "schools" / "school.yml").read_text(encoding="utf-8"))
    school["name"] = NAME
    school["people"] = {"headteacher": {"name": HEADTEACHER}, "chair_of_governors": {"name": CHAIR}}
    school["parameters"] = {"setting": SETTING}
    policy = school["documents"]["staff-policy"]
    policy["reword"] = {"purpose": REWORD}
    policy["add"][0]["text"] = LOCAL_TEXT
    (project / "schools" / "school.yml").write_text(yaml.safe_dump(school, allow_unicode=True), encoding="utf-8")
    clauses_file = project / "content" / "clauses" / "basics.yml"
    clauses = yaml.safe_load(clauses_file.read_text(encoding="utf-8"))
    next(c for c in clauses if c["id"] == "privacy-settings")["text"] = LIBRARY_TEXT
    clauses_file.write_text(yaml.safe_dump(clauses, allow_unicode=True), encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile project's school, built."""
    project = hostile_project(tmp_path_factory.mktemp("hostile") / "project")
    build_organisation(validate_project(project), "school", project / "build")
    return project / "build" / "school" / "site"


def pages(site: Path) -> list[Path]:
    found = sorted(site.glob("*.html"))
    assert {"index.html", "staff-social-media-policy.html"} <= {page.name for page in found}
    return found


def test_template_code_in_names_and_values_is_shown_as_typed(site: Path) -> None:
    home = " ".join(parse(site / "index.html").text)
    policy = " ".join(parse(site / "staff-social-media-policy.html").text)
    assert NAME in home
    assert HEADTEACHER in home and CHAIR in home
    assert HEADTEACHER in policy and CHAIR in policy
    assert f"{INCLUDE} <iframe src='https://evil.example'></iframe>" in policy
    assert f"This policy covers {NAME}:" in policy


def test_nothing_was_executed(site: Path) -> None:
    files = [page for page in site.rglob("*") if page.is_file() and page.suffix in (".html", ".js", ".json", ".xml")]
    assert {"index.html", "staff-social-media-policy.html", "search_index.json"} <= {page.name for page in files}
    for page in files:
        text = page.read_text(encoding="utf-8", errors="replace")
        for trace in EXECUTED:
            assert trace not in text, (page, trace)


def test_no_script_frame_or_unsafe_link_from_content(site: Path) -> None:
    for page in pages(site):
        for tag, attributes in parse(page).tags:
            assert tag not in ("iframe", "object", "embed"), (page, tag)
            if tag == "script":
                theme = (
                    attributes.get("src", "").lstrip("/").startswith("assets/") or attributes.get("id") == "__config"
                )
                assert theme or not attributes, (page, attributes)
            for name, value in attributes.items():
                assert not name.startswith("on"), (page, tag, name)
                if name in ("href", "src", "data", "action", "formaction"):
                    scheme = "".join(value.split()).lower()
                    assert not scheme.startswith(("javascript:", "data:", "vbscript:")), (page, tag, value)


def test_inline_scripts_come_only_from_the_theme(site: Path) -> None:
    for page in pages(site):
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<iframe" not in text, page
        assert not [script for script in parse(page).scripts if "alert" in script], page


def test_hostile_html_is_visible_as_text(site: Path) -> None:
    policy = " ".join(parse(site / "staff-social-media-policy.html").text)
    assert "<script>alert('library')</script>" in policy
    assert "<script>alert('reword')</script>" in policy
    assert "<iframe src='https://evil.example'></iframe>" in policy


def test_word_file_shows_hostile_text_and_links_nowhere_unsafe(site: Path) -> None:
    data = (site / "docx" / "staff-social-media-policy.docx").read_bytes()
    word = docx.Document(io.BytesIO(data))
    text = " ".join(paragraph.text for paragraph in word.paragraphs)
    assert word.core_properties.author == NAME
    assert "<script>alert('library')</script>" in text and "<script>alert('reword')</script>" in text
    assert f"This policy covers {NAME}:" in text
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        targets = re.findall(r'Target="([^"]*)"', archive.read("word/_rels/document.xml.rels").decode())
    assert targets, "the file has its relationships"
    for target in targets:
        assert not "".join(target.split()).lower().startswith(("javascript:", "data:", "vbscript:")), target
    listing = json.loads((site / "policies.json").read_text(encoding="utf-8"))
    assert listing["organisation"]["name"] == NAME

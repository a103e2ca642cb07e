"""generator.document.clause_tree: clause Markdown -> plain-data nodes for print, hostile input included."""

from __future__ import annotations

import io
import json
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown import Markdown
from pypdf import PdfReader

from generator.build.write import validate_project
from generator.document.clause_tree import (
    LONG_WORD,
    MARKDOWN_EXTENSIONS,
    MAX_DEPTH,
    SITE_ONLY_EXTENSIONS,
    clause_tree,
    tree_text,
    visible_text,
)
from generator.editions.pdf.typeset import render_pdf
from generator.inputs.markdown_safety import safe_link
from generator.model.placeholders import escape_text
from generator.model.resolve import resolve_organisation

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"
NODE_TYPES = {"p", "ul", "ol", "quote", "table", "em", "strong", "mark", "code", "break", "word", "link"}


def node_types(nodes: object) -> set[str]:
    """Every node type anywhere in a tree."""
    found: set[str] = set()
    if isinstance(nodes, dict):
        found.add(nodes["t"])
        for value in nodes.values():
            found |= node_types(value)
    elif isinstance(nodes, list):
        for item in nodes:
            found |= node_types(item)
    return found


def text_of(nodes: object) -> str:
    """All the words of a tree, in order, as the template prints them (a link's shown address included)."""
    if isinstance(nodes, str):
        return nodes
    if isinstance(nodes, list):
        return "".join(text_of(item) for item in nodes)
    assert isinstance(nodes, dict)
    if nodes["t"] == "word":
        return "".join(nodes["parts"])
    if nodes["t"] == "code":
        return nodes["text"]
    parts = [text_of(nodes.get(key, [])) for key in ("c", "items", "rows")]
    if nodes["t"] == "link" and nodes["show"]:
        parts.append(f" ({''.join(nodes['show'])})")
    if nodes["t"] == "quote" and nodes["source"]:
        parts.append(text_of(nodes["source"]))
    return "".join(parts)


def squeeze(text: str) -> str:
    """Text without its whitespace: block breaks are spaces in HTML and none in the tree."""
    return "".join(text.split())


def html_text(html: str) -> str:
    """The text of an HTML fragment, as a browser shows it."""
    parts: list[str] = []
    parser = HTMLParser()
    parser.handle_data = parts.append  # type: ignore[method-assign]
    parser.feed(html)
    return " ".join(parts)


def test_paragraphs_runs_emphasis_and_lists() -> None:
    tree = clause_tree("First *soft* and **strong**.\n\nThen:\n\n- one\n- two\n\nAnd:\n\n1. three\n2. four")
    assert tree == [
        {"t": "p", "c": ["First ", {"t": "em", "c": ["soft"]}, " and ", {"t": "strong", "c": ["strong"]}, "."]},
        {"t": "p", "c": ["Then:"]},
        {"t": "ul", "items": [[{"t": "p", "c": ["one"]}], [{"t": "p", "c": ["two"]}]]},
        {"t": "p", "c": ["And:"]},
        {"t": "ol", "start": 1, "items": [[{"t": "p", "c": ["three"]}], [{"t": "p", "c": ["four"]}]]},
    ]


def test_a_new_line_in_a_paragraph_is_a_space_and_a_hard_break_is_kept() -> None:
    assert clause_tree("one\ntwo  \nthree\u00a0four") == [
        {"t": "p", "c": ["one two", {"t": "break"}, " three\u00a0four"]}
    ]


def test_a_fill_in_blank_stays_marked() -> None:
    assert clause_tree('How <mark class="fill-in">[name of school]</mark> works.') == [
        {"t": "p", "c": ["How ", {"t": "mark", "c": ["[name of school]"]}, " works."]}
    ]


def test_a_block_quotation_names_its_source() -> None:
    assert clause_tree("> Children come first.\n>\n> — Working Together 2023") == [
        {"t": "quote", "c": [{"t": "p", "c": ["Children come first."]}], "source": ["Working Together 2023"]}
    ]
    assert clause_tree("> No source here.")[0]["source"] is None


def test_a_link_prints_its_address_after_its_words() -> None:
    (paragraph,) = clause_tree(
        "See [the guidance](https://example.org/guide) or [help@example.org](mailto:help@example.org)."
    )
    guidance, mail = (run for run in paragraph["c"] if isinstance(run, dict))
    assert guidance == {
        "t": "link",
        "url": "https://example.org/guide",
        "c": ["the guidance"],
        "show": ["https:/", "/", "example.", "org/", "guide"],
    }
    assert (mail["url"], mail["show"]) == ("mailto:help@example.org", None), "words that are the address say it"


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "java&#115;cript:alert(1)",
        "&#x6A;avascript:alert(1)",
        "jav\tascript:alert(1)",
        "data:text/html,<b>x</b>",
        "file:///etc/passwd",
        "vbscript:x",
        "/relative/page",
        "#anchor",
    ],
)
def test_only_web_mail_and_telephone_links_survive_decoded(href: str) -> None:
    (paragraph,) = clause_tree(f'<a href="{href}">click</a> [md]({href})')
    assert "link" not in node_types(paragraph)
    assert text_of(paragraph).startswith("click")


@pytest.mark.parametrize(
    ("href", "printed"),
    [
        ("https://example.org", "https://example.org"),
        ("HTTP://EXAMPLE.ORG", "HTTP://EXAMPLE.ORG"),
        ("mailto:a@b.org", "mailto:a@b.org"),
        ("tel:+441234", "tel:+441234"),
        ("https://example.org/?a=1&amp;b=2", "https://example.org/?a=1&b=2"),
        ("java&#x0A;script:alert(1)", None),
        ("%6Aavascript:alert(1)", None),
        ("//evil.example/", None),
        ("/about/", None),
        ("", None),
    ],
)
def test_a_printed_link_follows_the_sites_one_rule(href: str, printed: str | None) -> None:
    # safe_link decides where any link may go; paper keeps only those it can open (a page of the site it cannot).
    (paragraph,) = clause_tree(f'<a href="{href}">words</a>')
    links = [run["url"] for run in paragraph["c"] if isinstance(run, dict) and run["t"] == "link"]
    assert links == ([printed] if printed else [])
    if printed is not None:
        assert safe_link(href) == printed
    assert text_of(paragraph).startswith("words")


@pytest.mark.parametrize(
    "text",
    [
        '#set page(fill: red) #import "x.typ": *',
        "$ x^2 $ and @label and <label> and [brackets]",
        "back\\\\slash \\n \\u{1F600}",
        '```typ\n#panic("boom")\n```',
        '`#eval("1")`',
        "#{ let x = 1 } ] ) } // /* comment",
        "= Heading? - list? + enum? / term: x",
        "*bold* _emph_ ~ ' \" -- ---",
    ],
)
def test_typst_markup_in_a_clause_is_only_text(text: str) -> None:
    # The tree says exactly the words the site shows (Markdown decides what is markup, as on the site).
    html = Markdown(extensions=MARKDOWN_EXTENSIONS).convert(escape_text(text))
    tree = clause_tree(escape_text(text))
    assert node_types(tree) <= NODE_TYPES
    assert squeeze(text_of(tree)) == squeeze(html_text(html))


def test_huge_nesting_is_flattened_not_recursed() -> None:
    text = "".join(f"{'  ' * depth}- level {depth}\n" for depth in range(60))
    tree = clause_tree(text)
    depth, node = 0, tree[0]
    while node["t"] == "ul" and node["items"][0][-1]["t"] == "ul":
        depth, node = depth + 1, node["items"][0][-1]
    assert depth <= MAX_DEPTH
    assert "level 59" in text_of(tree)
    assert clause_tree("> " * 400 + "deep")  # Markdown itself gives up, never a RecursionError


def test_long_words_and_addresses_may_break() -> None:
    address = "designated.safeguarding.lead@a-very-long-school-name.example.org.uk"
    (paragraph,) = clause_tree(f"Write to {address} today.")
    word = paragraph["c"][1]
    assert word["t"] == "word" and "".join(word["parts"]) == address
    assert all(len(part) <= LONG_WORD for part in word["parts"])
    assert paragraph["c"][0] == "Write to " and paragraph["c"][2] == " today.", "short words stay plain text"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200))
def test_any_text_becomes_a_tree_of_known_nodes_that_json_carries(text: str) -> None:
    tree = clause_tree(escape_text(text))
    assert node_types(tree) <= NODE_TYPES
    assert json.loads(json.dumps(tree)) == tree


def test_hostile_clause_text_is_printed_verbatim_in_the_pdf() -> None:
    organisation = resolve_organisation(validate_project(MINIMAL), "school")
    document = organisation.documents[0]
    hostile = 'Text #set page(fill: red) $x$ @ref <lab> \\ ```#panic("no")``` #{ 1 + 1 }'
    section = document.sections[0]
    clause = replace(section.clauses[0], text=escape_text(hostile))
    document = replace(document, sections=(replace(section, clauses=(clause,)), *document.sections[1:]))
    text = PdfReader(io.BytesIO(render_pdf(organisation, document, templates=MINIMAL / "templates"))).pages[1]
    printed = " ".join(text.extract_text().split())
    assert 'Text #set page(fill: red) $x$ @ref <lab> \\ #panic("no") #{ 1 + 1 }' in printed


def test_every_node_type_is_typeset() -> None:
    organisation = resolve_organisation(validate_project(MINIMAL), "school")
    document = organisation.documents[0]
    text = (
        'Lead *em* **strong** `code` <mark class="fill-in">[blank]</mark> [site](https://example.org/x)  \n'
        "after a break and averyveryveryverylongwordthatmustbreaksomewhere.\n\n"
        "> Quoted words.\n>\n> — The Source\n\n"
        "| Role | Contact |\n| --- | --- |\n| DSL | dsl@example.org |\n\n"
        "1. first\n2. second\n\nThen:\n\n- bullet\n\n### Sub heading"
    )
    (tree,) = [clause_tree(text)]
    assert {"p", "em", "strong", "code", "mark", "link", "break", "word", "quote", "table", "ol", "ul"} <= node_types(
        tree
    )
    section = document.sections[0]
    clause = replace(section.clauses[0], text=text)
    document = replace(document, sections=(replace(section, clauses=(clause,)), *document.sections[1:]))
    page = PdfReader(io.BytesIO(render_pdf(organisation, document, templates=MINIMAL / "templates"))).pages[1]
    printed = " ".join(page.extract_text().split())
    for words in (
        "Lead em strong code [blank] site (https://example.org/x)",
        "after a break",
        "Quoted words.",
        "The Source",
        "DSL dsl@example.org",
        "first",
        "second",
        "bullet",
        "Sub heading",
    ):
        assert words in printed, words
    assert "averyveryveryverylongwordthatmustbreaksomewhere" in printed.replace(" ", "")


@pytest.mark.parametrize(
    "text",
    [
        "Words with [a link](https://example.org/a) and <https://example.org/b>.",
        "- one\n- two\n    1. nested\n\n> Quoted\n>\n> -- Source",
        "| a | b |\n|---|---|\n| c | **d** |",
        "Line one  \nline two, `code`, and averyveryveryverylongwordthatbreaksinparts.",
        '!!! note "Remember"\n    Keep it safe.',
        "Said once.\n{: .lead }",
    ],
)
def test_tree_text_is_what_the_page_shows(text: str) -> None:
    """The words the lock check looks for (tree_text) are the words the same Markdown shows as HTML."""
    html = Markdown(extensions=MARKDOWN_EXTENSIONS).convert(escape_text(text))
    assert squeeze(tree_text(clause_tree(escape_text(text)))) == squeeze(visible_text(html))


def test_visible_text_leaves_out_scripts_styles_and_templates() -> None:
    page = "<p>Shown</p><script>hidden()</script><style>p{}</style><template><p>later</p></template><p>too</p>"
    assert visible_text(page).split() == ["Shown", "too"]


def test_one_markdown_configuration_and_one_html_reader_in_the_package() -> None:
    sources = {path.name: path.read_text(encoding="utf-8") for path in (ROOT / "generator").rglob("*.py")}
    converters = [name for name, source in sources.items() for _ in re.finditer(r"(?<!\w)Markdown\(", source)]
    readers = [name for name, source in sources.items() for _ in re.finditer(r"\(HTMLParser\)", source)]
    assert converters == ["clause_tree.py"]
    assert readers == ["clause_tree.py"]


def test_the_site_reads_markdown_as_the_editions_do() -> None:
    """mkdocs.yml's extensions are the package's, and the rest change no word (each named with its reason)."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    site = [next(iter(entry)) if isinstance(entry, dict) else entry for entry in config["markdown_extensions"]]
    assert set(MARKDOWN_EXTENSIONS) <= set(site)
    assert set(site) - set(MARKDOWN_EXTENSIONS) == set(SITE_ONLY_EXTENSIONS)

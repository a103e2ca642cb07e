import datetime
from pathlib import Path

import yaml

from generator.build.write import validate_project
from generator.inputs.schema import DocumentTemplate, LocalClause
from generator.model.resolve import add_months, resolve_organisation


def test_school_extending_board_excludes_rewords_adds_and_numbers(minimal: Path) -> None:
    school = resolve_organisation(validate_project(minimal), "school")
    (document,) = school.documents
    purpose, guidance = document.sections
    assert (purpose.number, guidance.number) == ("1", "2")
    assert purpose.clauses[0].text == "This policy sets out how Example Primary School and its staff use social media."
    lead = guidance.clauses[0]
    assert lead.number == "2.1"
    assert [(c.id, c.number) for c in lead.items] == [
        ("no-personal-use", "(i)"),
        ("privacy-settings", "(ii)"),
        ("class-blog", "(iii)"),
    ]
    assert [c.id for c in guidance.clauses] == ["advised-as-follows"]  # training was excluded
    assert lead.items[1].text == "That they check the *privacy settings* of every school account."


def test_report_says_what_happened_to_each_clause(minimal: Path) -> None:
    school = resolve_organisation(validate_project(minimal), "school")
    status = {entry.clause: (entry.status, entry.by) for entry in school.report}
    assert status == {
        "purpose": ("reworded", "school"),
        "advised-as-follows": ("inherited", "library"),
        "no-personal-use": ("inherited", "library"),
        "privacy-settings": ("inherited", "library"),
        "class-blog": ("added", "school"),
        "training": ("excluded", "school"),
        "agreement": ("inherited", "library"),
    }


def test_board_template_shows_blanks_and_its_own_values(minimal: Path) -> None:
    board = resolve_organisation(validate_project(minimal), "board")
    (document,) = board.documents
    texts = {clause.id: clause.text for clause in document.clauses()}
    assert (
        texts["purpose"] == 'This policy sets out how <mark class="fill-in">[name of school]</mark> uses social media.'
    )
    assert texts["training"] == "For training, contact [training@board.example.org](mailto:training@board.example.org)."
    assert texts["privacy-settings"].endswith("every school or organisation account.")
    assert board.template


def test_dates_signatories_and_contacts(minimal: Path) -> None:
    school = resolve_organisation(validate_project(minimal), "school")
    (document,) = school.documents
    assert document.adopted == datetime.date(2025, 9, 1)
    assert document.next_review == datetime.date(2026, 9, 1)
    assert [(s.title, s.name) for s in document.signatories] == [
        ("Headteacher", "Mrs Jane Harper"),
        ("Chair of Governors", None),
    ]
    assert [(c.title, c.name) for c in school.contacts] == [("Headteacher", "Mrs Jane Harper")]
    assert len(document.content_hash) == 8


def test_content_hash_changes_with_the_text(minimal: Path) -> None:
    before = resolve_organisation(validate_project(minimal), "school").documents[0].content_hash
    path = minimal / "schools" / "school.yml"
    path.write_text(path.read_text().replace("its staff use", "its staff and governors use"))
    after = resolve_organisation(validate_project(minimal), "school").documents[0].content_hash
    assert before != after


def test_a_reword_in_the_clauses_own_words_leaves_the_reference_as_it_was(minimal: Path) -> None:
    """The reference is the hash of what readers read: a school that "rewords" a clause with its library text,
    word for word, publishes the same text, so every form signed before still names the text in force."""
    project = validate_project(minimal)
    before = resolve_organisation(project, "school").documents[0]
    clause = next(c for s in before.sections for c in s.clauses if c.origin == "library")
    path = minimal / "schools" / "school.yml"
    school = yaml.safe_load(path.read_text(encoding="utf-8"))
    school["documents"]["staff-policy"]["reword"][clause.id] = project.library.clauses[clause.id].text
    path.write_text(yaml.safe_dump(school, sort_keys=False), encoding="utf-8")
    after = resolve_organisation(validate_project(minimal), "school").documents[0]
    reworded = next(c for s in after.sections for c in s.clauses if c.id == clause.id)
    assert reworded.origin == "reworded" and reworded.text == clause.text
    assert after.content_hash == before.content_hash


def test_add_months_keeps_the_day_or_clamps_it() -> None:
    assert add_months(datetime.date(2025, 9, 1), 12) == datetime.date(2026, 9, 1)
    assert add_months(datetime.date(2025, 8, 31), 6) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2025, 11, 15), 3) == datetime.date(2026, 2, 15)


def test_a_template_lists_its_clauses_and_sections_in_reading_order() -> None:
    template = DocumentTemplate.model_validate(
        {
            "title": "Policy",
            "kind": "policy",
            "signing": "acknowledgement",
            "acknowledgement": "signed",
            "sections": [
                {"id": "one", "clauses": [{"clause": "lead", "items": ["first", {"clause": "second"}]}, "after"]},
                {"id": "two", "clauses": ["closing"], "sections": [{"id": "two-a", "clauses": ["inner"]}]},
                {"id": "three"},
            ],
        }
    )
    assert template.clause_ids() == ["lead", "first", "second", "after", "closing", "inner", "signed"]
    assert template.section_ids() == ["one", "two", "two-a", "three"]


def test_a_heading_says_what_the_organisations_setting_says() -> None:
    from tests.conftest import ROOT

    project = validate_project(ROOT)

    def headings(org_id: str) -> list[str]:
        (document,) = resolve_organisation(project, org_id).documents
        return [s.title or "" for s in document.sections if "social media account" in (s.title or "")]

    assert headings("northamptonshire-scb") == ["Managing a school or organisation social media account"]
    assert headings("willowbrook-primary") == ["Managing a school social media account"]


def test_a_long_chain_of_placements_resolves_without_recursion(minimal: Path) -> None:
    """Validation refuses chains longer than 20; the resolver must not depend on it (a chain of 3000 once ended
    every build in RecursionError)."""
    project = validate_project(minimal)
    school = project.organisations["school"]
    chain = [
        LocalClause(id=f"c{i}", title="C", text="T.", after="purpose" if i == 0 else f"c{i - 1}") for i in range(3000)
    ]
    policy = school.documents["staff-policy"]
    longer = policy.model_copy(update={"add": [*policy.add, *chain]})
    project.organisations["school"] = school.model_copy(update={"documents": {"staff-policy": longer}})
    ids = [clause.id for clause in resolve_organisation(project, "school").documents[0].clauses()]
    start = ids.index("purpose") + 1
    assert ids[start : start + 3000] == [f"c{i}" for i in range(3000)]
    assert ids[ids.index("privacy-settings") + 1] == "class-blog"

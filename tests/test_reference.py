from generator.differences import DIFFERENCES_FILE, differences_markdown
from generator.load import load_project
from generator.reference import SCHEMA_FILE, json_schema, readme_with_reference
from tests.conftest import ROOT, assert_matches_file


def test_readme_reference_is_generated_from_the_schema() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert_matches_file(ROOT / "README.md", readme_with_reference(readme))
    assert "| `review_months` | whole number |" in readme


def test_json_schema_file_is_current() -> None:
    assert_matches_file(ROOT / SCHEMA_FILE, json_schema())


def test_differences_file_is_generated_from_the_clauses() -> None:
    text = differences_markdown(load_project(ROOT))
    assert_matches_file(ROOT / DIFFERENCES_FILE, text)
    assert "| `permission-for-photos-and-videos` | spelling | there wishes must be respected |" in text

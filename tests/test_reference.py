from generator.reference import SCHEMA_FILE, json_schema, readme_with_reference
from tests.conftest import ROOT


def test_readme_reference_is_generated_from_the_schema() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme == readme_with_reference(readme), "run `make golden` to regenerate the reference"
    assert "| `review_months` | whole number |" in readme


def test_json_schema_file_is_current() -> None:
    assert (ROOT / SCHEMA_FILE).read_text(encoding="utf-8") == json_schema(), "run `make golden`"


def test_differences_file_is_generated_from_the_clauses() -> None:
    from generator.differences import DIFFERENCES_FILE, differences_markdown
    from generator.load import load_project

    text = differences_markdown(load_project(ROOT).library)
    assert (ROOT / DIFFERENCES_FILE).read_text(encoding="utf-8") == text, "run `make golden`"
    assert "| `permission-for-photos-and-videos` | spelling | there wishes must be respected |" in text

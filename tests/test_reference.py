from generator.build.reference import SCHEMA_FILE, json_schema, readme_with_reference
from generator.inputs.load import load_project
from generator.model.differences import DIFFERENCES_FILE, differences_markdown
from tests.conftest import ROOT, assert_matches_file


def test_readme_reference_is_generated_from_the_schema() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert_matches_file(ROOT / "README.md", readme_with_reference(readme, load_project(ROOT).library))
    assert "| `review_months` | whole number |" in readme


def test_the_reference_names_every_roles_person_placeholders() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for role in load_project(ROOT).library.roles:
        assert f"`{{{{ {role}.name }}}}`" in readme and f"`{{{{ {role}.email }}}}`" in readme
    assert '| `{{ dsl_title }}` | text | DSL title | `"Designated Safeguarding Lead (DSL)"` |' in readme


def test_json_schema_file_is_current() -> None:
    assert_matches_file(ROOT / SCHEMA_FILE, json_schema())


def test_differences_file_is_generated_from_the_clauses() -> None:
    text = differences_markdown(load_project(ROOT))
    assert_matches_file(ROOT / DIFFERENCES_FILE, text)
    assert "| `permission-for-photos-and-videos` | spelling | there wishes must be respected |" in text

"""The schema and the library -> the configuration reference (README.md), a JSON Schema, and content/DIFFERENCES.md.

Run ``python -m generator.build.reference`` after changing generator/inputs/schema.py; a test fails while either is stale.
"""

from __future__ import annotations

import json
import sys
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from generator.inputs.schema import Organisation

if typing.TYPE_CHECKING:
    from generator.inputs.load import Library

START, END = "<!-- reference:start -->", "<!-- reference:end -->"
SCHEMA_FILE = Path("schema/organisation.schema.json")


def json_schema() -> str:
    """The JSON Schema of an organisation file, for editors (VS Code's YAML extension and others)."""
    schema = Organisation.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Policy Pack organisation"
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def reference_markdown() -> str:
    """A table per model: key, type, default, description."""
    parts: list[str] = []
    seen: set[type[BaseModel]] = set()
    queue: list[tuple[str, type[BaseModel]]] = [("Organisation file", Organisation)]
    while queue:
        heading, model = queue.pop(0)
        if model in seen:
            continue
        seen.add(model)
        parts += [
            f"#### {heading}",
            "",
            (model.__doc__ or "").strip(),
            "",
            "| Key | Type | Default | Description |",
            "| --- | --- | --- | --- |",
        ]
        for name, field in model.model_fields.items():
            nested = _models(field.annotation)
            queue.extend((f"{nested_model.__name__} (in `{name}`)", nested_model) for nested_model in nested)
            default = "required" if field.is_required() else _default(field.default, field.default_factory)
            parts.append(f"| `{name}` | {_type_name(field.annotation)} | {default} | {field.description or ''} |")
        parts.append("")
    return "\n".join(parts)


def _default(value: Any, factory: Any) -> str:
    if factory is not None:
        value = factory()
    if value is None or value is PydanticUndefined:
        return "—"
    if isinstance(value, BaseModel):
        return "see below"
    return f"`{json.dumps(value)}`"


def _models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models(arg)]


def _type_name(annotation: Any) -> str:
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _type_name(args[0])
    if origin is typing.Literal:
        return " \\| ".join(f"`{a}`" for a in args)
    if origin in (list, tuple):
        return f"list of {_type_name(args[0])}"
    if origin is dict:
        return f"mapping of {_type_name(args[0])} → {_type_name(args[1])}"
    if args:
        return " or ".join(_type_name(a) for a in args if a is not type(None))
    if annotation is type(None):
        return "nothing"
    names = {str: "text", int: "whole number", bool: "true/false"}
    return names.get(annotation, getattr(annotation, "__name__", str(annotation)))


def placeholders_markdown(library: Library) -> str:
    """What clause text (the library's, a rewording, an added clause) may name: every parameter of
    content/parameters.yml, and every role's person, from content/roles.yml."""
    parts = [
        "#### Placeholders in clause text",
        "",
        "Clause text, a rewording or an added clause names a parameter as `{{ id }}` and a person's detail as "
        "`{{ role.field }}`: the name, e-mail address or telephone number of the person the organisation's `people` "
        "names in that role, or the role's title. A person's detail the text uses must be given (a school's check "
        "says which); in a board's template it is a fill-in blank. Roles an organisation declares (`declares.roles`) "
        "work the same way. `{{ dsl_name }}` is not a placeholder: write `{{ dsl.name }}`.",
        "",
        "| Role | `{{ role.name }}` | `{{ role.title }}` | `{{ role.email }}` | `{{ role.phone }}` |",
        "| --- | --- | --- | --- | --- |",
    ]
    parts += [
        f'| {role.title} | `{{{{ {ident}.name }}}}` | `{{{{ {ident}.title }}}}` ("{role.title}") '
        f"| `{{{{ {ident}.email }}}}` | `{{{{ {ident}.phone }}}}` |"
        for ident, role in library.roles.items()
    ]
    parts += ["", "| Parameter | Type | Label | Default | Description |", "| --- | --- | --- | --- | --- |"]
    parts += [
        f"| `{{{{ {ident} }}}}` | {p.type} | {p.label} | {_default(p.default, None)} | {p.description} |"
        for ident, p in library.parameters.items()
    ]
    return "\n".join([*parts, ""])


def readme_with_reference(readme: str, library: Library) -> str:
    """README text with the reference between its markers replaced by the current one."""
    before, _, rest = readme.partition(START)
    _, _, after = rest.partition(END)
    return f"{before}{START}\n{reference_markdown()}\n{placeholders_markdown(library)}\n{END}{after}"


def main(root: Path = Path(".")) -> None:
    from generator.inputs.load import load_project
    from generator.model.differences import DIFFERENCES_FILE, differences_markdown

    project = load_project(root)
    library = project.library
    (root / DIFFERENCES_FILE).write_text(differences_markdown(project), encoding="utf-8")
    (root / SCHEMA_FILE).parent.mkdir(exist_ok=True)
    (root / SCHEMA_FILE).write_text(json_schema(), encoding="utf-8")
    readme = root / "README.md"
    readme.write_text(readme_with_reference(readme.read_text(encoding="utf-8"), library), encoding="utf-8")
    print(f"wrote {SCHEMA_FILE}, {DIFFERENCES_FILE} and the reference in README.md", file=sys.stderr)


if __name__ == "__main__":
    main()

"""A project and a count -> a synthetic estate: N schools adopting the board's model, each a little different.

Used by the tests and the benchmarks to build hundreds of organisations. Run it as
``python -m generator.estate OUT --schools 100`` to write a project you can build with ``policy-pack``.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

import yaml

from generator.load import load_project

BOARD = "kestrel-vale-partnership"
DOCUMENT = "social-media-template-policy"
PRIMARY_EXCLUSION = "pupils-encouraged-to-post-appropriately"
PLACES = [
    "Ashby",
    "Brixworth",
    "Corby",
    "Daventry",
    "Earls Barton",
    "Flore",
    "Geddington",
    "Harpole",
    "Irchester",
    "Kettering",
    "Lamport",
    "Moulton",
    "Naseby",
    "Oundle",
    "Pitsford",
    "Quinton",
    "Raunds",
    "Silverstone",
    "Towcester",
    "Uppingham",
    "Weldon",
    "Yardley",
]
KINDS = ["Primary School", "Church of England Primary School", "Junior School", "Academy", "Infant School"]
NAMES = [
    "Amira Khan",
    "Ben Carter",
    "Chloe Evans",
    "David Lowe",
    "Eleanor Price",
    "Farah Ali",
    "George Hunt",
    "Hannah Moss",
    "Isaac Reid",
    "Julia Grant",
    "Kwame Mensah",
    "Laura Singh",
    "Mohammed Patel",
    "Nina Webb",
]
TITLES = ["Mrs", "Mr", "Ms", "Dr", "Miss"]
DARK_COLOURS = ["#1d4f91", "#2f5d1e", "#5b2a86", "#8a1c1c", "#0b5563", "#4b2a6b", "#7a3e00", "#264653", "#3d405b"]


def write_estate(source: Path, target: Path, *, schools: int, seed: int = 0) -> list[str]:
    """Copy ``source``'s library, templates and board into ``target`` and add ``schools`` schools extending it."""
    random_ = random.Random(seed)
    target.mkdir(parents=True, exist_ok=True)
    for folder in ("content", "templates", "releases"):
        shutil.copytree(source / folder, target / folder, dirs_exist_ok=True)
    shutil.copyfile(source / "mkdocs.yml", target / "mkdocs.yml")
    (target / "schools" / "logos").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source / "schools" / f"{BOARD}.yml", target / "schools" / f"{BOARD}.yml")
    for logo in (source / "schools" / "logos").glob(f"{BOARD}.*"):
        shutil.copyfile(logo, target / "schools" / "logos" / logo.name)
    project = load_project(source)
    board = project.organisations[BOARD]
    template = project.library.documents[DOCUMENT]
    clauses = [c for c in template.clause_ids() if c != template.acknowledgement]
    unlocked = [c for c in clauses if c not in board.locked]
    ids = []
    for number in range(1, schools + 1):
        place = random_.choice(PLACES)
        name = f"{place} {random_.choice(KINDS)} {number}"
        ident = f"school-{number:04d}"
        ids.append(ident)
        excluded = random_.sample(unlocked, k=random_.randint(0, 3))
        if number % 2 == 0 and PRIMARY_EXCLUSION not in excluded:
            excluded.append(PRIMARY_EXCLUSION)  # like many primary schools: their pupils are too young to post
        reworded = random_.choice([c for c in unlocked if c not in excluded])
        colour, accent = random_.sample(DARK_COLOURS, 2)
        initials = "".join(word[0] for word in name.split()[:2])
        (target / "schools" / "logos" / f"{ident}.svg").write_text(_logo(initials, colour, name), encoding="utf-8")
        config = {
            "name": name,
            "kind": "academy" if "Academy" in name else "school",
            "extends": BOARD,
            "branding": {"logo": f"logos/{ident}.svg", "primary": colour, "accent": accent},
            "people": {
                role: {
                    "name": f"{random_.choice(TITLES)} {random_.choice(NAMES)}",
                    "email": f"{role}@{ident}.example.org",
                }
                for role in ("headteacher", "chair_of_governors", "dsl")
            },
            "parameters": {"setting": "school", "response_time": random_.choice(["24 hours", "one working day"])},
            "adopted": f"2026-0{random_.randint(1, 9)}-0{random_.randint(1, 9)}",
            "adopted_from": f"{BOARD}@2026.1",
            "documents": {
                DOCUMENT: {
                    "exclude": excluded,
                    "reword": {
                        reworded: f"At {name}, {project.library.clauses[reworded].text[0].lower()}"
                        f"{project.library.clauses[reworded].text[1:]}"
                    },
                    "add": [
                        {
                            "id": f"{ident}-local-contact",
                            "title": "Who to ask",
                            "text": f"Questions about this policy go to the {{{{ dsl_title }}}} at {name}.",
                            "after": random_.choice([c for c in clauses if c not in excluded]),
                        }
                    ],
                }
            },
        }
        (target / "schools" / f"{ident}.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return ids


def _logo(initials: str, colour: str, name: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><title>{name}</title>'
        f'<circle cx="32" cy="32" r="30" fill="{colour}" stroke="#ffffff" stroke-width="3"/>'
        f'<text x="32" y="40" font-size="22" font-family="sans-serif" text-anchor="middle" fill="#ffffff">'
        f"{initials}</text></svg>"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("target", type=Path)
    parser.add_argument("--schools", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--source", type=Path, default=Path("."))
    arguments = parser.parse_args()
    write_estate(arguments.source, arguments.target, schools=arguments.schools, seed=arguments.seed)


if __name__ == "__main__":
    main()

"""A project and a count -> a synthetic estate: N schools adopting the board's model, each a little different.

Test and benchmark tooling, not part of the shipped package: it builds hundreds of organisations whose PDFs are
about 16 pages long. Run it as
``python -m benchmarks.estate OUT --schools 100`` to write a project you can build with ``policy-pack``.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

import yaml

from generator.inputs.load import load_project

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
LOCAL_CLAUSES = 44
"""Local clauses each school adds: with them a school's PDF is about 16 pages, as a real adopted model is."""
LOCAL_SENTENCES = [
    "Staff at {name} who run a class or club account agree its purpose with the {{{{ dsl_title }}}} first.",
    "Photographs of pupils are taken on school devices only and are deleted from them at the end of each term.",
    "Parents are reminded each September, in the newsletter and at the welcome evening, how the school uses "
    "social media and how they can ask for their child's image to be left out.",
    "Where a post names or shows a pupil, the member of staff checks the consent list held by the school office "
    "before it is published, and keeps a note of the check.",
    "Comments on school accounts are reviewed at least once each working day, and anything unkind, unsafe or "
    "identifying is hidden and reported to the {{{{ dsl_title }}}}.",
    "Visitors, volunteers and supply staff are told on arrival that they may not take photographs in school "
    "and that their phones stay in the staff room during lessons.",
    "The school's accounts are listed, with the names of the two members of staff who hold each password, in "
    "a register that the business manager keeps up to date.",
    "When a member of staff leaves, the passwords of every account they could use are changed on their last "
    "working day.",
    "Staff do not accept friend or follow requests from pupils, or from former pupils under the age of 18, and "
    "report any such request that worries them.",
    "Concerns raised through social media are answered privately, by telephone or in person, never in a public thread.",
    "Governors receive a short report each term on how the school's accounts were used and on any incident that "
    "needed action.",
    "Training on this policy is part of the induction of every new member of staff and is refreshed each year "
    "in the autumn term.",
    "The school does not use live streaming of lessons, assemblies or events unless the headteacher has agreed "
    "it in writing for that occasion.",
    "Older pupils are taught, through the computing and personal development curriculum, how to keep their own "
    "accounts private and who to tell when something online upsets them.",
    "If a pupil discloses harm through a message or a post, the member of staff follows the safeguarding "
    "procedure at once and does not reply in the same channel.",
    "The school keeps screenshots of any harmful content it reports, stored securely with the safeguarding "
    "record and not on personal devices.",
]
LOCAL_TITLES = ["Local practice", "How we do this here", "In our school", "Our arrangements"]
_texts = random.Random(0)
LOCAL_TEXTS = [
    " ".join(_texts.sample(LOCAL_SENTENCES, k=_texts.randint(4, 6))).format(name="{{ organisation_name }}")
    for _ in range(60)
]
"""Sixty local clauses of four to six sentences, the same for every estate."""
DARK_COLOURS = ["#1d4f91", "#2f5d1e", "#5b2a86", "#8a1c1c", "#0b5563", "#4b2a6b", "#7a3e00", "#264653", "#3d405b"]


def write_estate(source: Path, target: Path, *, schools: int, seed: int = 0) -> list[str]:
    """Copy ``source``'s library, templates and board into ``target`` and add ``schools`` schools extending it."""
    random_ = random.Random(seed)
    target.mkdir(parents=True, exist_ok=True)
    for folder in ("content", "templates", "releases"):
        shutil.copytree(source / folder, target / folder, dirs_exist_ok=True)
    shutil.rmtree(target / "content" / "boards", ignore_errors=True)  # other boards' own models: not in this estate
    shutil.copyfile(source / "mkdocs.yml", target / "mkdocs.yml")
    (target / "schools" / "logos").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source / "schools" / f"{BOARD}.yml", target / "schools" / f"{BOARD}.yml")
    for logo in (source / "schools" / "logos").glob(f"{BOARD}.*"):
        shutil.copyfile(logo, target / "schools" / "logos" / logo.name)
    project = load_project(source)
    board = project.organisations[BOARD]
    template = project.library.documents[DOCUMENT]
    library = project.library.clauses
    # A school's copy never holds the template's notes to adopters: nothing can be excluded or placed after them.
    clauses = [c for c in template.clause_ids() if c != template.acknowledgement and not library[c].template_only]
    # Nor can a clause that leads a locked one be left out, for it would take the locked one with it.
    unlocked = [c for c in clauses if c not in board.locked and not set(template.led_by(c)) & set(board.locked)]
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
                        },
                        *_local_clauses(random_, ident, [c for c in clauses if c not in excluded]),
                    ],
                }
            },
        }
        (target / "schools" / f"{ident}.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return ids


def _local_clauses(random_: random.Random, ident: str, after: list[str]) -> list[dict[str, str]]:
    """LOCAL_CLAUSES clauses drawn from LOCAL_TEXTS, spread through the document.

    Schools share the texts, as schools adopting one model share much of their local practice: what differs is
    where each puts them, and the school's name, which is a placeholder.
    """
    return [
        {
            "id": f"{ident}-local-{number}",
            "title": random_.choice(LOCAL_TITLES),
            "text": text,
            "after": random_.choice(after),
        }
        for number, text in enumerate(random_.sample(LOCAL_TEXTS, k=LOCAL_CLAUSES), start=1)
    ]


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

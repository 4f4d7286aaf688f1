"""Bench drafts: a 1,000-word story and a 100,000-word live blog, composed from paragraphs
written for copydesk (nothing here comes from real pages or from ../shared/bench).

The paragraphs below are our own invented copy about an invented storm. `story()` strings
them into a story of about 1,000 words; `live_blog()` repeats them with variation (times,
names, places, figures drawn from small tables by a seeded random generator) into timestamped
Markdown entries until the word count is reached. A few web artifacts are sprinkled in at a
fixed rate (an ad label, a glued dateline, a doubled word, a photo credit) so that the server
has findings to publish, as it would on real pasted copy.

Run it to write the drafts to a folder:  python3 scripts/bench/drafts.py OUTDIR
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

TOWNS = ["Harrow Bay", "Eastmere", "Caldwick", "Port Alden", "Silverford", "Marrowdale", "Kestin", "Lowfield"]
PEOPLE = [
    ("Maria Okafor", "the regional fire chief"),
    ("Daniel Brandt", "a spokesman for the coastguard"),
    ("Priya Raman", "the mayor of Eastmere"),
    ("Tomas Lindqvist", "a hydrologist at the national weather service"),
    ("Grace Mbeki", "who runs a shelter in a school gym"),
    ("Owen Castellano", "the head of the grid operator"),
    ("Lena Hoffmann", "a nurse at Caldwick General"),
    ("Samuel Achebe", "the interior minister"),
]
ROADS = ["the A14 coast road", "the Mill Lane bridge", "the ring road", "the northern rail line", "the harbour tunnel"]

# Paragraphs with {slots}: {town}, {town2}, {name}, {role}, {surname}, {n}, {m}, {road}, {time}.
PARAGRAPHS = [
    "Storm Idris pushed a wall of seawater into {town} on {day} night, flooding hundreds of homes and forcing "
    "the evacuation of a care home as the river and the tide rose together.",
    "Emergency crews used boats to reach families trapped on upper floors, and about {n} people spent the night "
    "in sports halls and churches, officials said.",
    "“We have never seen the water come this far inland,” said {name}, {role}. “Some of these streets were dry "
    "in the floods of 1998.”",
    "The weather service kept its highest warning in place for the coast between {town} and {town2}, saying gusts "
    "of up to {m} kilometres an hour were possible before dawn.",
    "Power was cut to roughly {n} homes after falling trees brought down lines, and the grid operator said some "
    "customers could be without electricity until the weekend.",
    "{road} was closed in both directions after a section of the embankment gave way, and police asked drivers "
    "to stay off the roads unless their journey was essential.",
    "Schools in {town} will stay closed on {day}, the council said, while engineers inspect buildings for damage "
    "to roofs and foundations.",
    "At a shelter set up in a leisure centre, volunteers handed out blankets, tea and dry socks. Children slept on "
    "gym mats while their parents watched the news on their phones.",
    "“The firefighters carried my mother down the stairs on a chair,” said one resident, who asked not to be "
    "named. “She is 91 and she kept apologising for the trouble.”",
    "{surname} said the sea defences built after the last major flood had held in most places, but that the "
    "scale of the surge had overwhelmed the older walls near the harbour.",
    "Insurers said it was too early to estimate the cost, though one industry body put early claims at more than "
    "{m} million euros for the region.",
    "The interior ministry said {n} soldiers had been sent to help fill sandbags and to move patients from a "
    "hospital whose basement generators were at risk.",
    "Residents in low-lying streets were told to move valuables upstairs, switch off gas and electricity at the "
    "mains and keep a bag packed with medicine and documents.",
    "Rail services between {town} and {town2} were suspended, and the operator said buses would replace trains "
    "once the roads were safe.",
    "Farmers inland reported fields under a metre of water. One said he had moved {m} cattle to higher ground "
    "overnight with the help of neighbours and two tractors.",
    "Scientists have warned for years that warmer seas make storms of this kind wetter and stronger, and that "
    "rising sea levels let each surge reach further inland.",
    "“This is what the models told us to expect, only sooner,” {surname} said. “We cannot keep building walls "
    "and hoping they are high enough.”",
    "The opposition called for an inquiry into why a warning about the state of the harbour wall, raised in a "
    "council report two years ago, had not been acted on.",
    "By midday the water had begun to fall in the centre of {town}, leaving streets covered in mud, sand and "
    "debris, and a smell of diesel from flooded garages.",
    "Shopkeepers swept water out of their doorways and piled ruined stock on the pavement. Several said they had "
    "no flood insurance because premiums had tripled since the last storm.",
    "The government said it would release {m} million euros in emergency aid and that households forced from "
    "their homes could claim a payment within days.",
    "Forecasters expect the wind to ease by {day} evening, but said more rain was likely later in the week, "
    "which could push rivers that are already full over their banks again.",
]

HEADLINES = [
    "Storm Idris floods coastal towns as thousands leave their homes",
    "Power cuts spread as Storm Idris batters the coast",
]

ARTIFACTS = [
    "Advertisement",
    "Updated {day} {time}{day} {time}",
    "Rescuers in {town} said the the water was still rising in places.",
    "A man wades through a flooded street in {town} on {day} [File: {name}/AFP]",
]

DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def fill(template: str, rng: random.Random) -> str:
    name, role = rng.choice(PEOPLE)
    town, town2 = rng.sample(TOWNS, 2)
    return template.format(
        town=town,
        town2=town2,
        name=name,
        role=role,
        surname=name.split()[-1],
        n=f"{rng.randrange(2, 90) * 100:,}",
        m=rng.randrange(12, 180),
        road=(lambda r: r[0].upper() + r[1:])(rng.choice(ROADS)) if template.startswith("{road}") else rng.choice(ROADS),
        day=rng.choice(DAYS),
        time=f"{rng.randrange(0, 24):02d}:{rng.randrange(0, 60):02d}",
    )


def words(text: str) -> int:
    return len(text.split())


def story(target_words: int = 1000, seed: int = 1) -> str:
    """A Markdown story of about `target_words` words: headline, standfirst paragraphs, two
    artifacts (an ad label and a doubled word) so that it has findings."""
    rng = random.Random(seed)
    parts = [f"# {HEADLINES[0]}", fill(ARTIFACTS[3], rng)]
    i = 0
    while words("\n\n".join(parts)) < target_words:
        parts.append(fill(PARAGRAPHS[i % len(PARAGRAPHS)], rng))
        i += 1
        if i == 6:
            parts.append(ARTIFACTS[0])
        if i == 12:
            parts.append(fill(ARTIFACTS[2], rng))
    return "\n\n".join(parts) + "\n"


def live_blog(target_words: int = 100_000, seed: int = 2) -> str:
    """A Markdown live blog of about `target_words` words: timestamped entries (`## 14:32`) of
    one to four paragraphs, newest first as live blogs run, with an artifact every few entries."""
    rng = random.Random(seed)
    entries = []
    total = 0
    minute = 24 * 60 * 6
    while total < target_words:
        minute -= rng.randrange(1, 9)
        stamp = f"## {DAYS[(minute // 1440) % 7]} {minute % 1440 // 60:02d}:{minute % 60:02d}"
        body = [fill(rng.choice(PARAGRAPHS), rng) for _ in range(rng.randrange(1, 5))]
        if rng.random() < 0.15:
            body.insert(rng.randrange(len(body) + 1), fill(rng.choice(ARTIFACTS), rng))
        entry = "\n\n".join([stamp, *body])
        entries.append(entry)
        total += words(entry)
    return f"# Live: {HEADLINES[1]}\n\n" + "\n\n".join(entries) + "\n"


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "target/bench-drafts")
    out.mkdir(parents=True, exist_ok=True)
    for name, text in [("story.md", story()), ("live-blog.md", live_blog())]:
        (out / name).write_text(text, encoding="utf-8")
        print(f"{out / name}: {words(text):,} words, {len(text.encode()):,} bytes")


if __name__ == "__main__":
    main()

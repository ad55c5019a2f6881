"""The verbs the claims reader tells a level reached from one expected by, written once: the
period finder (is "this year" the year so far?), the dating of outlooks (is a figure beside
"will" a forecast?) and the measures (is "throughput reached 41 Mt" a flow?) all read them."""

from __future__ import annotations

import re

#: verbs of a level reached: "amounted to $41 bn", "stood at 12 %"
LEVEL = (
    "reached",
    "amounted to",
    "totalled",
    "totaled",
    "stood at",
    "hit",
    "exceeded",
    "topped",
    "came to",
    "came in at",
)
#: verbs of a change that has happened: "grew 12 %"
CHANGED = (
    "grew",
    "rose",
    "fell",
    "increased",
    "decreased",
    "declined",
    "dropped",
    "jumped",
    "surged",
    "climbed",
    "soared",
    "gained",
    "slipped",
)
#: … in the present, as headlines write them: "grows 12 %"
CHANGES = (
    "grows",
    "rises",
    "falls",
    "jumps",
    "surges",
    "climbs",
    "drops",
    "declines",
    "gains",
    "soars",
    "slips",
)
#: verbs of a flow done: "exported 1 Mt", "the port handled 500,000 TEU"
FLOWED = (
    "exported",
    "imported",
    "earned",
    "shipped",
    "bought",
    "sold",
    "purchased",
    "carried",
    "transported",
    "handled",
    "delivered",
    "supplied",
    "received",
    "sent",
    "attracted",
    "invested",
    "produced",
    "harvested",
    "processed",
    "made",
    "recorded",
    "posted",
)
#: a level reached, as a participle: "…, accounting for 40 % of exports in 2023"
PARTICIPLES = (
    "accounting for",
    "reaching",
    "amounting to",
    "totaling",
    "totalling",
    "standing at",
    "making up",
)
#: verbs that set a goal: "aims to raise", "agreed to ship", "we want to reach"
GOAL = (
    "aim to",
    "aims to",
    "aimed to",
    "agreed to",
    "agreement to",
    "plan to",
    "plans to",
    "planned",
    "intend to",
    "intends to",
    "target",
    "targets",
    "targeted",
    "eye",
    "eyes",
    "eyeing",
    "seek to",
    "seeks to",
    "seeking to",
    "want to",
    "wants to",
    "hope to",
    "hopes to",
    "strive to",
    "strives to",
)
#: … and words of what is to come, whoever foresees it
AHEAD = ("expect", "expects", "expected", "soon", "aim", "aims", "goal", "will", "would")
#: the past of "to be", which reports a level too ("trade was $41 bn")
WAS = ("was", "were")
#: the auxiliaries of the perfect: "has exported"
PERFECT = ("has", "have", "had")


def words(*groups: tuple[str, ...]) -> str:
    """An alternation of the words of ``groups`` (longest first, so that "amounted to" is
    tried before "amounted")."""
    every = sorted({w for g in groups for w in g}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s") for w in every)


#: a sentence or clause that reports what has happened
DONE = re.compile(rf"\b(?:{words(LEVEL, CHANGED, FLOWED, WAS)})\b", re.I)

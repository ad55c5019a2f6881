"""Figures listed with their periods in one sentence: "$10 bn and $12 bn in 2022 and 2023,
respectively", "12 % and 15 % in 2022 and 2023", and a list after "…, respectively" with no
periods of its own ("…, while imports were $16.6 bn and $19.2 bn"). Each figure takes the period
in the same place of the periods' list; where the counts differ, none."""

from __future__ import annotations

import re

from corridor.claims._claim import Span
from corridor.claims._periods import PeriodMention

_RESPECTIVELY = re.compile(r"\brespectively\b", re.I)
#: what introduces a part of the figure before it: ", including", ", of which"
PART_OF = re.compile(
    r",?\s(?:including|incl\.|of which|of them|among them)\s(?:[A-Za-z-]+\s){0,4}", re.I
)
#: what joins the parts listed after it: "of which oil $6 bn and copper for $11 bn"
PART_AFTER_PART = re.compile(r"[,;]?\s(?:and\s)?(?:[A-Za-z()-]+\s){0,4}", re.I)


def listed_period(
    text: str,
    periods: list[PeriodMention],
    mention: tuple[int, int],
    part: tuple[int, int],
    others: tuple[tuple[int, int], ...],
) -> Span | None:
    """ "$10 bn and $12 bn in 2022 and 2023, respectively": the figures before "respectively"
    take the periods listed after the last of them, in order (as many of each, else none)."""
    found = _RESPECTIVELY.search(text, mention[1], part[1])
    if found is None:
        earlier = list(_RESPECTIVELY.finditer(text, part[0], mention[0]))
        if earlier:  # "…, respectively, while imports were $16.6 bn and $19.2 bn": the same
            return _respective_again(text, periods, mention, part, others, earlier[-1])
        return _paired(text, periods, mention, part, others)
    dated, figures = _respective_periods(text, periods, part, others, found)
    if mention not in figures or not dated:
        return None
    p = dated[figures.index(mention)]
    return p.period_start, p.period_end


def _respective_periods(
    text: str,
    periods: list[PeriodMention],
    part: tuple[int, int],
    others: tuple[tuple[int, int], ...],
    found: re.Match[str],
) -> tuple[list[PeriodMention], list[tuple[int, int]]]:
    """The periods listed before "respectively" (as many as the figures before them, else
    none) and those figures: after the figures ("$10 bn and $12 bn in 2022 and 2023,
    respectively"), else, joined as a list, before them ("In 2023 and 2022, exports were $10 bn
    and $9 bn, respectively")."""
    figures = [o for o in others if part[0] <= o[0] and o[1] <= found.start()]
    if len(figures) < 2:
        return [], figures
    dated = [p for p in periods if p.kind == "period" and p.period_end is not None]
    after = [p for p in dated if figures[-1][1] <= p.start and p.end <= found.start()]
    if after:
        return (after if len(after) == len(figures) else []), figures
    if any(figures[0][0] <= p.start < found.start() for p in periods):
        return [], figures
    before = [p for p in dated if part[0] <= p.start and p.end <= figures[0][0]]
    joined = len(_joined_back(text, before, len(before))) == len(before)
    return (before if joined and len(before) == len(figures) else []), figures


def _joined_back(text: str, ordered: list[PeriodMention], most: int) -> list[PeriodMention]:
    """The run of ``ordered`` periods (in text order) that ends with the last of them, each
    joined to the next as a list is ("2024 and 2023", "2020, 2019 and 2018"), ``most`` at most."""
    run = ordered[-1:]
    for p in reversed(ordered[:-1]):
        if len(run) == most or not _JOINED.fullmatch(text, p.end, run[0].start):
            break
        run.insert(0, p)
    return run


def _respective_again(
    text: str,
    periods: list[PeriodMention],
    mention: tuple[int, int],
    part: tuple[int, int],
    others: tuple[tuple[int, int], ...],
    found: re.Match[str],
) -> Span | None:
    """A figure after "…, respectively" in a list of as many figures as periods listed before
    it, with no period of their own, takes them in the same order."""
    dated, _ = _respective_periods(text, periods, part, others, found)
    later = [o for o in others if found.end() <= o[0] and o[1] <= part[1]]
    if (
        not dated
        or len(later) != len(dated)
        or mention not in later
        or any(found.end() <= p.start < part[1] for p in periods)
    ):
        return None
    p = dated[later.index(mention)]
    return p.period_start, p.period_end


#: what joins the items of a list: ", ", " and ", ", or "
_JOINED = re.compile(r"\s*(?:,|,?\s(?:and|or))\s*(?:(?:in|for)\s)?", re.I)
_THEN_IN = re.compile(r"\s(?:in|during|for)\s(?:the\s)?", re.I)
#: what stands between periods listed first and their figures: ", exports were ", " stood at "
_THEN_FIGURES = re.compile(r"(?:\sas a whole)?,?\s(?:[A-Za-z-]+\s){0,4}(?:[A-Z]{3}\s?|\$)?", re.I)


def _paired(
    text: str,
    periods: list[PeriodMention],
    mention: tuple[int, int],
    part: tuple[int, int],
    others: tuple[tuple[int, int], ...],
) -> Span | None:
    """ "12 % and 15 % in 2022 and 2023" (no "respectively"): figures joined by "and" and
    followed at once by as many periods joined the same way take them in order."""
    figures = sorted(o for o in others if part[0] <= o[0] and o[1] <= part[1])
    if mention not in figures:
        return None
    i = j = figures.index(mention)
    while i > 0 and _JOINED.fullmatch(text, figures[i - 1][1], figures[i][0]):
        i -= 1
    while j + 1 < len(figures) and _JOINED.fullmatch(text, figures[j][1], figures[j + 1][0]):
        j += 1
    chain = figures[i : j + 1]
    if len(chain) < 2:
        return None
    after = sorted((p for p in periods if p.start >= chain[-1][1]), key=lambda p: p.start)
    if after and _THEN_IN.fullmatch(text, chain[-1][1], after[0].start):
        listed = after[:1]
        for p in after[1:]:
            if len(listed) == len(chain) or not _JOINED.fullmatch(text, listed[-1].end, p.start):
                break
            listed.append(p)
    else:
        # "Exports in the first half of 2024 and 2023 stood at $5 bn and $4.5 bn": as many
        # periods joined as a list right before the figures' verb
        before = sorted(
            (p for p in periods if part[0] <= p.start and p.end <= chain[0][0]),
            key=lambda p: p.start,
        )
        if not before or not _THEN_FIGURES.fullmatch(text, before[-1].end, chain[0][0]):
            return None
        listed = _joined_back(text, before, len(chain))
    if len(listed) != len(chain) or any(p.kind != "period" or p.period_end is None for p in listed):
        return None
    p = listed[chain.index(mention)]
    return p.period_start, p.period_end


def listed_measure(
    text: str,
    keywords: dict[str, re.Pattern[str]],
    mention: tuple[int, int],
    part: tuple[int, int],
    others: tuple[tuple[int, int], ...],
) -> str | None:
    """ "Exports and imports were $10 bn and $9 bn, respectively": figures before
    "respectively" take the flows named in a list before them, in order (as many of each, each
    named once, else none)."""
    found = _RESPECTIVELY.search(text, mention[1], part[1])
    figures = [o for o in others if part[0] <= o[0] and o[1] <= (found.start() if found else 0)]
    if found is None or mention not in figures or len(figures) < 2:
        return None
    named = sorted(
        (m.start(), m.end(), measure)
        for measure, pattern in keywords.items()
        for m in pattern.finditer(text, part[0], figures[0][0])
    )
    listed = named[-1:]
    for start, end, measure in reversed(named[:-1]):
        if len(listed) == len(figures) or not _JOINED.fullmatch(text, end, listed[0][0]):
            break
        listed.insert(0, (start, end, measure))
    if len(listed) != len(figures) or len({m for _, _, m in listed}) != len(listed):
        return None
    return listed[figures.index(mention)][2]

"""Code tables as the rest of the product sees them: countries, regions and HS products, with the
closest valid codes for a misspelt one, and the country table a file's codes are read with.

Country codes come in schemes (``country_codes.scheme``): ``iso3`` (ISO 3166 alpha-3), ``un``
(UN Comtrade's numeric codes, which also accepts the codes BACI used before and after its 2023
re-coding) and one table per CEPII BACI release (``baci:V202201``, ``baci:V202301``). A BACI file is
read with the table of its own release: the one CEPII ships beside it (``country_codes_V202401.csv``
in the same folder), else the shipped table of the nearest earlier release.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

import duckdb

from corridor.csv_text import dict_rows
from corridor.errors import InputError, option
from corridor.ledger._checks import Codes
from corridor.ledger._plan import ReadPlan

#: Groups of countries that trade databases use as partners (WITS, UN Comtrade); not countries.
COUNTRY_GROUPS: dict[str, str] = {
    "ALL": "all countries",
    "ASEAN": "ASEAN",
    "EUN": "the European Union",
    "EU": "the European Union",
    "EU27": "the European Union",
    "EU28": "the European Union",
    "OED": "OECD members",
    "ARB": "the Arab World",
    "EAS": "East Asia & Pacific",
    "ECS": "Europe & Central Asia",
    "LCN": "Latin America & Caribbean",
    "MEA": "Middle East & North Africa",
    "NAC": "North America",
    "SAS": "South Asia",
    "SSF": "Sub-Saharan Africa",
    "HIC": "high-income countries",
    "LIC": "low-income countries",
    "LMC": "lower-middle-income countries",
    "UMC": "upper-middle-income countries",
    "MIC": "middle-income countries",
    "EAEU": "the Eurasian Economic Union",
    "CIS": "the Commonwealth of Independent States",
}


@dataclass(frozen=True)
class Country:
    iso3: str
    iso2: str | None
    name: str
    name_full: str
    kind: str


def _countries(con: duckdb.DuckDBPyConnection) -> dict[str, Country]:
    rows = con.execute("SELECT iso3, iso2, name, name_full, kind FROM countries").fetchall()
    return {r[0]: Country(*r) for r in rows}


def suggest_countries(con: duckdb.DuckDBPyConnection, text: str, limit: int = 3) -> list[str]:
    """The valid ISO3 codes closest to ``text`` (an ISO2 code, a name, a near miss), best first."""
    countries = _countries(con)
    t = text.strip()
    u = t.upper()
    out: list[str] = []

    def add(code: str) -> None:
        if code not in out:
            out.append(code)

    for c in countries.values():
        if c.iso2 and c.iso2.upper() == u:
            add(c.iso3)
    lower = t.lower()
    for c in countries.values():
        if lower in (c.name.lower(), c.name_full.lower()):
            add(c.iso3)
    if len(lower) >= 4:
        for c in countries.values():
            if c.name.lower().startswith(lower) or c.name_full.lower().startswith(lower):
                add(c.iso3)
    by_name = {c.name.lower(): c.iso3 for c in countries.values()}
    for name in difflib.get_close_matches(lower, list(by_name), n=limit, cutoff=0.8):
        add(by_name[name])
    if len(u) == 3:
        for code in difflib.get_close_matches(u, [c for c in countries if c.isalpha()], n=limit):
            if sum(a != b for a, b in zip(code, u, strict=True)) <= 1:
                add(code)
    return out[:limit]


def unknown_country_message(con: duckdb.DuckDBPyConnection, text: str, what: str) -> str:
    """One sentence for a code that is not a country: a group, a near miss, or nothing close."""
    u = text.strip().upper()
    if u in COUNTRY_GROUPS:
        return (
            f"{text!r} is a group of countries ({COUNTRY_GROUPS[u]}), not a country: use the "
            "member countries' codes, or WLD for the world"
        )
    ideas = suggest_countries(con, text)
    countries = _countries(con)
    hint = (
        " — did you mean " + " or ".join(f"{c} ({countries[c].name})" for c in ideas) + "?"
        if ideas
        else ""
    )
    return f"unknown country code {text!r} ({what}){hint}"


def describe_unknown_country(
    con: duckdb.DuckDBPyConnection, value: str | None, codes: Codes
) -> str:
    """The reason a load gives for a row whose country code is not in its table."""
    if value is None:
        return f"missing country code ({codes.what})"
    if codes.numeric:
        return f"unknown country code {value!r} (not in {codes.what})"
    return unknown_country_message(con, value, codes.what)


# --- the table a file is read with ----------------------------------------------------------


def _release_key(release: str) -> tuple[int, str]:
    digits = "".join(ch for ch in release if ch.isdigit())
    return (int(digits) if digits else 0, release)


def read_release_table(
    path: Path, con: duckdb.DuckDBPyConnection, fallback: dict[str, str]
) -> dict[str, str]:
    """code → ISO3 from a BACI ``country_codes_V*.csv`` (either of CEPII's two layouts).

    A code whose ISO3 column is not an ISO3 code the ledger knows (BACI writes ``S19`` or nothing
    for "Other Asia, nes") keeps the mapping of the shipped table, if it has one.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeError) as exc:
        raise InputError(f"cannot read the BACI country table: {exc}", file=str(path)) from exc
    _, rows = dict_rows(text, str(path))
    if not rows:
        raise InputError("the BACI country table is empty", file=str(path))
    iso_col = next((c for c in ("country_iso3", "iso_3digit_alpha") if c in rows[0]), None)
    if "country_code" not in rows[0] or iso_col is None:
        raise InputError(
            "not a BACI country table: expected columns country_code and country_iso3 "
            "(or iso_3digit_alpha)",
            file=str(path),
        )
    known = set(_countries(con))
    out: dict[str, str] = {}
    for i, r in enumerate(rows, start=2):
        code = (r.get("country_code") or "").strip()
        if not code.isdigit():
            raise InputError(f"line {i}: country_code {code!r} is not a number", file=str(path))
        iso3 = (r.get(iso_col) or "").strip().upper()
        if iso3 in known:
            out[str(int(code))] = iso3
        elif str(int(code)) in fallback:
            out[str(int(code))] = fallback[str(int(code))]
    return out


def _scheme(con: duckdb.DuckDBPyConnection, scheme: str) -> dict[str, str]:
    rows = con.execute("SELECT code, iso3 FROM country_codes WHERE scheme = ?", [scheme]).fetchall()
    return {str(c): str(i) for c, i in rows}


def country_codes(con: duckdb.DuckDBPyConnection, plan: ReadPlan, path: Path) -> Codes:
    """The code table a file's countries are read with (see the module docstring)."""
    scheme = plan.countries
    if scheme == "iso3":
        return Codes("iso3", "ISO 3166 alpha-3 expected", _scheme(con, "iso3"))
    if not scheme.startswith("baci:"):
        mapping = _scheme(con, scheme)
        if not mapping:
            raise InputError(f"no country code table {scheme!r} in the ledger")
        what = "UN Comtrade's numeric country codes" if scheme == "un" else f"table {scheme}"
        return Codes(scheme, what, mapping)
    release = scheme.removeprefix("baci:")
    shipped = sorted(
        (
            s.removeprefix("baci:")
            for (s,) in con.execute(
                "SELECT DISTINCT scheme FROM country_codes WHERE scheme LIKE 'baci:%'"
            ).fetchall()
        ),
        key=_release_key,
    )
    if not shipped:
        raise InputError("the ledger holds no BACI country table")
    earlier = [r for r in shipped if _release_key(r) <= _release_key(release)]
    nearest = earlier[-1] if earlier else shipped[0]
    fallback = _scheme(con, f"baci:{nearest}")
    if plan.country_table is not None:
        mapping = read_release_table(plan.country_table, con, fallback)
        return Codes(
            f"baci:{release} ({plan.country_table.name})",
            f"BACI's country table {plan.country_table.name}",
            mapping,
        )
    if nearest == release:
        return Codes(scheme, f"BACI's country table of release {release}", fallback)
    return Codes(
        f"baci:{nearest}",
        f"BACI's country table of release {nearest}, the nearest shipped to {release}; put "
        f"CEPII's country_codes_{release}.csv beside the file or pass {option('country_codes')}",
        fallback,
    )


# --- the code tables as the rest of the product sees them ----------------------------------


class CodeTables:
    """Countries, regions and HS products (``Ledger.codes``), with the closest valid codes."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con

    def country(self, text: str) -> str:
        """The ISO3 code ``text`` stands for; an unknown code is an InputError naming the
        closest valid ones (``KZ`` → KAZ, ``Kazakhstan`` → KAZ)."""
        code = text.strip().upper()
        if code in _countries(self._con):
            return code
        raise InputError(unknown_country_message(self._con, text, "ISO 3166 alpha-3 expected"))

    def region(self, text: str) -> str:
        """The ISO 3166-2 code ``text`` stands for (``CN-XJ``), or an InputError with ideas."""
        code = text.strip().upper()
        regions = dict(self._con.execute("SELECT code, name FROM regions").fetchall())
        if code in regions:
            return code
        ideas = [c for c in regions if c.endswith("-" + code)]
        lower = text.strip().lower()
        ideas += [c for c, n in regions.items() if n.lower().startswith(lower) and c not in ideas]
        ideas += [c for c in difflib.get_close_matches(code, list(regions), n=3) if c not in ideas]
        hint = (
            " — did you mean " + " or ".join(f"{c} ({regions[c]})" for c in ideas[:3]) + "?"
            if ideas
            else ""
        )
        raise InputError(f"unknown region code {text!r} (ISO 3166-2 expected, e.g. CN-XJ){hint}")

    def names(self) -> dict[str, str]:
        """ISO3 → short name."""
        return {c.iso3: c.name for c in _countries(self._con).values()}

    def region_countries(self) -> dict[str, str]:
        """ISO 3166-2 region → its country's ISO3."""
        rows = self._con.execute("SELECT code, country FROM regions").fetchall()
        return {str(c): str(k) for c, k in rows}

    def places(self) -> set[str]:
        """Every country and region code the ledger knows."""
        return set(_countries(self._con)) | set(self.region_countries())

    def describe(self, codes: list[str], hs_rev: str) -> dict[str, str]:
        """HS code → description in ``hs_rev`` (else the HS 2022 label, marked as such)."""
        rows = self._con.execute(
            """SELECT c.code,
                      coalesce(p.description, p22.description || ' (HS 2022 label)',
                               'no description')
               FROM unnest($codes) c(code)
               LEFT JOIN products p ON p.hs_rev = $rev AND p.hs_code = c.code
               LEFT JOIN products p22 ON p22.hs_rev = 'HS2022' AND p22.hs_code = c.code""",
            {"codes": codes, "rev": hs_rev},
        ).fetchall()
        return {str(r[0]): str(r[1]) for r in rows}

    def hs_code(self, code: str, hs_rev: str) -> str:
        """``code`` if the revision ``hs_rev`` has it, where the ledger holds that revision's
        codes at the code's level; else an InputError naming the closest codes held."""
        held = self._con.execute(
            "SELECT count(*), count(*) FILTER (WHERE hs_code = ?) FROM products "
            "WHERE hs_rev = ? AND level = ?",
            [code, hs_rev, len(code)],
        ).fetchone()
        if not held or not held[0] or held[1]:
            return code  # the revision is not held at this level, or the code is there
        near = [
            str(c)
            for (c,) in self._con.execute(
                "SELECT hs_code FROM products WHERE hs_rev = ? AND level = ? AND hs_code LIKE ? "
                "ORDER BY hs_code LIMIT 5",
                [hs_rev, len(code), code[: max(2, len(code) - 2)] + "%"],
            ).fetchall()
        ]
        hint = f" — codes nearby: {', '.join(near)}" if near else ""
        raise InputError(f"{code} is not an {hs_rev} code{hint}")

    def hs_prefix(self, text: str) -> str:
        """An HS code prefix as typed (``87``, ``8703``, ``870323``), checked against HS 2022.

        A code with an odd number of digits has lost its leading zero; an unknown code gets the
        closest headings.
        """
        code = text.strip()
        if not code.isdigit() or len(code) not in (2, 4, 6):
            hint = (
                f" (it looks like it lost its leading zero: 0{code})"
                if code.isdigit() and len(code) in (1, 3, 5)
                else ""
            )
            raise InputError(f"HS code {text!r} must have 2, 4 or 6 digits{hint}")
        known = self._con.execute(
            "SELECT count(*) FROM products WHERE hs_code = ?", [code]
        ).fetchone()
        if known and known[0]:
            return code
        near = [
            str(c)
            for (c,) in self._con.execute(
                "SELECT hs_code FROM products WHERE hs_rev = 'HS2022' AND length(hs_code) = ? "
                "AND hs_code LIKE ? ORDER BY hs_code LIMIT 5",
                [len(code), code[: max(2, len(code) - 2)] + "%"],
            ).fetchall()
        ]
        hint = f" — codes nearby: {', '.join(near)}" if near else ""
        raise InputError(f"unknown HS code {text!r} (not in any HS revision held){hint}")

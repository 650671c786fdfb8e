"""National code lists as RDF: the statistical division codes and GB/T 4754-2017.

Two named graphs, both built from the files in ``data/reference/`` (see its README for provenance):

* ``ekgg:codelist/divisions`` -- the 2023 统计用区划代码 (GB/T 2260 scheme) of the divisions the graph
  names and their ancestors, as ``skos:Concept`` s in ``eco:DivisionScheme`` (province -> city ->
  county-level), and for each ecokg area its ``eco:divisionCode``, ``eco:division`` and, when the
  parent division is an ecokg entity too, ``eco:withinDivision`` (``area-divisions.yaml``);
* ``ekgg:codelist/gbt4754`` -- 国民经济行业分类 GB/T 4754-2017 as a SKOS scheme of its own
  (门类 -> 大类 -> 中类 -> 小类, with the 包括 / 不包括 notes and the 战略性新兴产业 categories of the
  小类), and the SKOS mappings of every ecokg sector to it (``sector-gbt4754.yaml``).

Everything is a pure function of the files: no order depends on hashing.

>>> from ecokg.project import Project; PROJECT_ROOT = Project.find().root
>>> lists = load_codelists(PROJECT_ROOT)
>>> lists.industry["3670"].name, lists.industry["3670"].parent
('汽车零部件及配件制造', '367')
>>> lists.divisions["330203"].name, lists.divisions["330203"].parent
('海曙区', '3302')
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import RDF, SKOS, Literal, Namespace

from ecokg.inputs.errors import InputError, InputErrors
from ecokg.inputs.yamlio import load as load_yaml
from ecokg.namespaces import BASE, ECO, GRAPH, ID

DIVISION = Namespace(BASE + "code/division/")
GBT4754 = Namespace(BASE + "code/gbt4754/")
DIVISIONS_GRAPH = GRAPH["codelist/divisions"]
INDUSTRY_GRAPH = GRAPH["codelist/gbt4754"]
MATCHES = ("exactMatch", "broadMatch", "narrowMatch", "relatedMatch")
LEVELS = {1: "门类", 2: "大类", 3: "中类", 4: "小类"}
DIVISION_LEVELS = {2: "province", 4: "prefecture", 6: "county"}
TAGS = {"strategic", "digital", "highTech_mfg", "highTech_svc"}


@dataclass(frozen=True)
class Division:
    code: str  # 2, 4 or 6 digits as in the list
    name: str
    parent: str | None

    @property
    def code6(self) -> str:
        """The common 6-digit form (宁波市 3302 -> 330200)."""
        return self.code.ljust(6, "0")


@dataclass(frozen=True)
class Industry:
    code: str
    name: str
    level: int
    parent: str | None
    description: str
    tags: dict = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Codelists:
    divisions: dict[str, Division]
    industry: dict[str, Industry]
    areas: dict[str, str]  # ecokg area id -> division code
    sectors: dict[str, dict]  # ecokg sector id -> mapping spec


def _read_yaml(path: Path) -> dict:
    return load_yaml(path, f"data/reference/{path.name}")  # strict: plain strings, file:line errors


@lru_cache(maxsize=2)
def load_codelists(root: Path) -> Codelists:
    ref = root / "data" / "reference"
    divisions: dict[str, Division] = {}
    with (ref / "divisions-provinces.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            divisions[row["code"]] = Division(row["code"], row["name"], None)
    with (ref / "divisions-cities-zhejiang.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            divisions[row["code"]] = Division(row["code"], row["name"], row["provinceCode"])
    with (ref / "divisions-areas-zhejiang.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            divisions[row["code"]] = Division(row["code"], row["name"], row["cityCode"])
    industry: dict[str, Industry] = {}

    def walk(node: dict, parent: str | None) -> None:
        for ch in node.get("children", []):
            industry[ch["code"]] = Industry(
                ch["code"], ch["name"], int(ch["level"]), parent, ch.get("description", ""),
                {t: ch.get("tagDetail", {}).get(t, {}) for t in ch.get("tags") or [] if t in TAGS},
            )  # fmt: skip
            walk(ch, ch["code"])

    walk(json.loads((ref / "gbt4754-2017.json").read_text(encoding="utf-8")), None)
    areas = _read_yaml(ref / "area-divisions.yaml").get("areas", {})
    sectors = _read_yaml(ref / "sector-gbt4754.yaml").get("sectors", {})
    return Codelists(divisions, industry, dict(areas), dict(sectors))


def _categories(detail: dict) -> list[str]:
    cats = detail.get("categories") or [{"path": detail.get("category", "")}]
    return [c["path"].replace("\xa0", "").strip() for c in cats if c.get("path")]


def _ancestors(lists: Codelists, code: str) -> list[str]:
    out = []
    while code:
        out.append(code)
        code = lists.industry[code].parent or ""
    return out


_MAPPINGS: dict[int, list] = {}


def sector_mappings(lists: Codelists) -> list[tuple[str, str, str, str | None]]:
    """``(sector id, SKOS match, GB/T code, note)`` for every mapping, sorted.

    >>> from ecokg.project import Project; PROJECT_ROOT = Project.find().root
    >>> maps = sector_mappings(load_codelists(PROJECT_ROOT))
    >>> ("sector_auto_parts", "exactMatch", "367", None) in maps
    True
    >>> sorted({m for s, m, c, n in maps if s == "sector_strategic_emerging"})
    ['narrowMatch', 'relatedMatch']
    """
    if id(lists) in _MAPPINGS:  # the lists are loaded once (lru_cache) and never changed
        return _MAPPINGS[id(lists)]
    out: set[tuple[str, str, str, str | None]] = set()
    for sid, spec in lists.sectors.items():
        note = spec.get("note")
        for match in MATCHES:
            for code in spec.get(match, []):
                out.add((sid, match, code, note))
        tag = spec.get("tag")
        if tag:
            prefixes = tag.get("category") or [""]
            within = spec.get("within")
            for code, ind in lists.industry.items():
                detail = ind.tags.get(tag["name"])
                if detail is None or (within and within not in _ancestors(lists, code)):
                    continue
                if not any(c.startswith(p) for c in _categories(detail) for p in prefixes):
                    continue
                partial = bool(detail.get("has_star"))
                out.add((sid, "relatedMatch" if partial else "narrowMatch", code, note))
    _MAPPINGS[id(lists)] = sorted(out, key=lambda t: (t[0], t[1], t[2]))
    return _MAPPINGS[id(lists)]


def check_codelists(lists: Codelists, entities: dict) -> list[str]:
    """Problems with the mapping files: unknown ids or codes, sectors without a mapping, names that
    differ from the code list (an area's label must be the division's name)."""
    errors = []
    for eid, code in sorted(lists.areas.items()):
        ent = entities.get(eid)
        div = lists.divisions.get(code)
        if ent is None:
            errors.append(f"area-divisions.yaml: {eid!r} is not an entity")
        elif div is None:
            errors.append(f"area-divisions.yaml: {eid}: no division {code!r} in the code list")
        elif not div.name.startswith(ent.label):
            errors.append(f"area-divisions.yaml: {eid} is {ent.label!r} but {code} is {div.name!r}")
    for sid, spec in sorted(lists.sectors.items()):
        if sid not in entities or entities[sid].type != "IndustrySector":
            errors.append(f"sector-gbt4754.yaml: {sid!r} is not an IndustrySector")
        unknown = set(spec) - {*MATCHES, "tag", "note", "within"}
        if unknown:
            errors.append(f"sector-gbt4754.yaml: {sid}: unknown keys {sorted(unknown)}")
        for match in MATCHES:
            for code in spec.get(match, []):
                if code not in lists.industry:
                    errors.append(f"sector-gbt4754.yaml: {sid}: no GB/T 4754 code {code!r}")
    mapped = {s for s, *_ in sector_mappings(lists)}
    for eid, ent in sorted(entities.items()):
        if ent.type == "IndustrySector" and eid not in mapped:
            errors.append(f"sector-gbt4754.yaml: sector {eid} has no GB/T 4754 mapping")
    return errors


def division_triples(lists: Codelists) -> list[tuple]:
    """The division concepts the graph uses (with their ancestors) and each area's code and place."""
    used: set[str] = set()
    for code in lists.areas.values():
        while code:
            used.add(code)
            code = lists.divisions[code].parent or ""
    by_code = {code: eid for eid, code in lists.areas.items()}
    scheme = ECO.DivisionScheme
    out: list[tuple] = []
    for code in sorted(used):
        div = lists.divisions[code]
        node = DIVISION[div.code6]
        out += [
            (node, RDF.type, SKOS.Concept),
            (node, SKOS.inScheme, scheme),
            (node, SKOS.notation, Literal(div.code6)),
            (node, SKOS.prefLabel, Literal(div.name, lang="zh")),
            (node, ECO.divisionLevel, Literal(DIVISION_LEVELS[len(div.code)])),
        ]
        if div.parent:
            out.append((node, SKOS.broader, DIVISION[lists.divisions[div.parent].code6]))
        else:
            out.append((node, SKOS.topConceptOf, scheme))
        if code in by_code:
            area = ID[by_code[code]]
            out += [(area, ECO.divisionCode, Literal(div.code6)), (area, ECO.division, node)]
            if div.parent in by_code:
                out.append((area, ECO.withinDivision, ID[by_code[div.parent]]))
    return out


def _notes(description: str) -> tuple[str, str]:
    r"""The 包括 part and the 不包括 part of a GB/T 4754 description, on one line each (the list items,
    one per line in the source, are kept in order, separated by a space: TriG indents every line).

    >>> _notes("◇ 包括：\n— 甲\n— 乙\n◆ 不包括：\n— 丙，列入1234")
    ('包括： — 甲 — 乙', '不包括： — 丙，列入1234')
    """
    text = " ".join(line.strip() for line in description.strip().splitlines() if line.strip())
    if "◆" in text:
        inc, exc = text.split("◆", 1)
        return inc.strip().lstrip("◇").strip(), exc.strip()
    return text.lstrip("◇").strip(), ""


def industry_codes_used(lists: Codelists) -> set[str]:
    """The GB/T 4754 classes the graph loads: every 门类 and 大类, and each mapped class with its
    ancestors (the full 1,972-class scheme would add more than a second to the build).

    >>> from ecokg.project import Project; PROJECT_ROOT = Project.find().root
    >>> used = industry_codes_used(load_codelists(PROJECT_ROOT))
    >>> {"C", "36", "367", "3670"} <= used, "1311" in used
    (True, False)
    """
    used = {code for code, ind in lists.industry.items() if ind.level <= 2}
    for _sid, _match, code, _note in sector_mappings(lists):
        used.update(_ancestors(lists, code))
    return used


def industry_triples(lists: Codelists) -> list[tuple]:
    """GB/T 4754-2017 as a SKOS scheme, and every ecokg sector's mappings to it.

    >>> from ecokg.project import Project; PROJECT_ROOT = Project.find().root
    >>> ts = industry_triples(load_codelists(PROJECT_ROOT))
    >>> (GBT4754["367"], SKOS.broader, GBT4754["36"]) in ts
    True
    """
    scheme = ECO.IndustryClassificationScheme
    out: list[tuple] = []
    strategic: dict[str, set[str]] = {}  # code -> the 战略性新兴产业 (top categories) of its 小类 and itself
    for code, ind in lists.industry.items():
        if "strategic" in ind.tags:
            tops = {p.split(" > ")[0] for p in _categories(ind.tags["strategic"])}
            for anc in _ancestors(lists, code):
                strategic.setdefault(anc, set()).update(tops)
    for code in sorted(industry_codes_used(lists)):
        ind = lists.industry[code]
        node = GBT4754[code]
        out += [
            (node, RDF.type, SKOS.Concept),
            (node, SKOS.inScheme, scheme),
            (node, SKOS.notation, Literal(code)),
            (node, SKOS.prefLabel, Literal(ind.name, lang="zh")),
            (node, ECO.classificationLevel, Literal(LEVELS[ind.level], lang="zh")),
        ]
        out.append((node, SKOS.broader, GBT4754[ind.parent]) if ind.parent else (node, SKOS.topConceptOf, scheme))
        inc, exc = _notes(ind.description)
        if inc:
            out.append((node, SKOS.scopeNote, Literal(inc, lang="zh")))
        if exc:
            out.append((node, ECO.exclusionNote, Literal(exc, lang="zh")))
        if "strategic" in ind.tags:
            for path in _categories(ind.tags["strategic"]):
                out.append((node, ECO.strategicEmergingCategory, Literal(path, lang="zh")))
            out.append((node, ECO.strategicEmergingPartial, Literal(bool(ind.tags["strategic"].get("has_star")))))
        for top in sorted(strategic.get(code, ())):
            out.append((node, ECO.strategicEmergingIndustry, Literal(top, lang="zh")))
    for sid, match, code, note in sector_mappings(lists):
        out.append((ID[sid], SKOS[match], GBT4754[code]))
        if note:
            out.append((ID[sid], ECO.mappingNote, Literal(note)))
    return out


def add_codelists(ds, root: Path, entities: dict) -> None:
    """Add both code-list graphs to the dataset; raise :class:`InputErrors` on a bad mapping file.

    A workspace without ``data/reference/`` (a new one, before its curator copies the code lists
    and maps its areas and sectors) gets no code-list graphs.
    """
    if not (root / "data" / "reference").is_dir():
        return
    lists = load_codelists(root)
    errors = check_codelists(lists, entities)
    if errors:
        raise InputErrors([InputError("data/reference", 0, e) for e in errors])
    for ident, triples in ((DIVISIONS_GRAPH, division_triples(lists)), (INDUSTRY_GRAPH, industry_triples(lists))):
        g = ds.graph(ident)
        ds.addN((s, p, o, g) for s, p, o in triples)

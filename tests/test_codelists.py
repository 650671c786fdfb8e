"""National code lists: every administrative area has its 2023 division code and its place in the
hierarchy; GB/T 4754-2017 is a SKOS scheme of its own; every ecokg sector is mapped to it."""

from __future__ import annotations

import pytest
from conftest import CHECKOUT
from rdflib import RDF, SKOS, Dataset, Literal

from ecokg.dataset.codelists import DIVISION, GBT4754, INDUSTRY_GRAPH, MATCHES, check_codelists, load_codelists
from ecokg.dataset.pipeline import build, load_inputs
from ecokg.namespaces import ECO, ID

ADMIN = {"Country", "Province", "City", "District", "CountyLevelCity", "Town"}
FUNCTIONAL = {"NewArea", "Zone"}


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    ds = build(CHECKOUT.root, shacl=False).dataset
    ds.default_union = True  # `in`, value() and objects() look at every named graph
    return ds


@pytest.fixture(scope="module")
def facts():
    return load_inputs(CHECKOUT.root)


def test_mapping_files_are_consistent(facts) -> None:
    assert check_codelists(load_codelists(CHECKOUT.root), facts.entities) == []


def test_every_administrative_area_has_its_code(dataset: Dataset, facts) -> None:
    lists = load_codelists(CHECKOUT.root)
    areas = [e for e in facts.entities.values() if e.type in ADMIN]
    assert areas
    for ent in areas:
        codes = {str(o) for o in dataset.objects(ID[ent.id], ECO.divisionCode)}
        assert len(codes) == 1, ent.id
        (code,) = codes
        assert len(code) == 6 and code.isdigit()
        div = lists.divisions[lists.areas[ent.id]]
        assert div.code6 == code and div.name.startswith(ent.label), (ent.id, div)
        node = DIVISION[code]
        assert (ID[ent.id], ECO.division, node) in dataset
        assert (node, SKOS.prefLabel, Literal(div.name, lang="zh")) in dataset


def test_the_hierarchy_province_city_district(dataset: Dataset) -> None:
    """330203 海曙区 -> 3302 宁波市 -> 33 浙江省, both as SKOS concepts and between the ecokg areas."""
    assert (DIVISION["330203"], SKOS.broader, DIVISION["330200"]) in dataset
    assert (DIVISION["330200"], SKOS.broader, DIVISION["330000"]) in dataset
    assert (DIVISION["330000"], SKOS.topConceptOf, ECO.DivisionScheme) in dataset
    for district in ("haishu", "zhenhai", "yuyao"):
        assert (ID[district], ECO.withinDivision, ID["ningbo"]) in dataset
    assert (ID["ningbo"], ECO.withinDivision, ID["zhejiang"]) in dataset
    assert str(dataset.value(ID["yuyao"], ECO.divisionCode)) == "330281"  # a county-level city


def test_functional_areas_stay_functional(dataset: Dataset, facts) -> None:
    """宁波前湾新区 and the 临空经济示范区 are no divisions: no code; they are placed by stated relations."""
    functional = [e.id for e in facts.entities.values() if e.type in FUNCTIONAL]
    assert "qianwan_new_area" in functional and "lingkong_zone" in functional
    for eid in functional:
        assert dataset.value(ID[eid], ECO.divisionCode) is None, eid


def test_gbt4754_is_a_skos_scheme_of_its_own(dataset: Dataset) -> None:
    g = dataset.graph(INDUSTRY_GRAPH)
    tops = set(g.subjects(SKOS.topConceptOf, ECO.IndustryClassificationScheme))
    assert len(tops) == 20  # every 门类
    assert (GBT4754["3670"], SKOS.broader, GBT4754["367"]) in g
    assert (GBT4754["367"], SKOS.broader, GBT4754["36"]) in g
    assert (GBT4754["36"], SKOS.broader, GBT4754["C"]) in g
    assert (GBT4754["C"], ECO.classificationLevel, Literal("门类", lang="zh")) in g
    assert "包括" in str(g.value(GBT4754["C"], SKOS.scopeNote))
    assert "3872" in str(g.value(GBT4754["3670"], ECO.exclusionNote))  # 不包括: 机动车辆照明器具 … 列入3872
    for concept in g.subjects(RDF.type, SKOS.Concept):
        assert g.value(concept, SKOS.notation) is not None and g.value(concept, SKOS.prefLabel) is not None
        parent = g.value(concept, SKOS.broader)
        assert parent is None or (parent, RDF.type, SKOS.Concept) in g, concept


def test_every_sector_has_a_gbt4754_mapping(dataset: Dataset, facts) -> None:
    g = dataset.graph(INDUSTRY_GRAPH)
    sectors = [e.id for e in facts.entities.values() if e.type == "IndustrySector"]
    for sid in sectors:
        targets = [o for m in MATCHES for o in g.objects(ID[sid], SKOS[m])]
        assert targets, f"{sid} has no GB/T 4754 mapping"
        for t in targets:
            assert (t, SKOS.inScheme, ECO.IndustryClassificationScheme) in g, (sid, t)


@pytest.mark.parametrize(
    "sector,match,code",
    [
        ("sector_auto_parts", "exactMatch", "367"),  # 汽车零部件及配件制造
        ("sector_manufacturing", "exactMatch", "C"),
        ("sector_textile_apparel", "narrowMatch", "18"),  # 纺织服装、服饰业 is part of 纺织服装
        ("sector_magnetic_materials", "broadMatch", "3985"),  # 电子专用材料制造 includes 磁性材料
        ("sector_new_energy_vehicles", "exactMatch", "3612"),
        ("sector_strategic_emerging", "narrowMatch", "2710"),  # a whole 小类 of 战略性新兴产业分类
        ("sector_strategic_emerging", "relatedMatch", "6511"),  # marked *: only part of the 小类
    ],
)
def test_mapping_choices(dataset: Dataset, sector: str, match: str, code: str) -> None:
    assert (ID[sector], SKOS[match], GBT4754[code]) in dataset


def test_judgement_mappings_carry_a_note(dataset: Dataset) -> None:
    for sid in ("sector_5g_plus", "sector_industrial_internet", "sector_services"):
        assert dataset.value(ID[sid], ECO.mappingNote) is not None, sid


def test_strategic_emerging_tags(dataset: Dataset) -> None:
    assert "新一代信息技术产业" in {str(o) for o in dataset.objects(GBT4754["6511"], ECO.strategicEmergingIndustry)}
    assert "新能源汽车产业" in {str(o) for o in dataset.objects(GBT4754["36"], ECO.strategicEmergingIndustry)}


def test_the_new_area_is_placed_by_its_name(dataset: Dataset) -> None:
    """宁波前湾新区管委会主任…: the functional area lies in 宁波市 (stated), with no code of its own."""
    assert (ID["qianwan_new_area"], ECO.locatedIn, ID["ningbo"]) in dataset

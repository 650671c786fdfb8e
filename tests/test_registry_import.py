"""Bulk import of a company registry CSV through the declared mapping."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyshacl import validate
from rdflib import Dataset, Graph

from ecokg.cli.main import main
from ecokg.dataset.asserted import with_asserted
from ecokg.inputs.errors import InputErrors
from ecokg.inputs.ontology import ONTOLOGY_FILE, SHAPES_FILE
from ecokg.scale.registry_import import import_registry
from ecokg.scale.registry_mapping import Mapping, validate_file
from ecokg.scale.registry_rows import check_credit_code, credit_code_check_digit

FIXTURE = Path(__file__).parent / "fixtures" / "company-registry.csv"
ECO = "https://w3id.org/ecokg/ontology#"
ID = "https://w3id.org/ecokg/id/"
AS_OF = date(2024, 6, 30)


def _q(store: ox.Store, text: str) -> list:
    prefixes = f"PREFIX eco: <{ECO}> PREFIX ekg: <{ID}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    return list(store.query(prefixes + text))  # the default graph: every fact once


def test_fixture_imports_every_row() -> None:
    store = ox.Store()
    stats = import_registry(FIXTURE, store, as_of=AS_OF)
    assert stats.rows == 12 and stats.created["Company"] == 12
    assert len(store) == stats.quads
    rows = _q(store, "SELECT ?c ?d WHERE { ?c a eco:Company ; eco:foundedOn ?d }")
    assert len(rows) == 12
    # every company is located somewhere, in a sector, and derives from its CSV row (a sentence)
    located = _q(store, "SELECT DISTINCT ?c WHERE { ?c a eco:Company ; eco:locatedIn ?p ; eco:inSector ?s ; "
                        "<http://www.w3.org/ns/prov#wasDerivedFrom> ?row . ?row eco:lineNumber ?n }")  # fmt: skip
    assert len(located) == 12
    # one district entity per distinct name, shared by the rows
    districts = _q(store, "SELECT DISTINCT ?d WHERE { ?d a eco:District }")
    assert len(districts) == len({ln.split(",")[2] for ln in FIXTURE.read_text(encoding="utf-8").splitlines()[1:]})
    # the sentence text is the raw CSV line, with its line number
    line2 = FIXTURE.read_text(encoding="utf-8").splitlines()[1]
    sent = _q(store, "SELECT ?t ?n WHERE { ?s eco:text ?t ; eco:lineNumber ?n } ORDER BY ?n LIMIT 1")
    assert sent[0]["t"].value == line2 and sent[0]["n"].value == "2"


def test_import_is_shacl_valid_with_the_ontology() -> None:
    out = io.StringIO()
    import_registry(FIXTURE, None, as_of=AS_OF, nquads_out=out)
    ds = Dataset()
    ds.parse(data=out.getvalue(), format="nquads")
    g = Graph().parse(ONTOLOGY_FILE)
    for s, p, o, _c in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    conforms, _r, text = validate(g, shacl_graph=Graph().parse(SHAPES_FILE), inference="none", advanced=True)
    assert conforms, text[:2000]


def test_names_link_to_entities_already_in_the_store() -> None:
    store = ox.Store()
    haishu = ox.NamedNode(ID + "haishu")
    g = ox.NamedNode("https://w3id.org/ecokg/graph/source/x")
    district = ox.Triple(
        haishu, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(ECO + "District")
    )
    label = ox.Triple(
        haishu, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("海曙区", language="zh")
    )
    # as a build holds them: in an article's graph, and once in the default graph (the asserted graph)
    store.extend(with_asserted(ox.Quad(t.subject, t.predicate, t.object, g) for t in (district, label)))
    stats = import_registry(FIXTURE, store, as_of=AS_OF)
    assert stats.linked == {"District": 1}
    rows = _q(store, "SELECT ?c WHERE { ?c eco:locatedIn ekg:haishu ; a eco:Company }")
    assert len(rows) == 2  # the 海曙区 companies without a park
    assert not _q(store, "SELECT ?d WHERE { ?d a eco:District ; rdfs:label '海曙区'@zh FILTER(?d != ekg:haishu) }")


def test_credit_codes() -> None:
    good = "91330203MA2GQ1Y1" + "0"
    good += credit_code_check_digit(good)
    assert check_credit_code(good) is None
    assert "18" in check_credit_code(good[:-1])
    assert "check digit" in check_credit_code(good[:-1] + ("0" if good[-1] != "0" else "1"))
    assert "invalid character" in check_credit_code(good[:-1].replace("M", "I") + "0")


def test_every_bad_row_is_reported_with_file_and_line(tmp_path: Path) -> None:
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    header, rows = lines[0], lines[1:]
    bad = [
        rows[0],
        rows[1].replace(rows[1].split(",")[1], rows[1].split(",")[1][:17]),  # 17 characters
        rows[2].replace("2018-11-02", "2018/11/02"),  # not ISO
        "," + rows[3].split(",", 1)[1],  # name empty
        rows[4] + ",extra",  # too many fields
        rows[0].replace(rows[0].split(",")[0], "另一家公司"),  # duplicate credit code
    ]
    csv_path = tmp_path / "bad.csv"
    csv_path.write_text("\n".join([header, *bad]) + "\n", encoding="utf-8")
    n, errors = validate_file(csv_path, Mapping.load())
    by_line = {e.line: e.message for e in errors}
    assert sorted(by_line) == [3, 4, 5, 6, 7]
    assert "18" in by_line[3] and "ISO" in by_line[4] and "name is empty" in by_line[5]
    assert "fields" in by_line[6] and "repeats line 2" in by_line[7]
    assert all(e.file.endswith("bad.csv") for e in errors)
    store = ox.Store()
    with pytest.raises(InputErrors) as exc:
        import_registry(csv_path, store, as_of=AS_OF)
    assert len(store) == 0  # nothing imported
    assert "bad.csv:3:" in exc.value.report()


def test_missing_header_column(tmp_path: Path) -> None:
    p = tmp_path / "h.csv"
    p.write_text("name,district\nA,B\n", encoding="utf-8")
    _n, errors = validate_file(p, Mapping.load())
    assert errors and errors[0].line == 1 and "credit_code" in errors[0].message


def test_cli_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "reg.nq"
    assert main(["import-registry", str(FIXTURE), "--as-of", "2024-06-30", "-o", str(out), "--progress"]) == 0
    cap = capsys.readouterr()
    assert "imported 12 rows" in cap.out
    assert "rows/s" in cap.err  # the progress bar, forced on with --progress
    assert out.read_text(encoding="utf-8").count("\n") > 12 * 10
    assert main(["import-registry", str(FIXTURE), "--check"]) == 0
    bad = tmp_path / "bad.csv"
    bad.write_text(FIXTURE.read_text(encoding="utf-8").replace("2016-03-15", "2016-13-15"), encoding="utf-8")
    assert main(["import-registry", str(bad)]) == 1
    assert "bad.csv:2:" in capsys.readouterr().err


def test_on_disk_store(tmp_path: Path) -> None:
    assert main(["import-registry", str(FIXTURE), "--as-of", "2024-06-30", "--db", str(tmp_path / "db")]) == 0
    store = ox.Store(str(tmp_path / "db"))
    assert len(_q(store, "SELECT ?c WHERE { ?c a eco:Company }")) == 12

"""Derive graph/ecokg/ingest/data/divisions.txt from the national division tables.

    python scripts/make_divisions.py ../shared/reference

Keeps every province, city, county-level name, and the streets and towns of Zhejiang (code 33),
one "name<TAB>class" per line, sorted; the ingest gazetteer reads it (no download at run time).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "graph" / "ecokg" / "ingest" / "data" / "divisions.txt"


def _cls(name: str, level: str) -> str:
    if level == "province":
        return "Province"
    if level == "city":
        return "City"
    if level == "area":
        return "CountyLevelCity" if name.endswith("市") else "District"
    return "Town"


def main(ref: Path) -> None:
    rows: set[tuple[str, str]] = set()
    for level, file, prov_col in (
        ("province", "divisions-provinces.csv", None),
        ("city", "divisions-cities.csv", None),
        ("area", "divisions-areas.csv", None),
        ("street", "divisions-streets.csv", "provinceCode"),
    ):
        with open(ref / file, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                name = row["name"].strip()
                if prov_col and row[prov_col] != "33":
                    continue
                if len(name) < 2 or name in {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}:
                    continue
                rows.add((name, _cls(name, level)))
                if level in ("province", "city") and len(name) >= 3 and name[-1] in "省市":
                    rows.add((name[:-1], _cls(name, level)))  # 浙江省 -> 浙江, 宁波市 -> 宁波
    header = "# derived by scripts/make_divisions.py from the national division tables (name<TAB>class)\n"
    OUT.write_text(header + "".join(f"{n}\t{c}\n" for n, c in sorted(rows)), encoding="utf-8")
    print(f"{len(rows)} names -> {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/reference"))

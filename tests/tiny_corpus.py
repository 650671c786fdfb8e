"""A one-article corpus for new workspaces: a short news text in the corpus's style, its registry
entry, and its facts (two entities: the district the article is about and a company in it; one
relation, the company located in the district).

The hand-checked answers: ``orgs-in-area`` for ``ekg:jiangbei_demo`` returns one row, the
company ``宁波甬江示范智能装备有限公司`` (type 企业, place 江北区); ``stats`` counts 2 entities.
"""

from __future__ import annotations

from pathlib import Path

SOURCE_ID = "2024-06-jiangbei-demo"
COMPANY = "宁波甬江示范智能装备有限公司"

TEXT = """\
江北区：智能装备产业加速集聚

记者 张三

本报讯 今年以来，江北区持续推进智能制造。位于江北区的宁波甬江示范智能装备有限公司新建数字化车间，预计年内投产。
"""

REGISTRY_ENTRY = f"""\
sources:
  - id: {SOURCE_ID}
    file: {SOURCE_ID}.txt
    title: 江北区：智能装备产业加速集聚
    date: 2024-06
    date_inference: >-
      Written for this test; "今年以来" and "预计年内投产" place it in mid-2024.
    area: jiangbei_demo
    reporters: [张三]
    language: zh
"""

FACTS = f"""\
source: {SOURCE_ID}

entities:
  - id: jiangbei_demo
    type: District
    label: 江北区
    en: Jiangbei District
    quote: 今年以来，江北区持续推进智能制造
  - id: yongjiang_demo_equipment
    type: Company
    label: {COMPANY}
    quote: 位于江北区的{COMPANY}新建数字化车间

relations:
  - s: yongjiang_demo_equipment
    p: locatedIn
    o: jiangbei_demo
    quote: 位于江北区的{COMPANY}新建数字化车间
"""


def add_article(root: Path) -> None:
    """Add the article to the (freshly initialised) workspace at ``root``."""
    (root / "data" / "sources" / f"{SOURCE_ID}.txt").write_text(TEXT, encoding="utf-8")
    registry = root / "data" / "sources" / "sources.yaml"
    text = registry.read_text(encoding="utf-8")
    assert text.rstrip().endswith("sources: []"), "expected the registry ecokg init writes"
    registry.write_text(text.rstrip()[: -len("sources: []")] + REGISTRY_ENTRY, encoding="utf-8")
    (root / "data" / "facts" / f"{SOURCE_ID}.yaml").write_text(FACTS, encoding="utf-8")

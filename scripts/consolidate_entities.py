"""Move the canonical declaration (type, label, en, broader) of entities that several
articles mention into data/entities.yaml, leaving per-article mentions (alt names, quote,
note, dates) in the article files.

Run after parallel curation: `python scripts/consolidate_entities.py` (on the workspace found
from the current directory, as `ecokg` finds it; or `--project DIR`). Idempotent.
Line-based so that comments and layout of the article files survive.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

from ecokg.inputs.yamlio import YMap, load, loads
from ecokg.project import Project

CANON = ("type", "label", "en", "broader")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--project", type=Path, metavar="DIR", help="the workspace (default: found from here upwards)")
    project = Project.of(ap.parse_args(argv).project)
    reg_path = project.entities_file
    registry: dict[str, dict[str, str]] = {}
    if reg_path.is_file():
        for item in load(reg_path).get("entities", []):
            registry[item["id"]] = {k: item[k] for k in (*CANON, "note") if k in item}
    files = sorted(project.facts_dir.glob("*.yaml"))
    decls: dict[str, list[tuple[Path, YMap]]] = defaultdict(list)
    docs = {}
    for f in files:
        doc = load(f)
        docs[f] = doc
        for item in doc.get("entities") or []:
            decls[item["id"]].append((f, item))
    shared = {eid for eid, ds in decls.items() if len(ds) > 1 or eid in registry}
    problems = []
    for eid in sorted(shared):
        canon = dict(registry.get(eid, {}))
        for f, item in decls[eid]:
            for k in CANON:
                if k in item and k not in canon:
                    canon[k] = item[k]
                elif k == "type" and k in item and item[k] != canon[k]:
                    problems.append(f"{eid}: type {item[k]} in {f.name} vs {canon[k]}")
        registry[eid] = canon
    # rewrite article files
    for f in files:
        src_text = re.sub(r"\s+", "", (project.sources_dir / f"{f.stem}.txt").read_text(encoding="utf-8"))
        lines = f.read_text(encoding="utf-8").splitlines(keepends=True)
        delete: set[int] = set()
        replace: dict[int, str] = {}
        insert_after: dict[int, str] = {}
        for item in docs[f].get("entities") or []:
            eid = item["id"]
            if eid not in shared:
                continue
            for k in CANON:
                if k in item:
                    delete.add(item.line_of(k) - 1)
            label = item.get("label")
            canon_label = registry[eid]["label"]
            alts = list(item.get("alt") or [])
            if isinstance(alts, str):
                alts = [alts]
            if label and label != canon_label and label not in alts and re.sub(r"\s+", "", label) in src_text:
                alts.append(label)
                flow = "    alt: " + json.dumps(alts, ensure_ascii=False) + "\n"
                if "alt" in item:
                    ln = item.line_of("alt") - 1
                    if not lines[ln].strip().startswith("alt: ["):
                        problems.append(f"{f.name}:{ln + 1}: block-style alt list, fix by hand")
                        continue
                    replace[ln] = flow
                else:
                    insert_after[item.line_of("id") - 1] = flow
        out = []
        for i, line in enumerate(lines):
            if i in delete:
                continue
            out.append(replace.get(i, line))
            if i in insert_after:
                out.append(insert_after[i])
        f.write_text("".join(out), encoding="utf-8")
    # write the registry
    head = (
        "# The entity registry: the canonical type, Chinese label, English label and broader concept of\n"
        "# entities that several articles mention. Each article's own mentions (the names it uses, the\n"
        "# sentence, notes) stay in data/facts/<source-id>.yaml. See docs/fact-format.md.\n"
        "entities:\n"
    )
    body = []
    for eid in sorted(registry, key=lambda e: (registry[e]["type"], e)):
        c = registry[eid]
        body.append(f"  - id: {eid}\n")
        for k in (*CANON, "note"):
            if k in c:
                body.append(f"    {k}: {json.dumps(c[k], ensure_ascii=False)}\n")
    text = head + "".join(body)
    loads(text, "data/entities.yaml")  # must parse
    reg_path.write_text(text, encoding="utf-8")
    print(f"{len(registry)} shared entities in data/entities.yaml")
    for p in problems:
        print("PROBLEM:", p)
    return 0


if __name__ == "__main__":
    sys.exit(main())

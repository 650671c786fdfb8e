"""Creating a new, empty workspace for someone else's corpus (``ecokg init``).

The workspace gets its marker ``ecokg.toml``, an empty source registry with a commented
example, an empty entity registry, ``data/facts/``, a ``.gitignore`` and a README with the
next steps.  The ontology and the query library stay the package's unless copied in.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     ws = init_workspace(Path(tmp) / "my-corpus")
...     sorted(p.relative_to(ws.root).as_posix() for p in ws.root.rglob("*"))
['.gitignore', 'README.md', 'data', 'data/entities.yaml', 'data/facts', 'data/sources', 'data/sources/sources.yaml', 'ecokg.toml']
>>> ws.name
'my-corpus'
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from ecokg.project import MARKER, Project, ProjectError, package_path

_SOURCES_YAML = """\
# The source registry: one entry per article text in this directory (data/sources/).
# date: as precise as the text supports (YYYY, YYYY-MM or YYYY-MM-DD); date_inference says how.
# area: the id of the entity (a place in data/entities.yaml or a facts file) the article is about.
# An example entry (remove the leading "# " from each line, and the "[]" after "sources:"):
#
# sources:
#   - id: 2024-05-my-district-report
#     file: 2024-05-my-district-report.txt
#     title: 文章标题
#     date: 2024-05
#     date_inference: >-
#       "今年一季度" figures are reported and "4月" events are past, so the article appeared in May 2024.
#     area: my_district
#     reporters: [记者甲]
#     language: zh
sources: []
"""

_ENTITIES_YAML = """\
# The entity registry: the canonical type, Chinese label, English label and broader concept of
# entities that several articles mention; each article's own mentions stay in
# data/facts/<source-id>.yaml. An example entry:
#
# entities:
#   - id: my_district
#     type: District
#     label: 某某区
#     en: My District
entities: []
"""

_README = """\
# {name}

An [ecokg](https://w3id.org/ecokg) workspace: a knowledge graph built from news articles, each
fact pointing at its article and verbatim sentence.

Next steps:

1. Put an article's text in `data/sources/<id>.txt` and register it in `data/sources/sources.yaml`.
2. Write its facts in `data/facts/<id>.yaml` (entities, relations, posts, figures, each with the
   sentence it comes from as `quote:`).
3. `ecokg validate`, then `ecokg build` (writes `build/`), then `ecokg query`, `ecokg analyze`,
   `ecokg render`.

Any `ecokg` command run in this directory or below uses this workspace (it is found by
`ecokg.toml`); elsewhere, give `--project {root}` or set `ECOKG_PROJECT`.
{resources}"""


_FILES = ("data/sources/sources.yaml", "data/entities.yaml", ".gitignore", "README.md")


def init_workspace(
    directory: str | Path, name: str | None = None, copy_ontology: bool = False, copy_queries: bool = False
) -> Project:
    """Create a workspace in ``directory`` (created if missing) and return it.

    Raises :class:`~ecokg.project.ProjectError` when ``directory`` already holds a workspace
    or any of the files it would write; nothing is written then.
    """
    root = Path(directory).expanduser().resolve()
    if (root / MARKER).exists():
        raise ProjectError(f"{root} is already an ecokg workspace ({MARKER} exists); nothing was written")
    if root.exists() and not root.is_dir():
        raise ProjectError(f"{root} exists and is not a directory; nothing was written")
    ours = [*_FILES, *(["ontology"] if copy_ontology else []), *(["queries"] if copy_queries else [])]
    clash = [f for f in ours if (root / f).exists()]
    if clash:
        raise ProjectError(f"{root} already has {', '.join(clash)}; nothing was written")
    name = name or root.name
    for d in ("data/sources", "data/facts"):
        (root / d).mkdir(parents=True, exist_ok=True)
    (root / "data/sources/sources.yaml").write_text(_SOURCES_YAML, encoding="utf-8")
    (root / "data/entities.yaml").write_text(_ENTITIES_YAML, encoding="utf-8")
    (root / ".gitignore").write_text("build/\n", encoding="utf-8")
    notes = []
    if copy_ontology:
        (root / "ontology").mkdir()
        for f in ("ecokg.ttl", "shapes.ttl"):
            shutil.copyfile(package_path("ontology", f), root / "ontology" / f)
        notes.append("The ontology and its SHACL shapes are this workspace's own copies, in `ontology/`.")
    else:
        notes.append("The ontology and shapes are the package's (`ecokg init --copy-ontology` copies them in).")
    if copy_queries:
        shutil.copytree(package_path("queries"), root / "queries")
        notes.append("The named queries are this workspace's own copies, in `queries/`.")
    else:
        notes.append("The named queries are the package's (a `queries/` directory here would replace them).")
    resources = "\n" + "\n".join(notes) + "\n"
    (root / "README.md").write_text(_README.format(name=name, root=root, resources=resources), encoding="utf-8")
    (root / MARKER).write_text(
        f"# Marks the root of an ecokg workspace (ecokg finds it as git finds .git).\nname = {json.dumps(name, ensure_ascii=False)}\n",
        encoding="utf-8",
    )
    return Project.open(root)

"""``ecokg review``: a person walks through the candidates in the terminal.

Each pending candidate is shown with its sentence and the mention highlighted; the reviewer
accepts, rejects, edits fields, links the mention to another curated id, skips or quits.  Every
decision is saved at once, so a review can stop anywhere and resume where it stopped; a
summary closes it.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from ecokg.ingest import candidates as cfile

PROMPT = "[a]ccept [r]eject [e]dit [l]ink [s]kip [q]uit > "


def highlight(sentence: str, mention: str, tty: bool) -> str:
    """The sentence with the first occurrence of ``mention`` marked (reverse video on a terminal).

    >>> highlight("海曙已引进宁波工业互联网研究院", "宁波工业互联网研究院", tty=False)
    '海曙已引进【宁波工业互联网研究院】'
    """
    i = sentence.find(mention) if mention else -1
    if i < 0:
        return sentence
    a, b = ("\x1b[7m", "\x1b[0m") if tty else ("【", "】")
    return sentence[:i] + a + mention + b + sentence[i + len(mention) :]


def _describe(sec: str, it: dict[str, Any], labels: dict[str, str]) -> tuple[str, str]:
    """A one-line summary of a candidate and the text to highlight in its sentence."""

    def name(i: str) -> str:
        return f"{labels.get(i, i)} ({i})"

    if sec == "entities":
        link = it.get("link")
        how = f"links to {link['id']} via {link['alias']!r}" if isinstance(link, dict) else "NEW entity"
        return f"entity {it.get('label', '')} [{it.get('type', '')}] id {it.get('id')} -- {how}", it.get("mention", "")
    if sec == "relations":
        return f"relation {name(it['s'])} --{it['p']}--> {name(it['o'])}", labels.get(it["o"], "")
    if sec == "posts":
        return f"post {name(it['person'])}: {it['title']} of {name(it['org'])}", it.get("title", "")
    fields = ", ".join(
        f"{k}={it[k]}" for k in ("value", "unit", "multiplier", "measure", "status", "year", "period") if k in it
    )
    return f"figure {name(it['indicator'])} of {name(it['of'])}: {fields}", it.get("reported", "")


def _relink(doc: dict[str, Any], old: str, new: str) -> None:
    for sec, refs in (
        ("relations", ("s", "o")),
        ("posts", ("person", "org")),
        ("figures", ("indicator", "of", "sector")),
    ):
        for it in doc.get(sec, []):
            for r in refs:
                if it.get(r) == old:
                    it[r] = new


def review(
    root: Path,
    sid: str,
    ask: Callable[[str], str] = input,
    out: TextIO = sys.stdout,
    known: dict[str, Any] | None = None,
) -> Counter:
    """Review ``data/candidates/<sid>.yaml`` interactively; returns the decisions per (section, decision)."""
    path = root / "data" / "candidates" / f"{sid}.yaml"
    doc = cfile.read(path, f"data/candidates/{sid}.yaml")
    if known is None:
        from ecokg.dataset.pipeline import load_inputs

        known = load_inputs(root).entities
    labels = {i: e.label for i, e in known.items()}
    labels.update({it["id"]: it.get("label", it["id"]) for it in doc.get("entities", [])})
    tty = hasattr(out, "isatty") and out.isatty()
    todo = [(sec, it) for sec, it in cfile.items(doc) if it["decision"] == "pending"]
    print(
        f"{sid}: {len(todo)} candidate(s) to review ({sum(1 for _ in cfile.items(doc)) - len(todo)} already decided)",
        file=out,
    )
    for n, (sec, it) in enumerate(todo, 1):
        what, mark = _describe(sec, it, labels)
        print(
            f"\n[{n}/{len(todo)}] {what}   (confidence {it.get('confidence', '?')}, {it.get('method', '?')})", file=out
        )
        print("  " + highlight(it["quote"], mark, tty), file=out)
        while True:
            try:
                choice = ask(PROMPT).strip().lower()[:1]
            except EOFError:
                choice = "q"
            if choice in ("a", "r"):
                it["decision"] = "accepted" if choice == "a" else "rejected"
            elif choice == "e":
                _edit(it, ask, out)
                it["decision"] = "accepted"
            elif choice == "l" and sec == "entities":
                target = _ask(ask, "link to id > ")
                if target not in known:
                    print(f"  no curated entity {target!r}", file=out)
                    continue
                old = it["id"]
                ent = known[target]
                it.update(
                    id=target,
                    type=ent.type,
                    label=ent.label,
                    link={"id": target, "alias": it.get("mention", ent.label)},
                )
                it["decision"] = "accepted"
                _relink(doc, old, target)
            elif choice == "l":
                print("  only an entity can be linked", file=out)
                continue
            elif choice == "s":
                break
            elif choice == "q":
                cfile.write(path, doc)
                return _summary(doc, out, stopped=True)
            else:
                continue
            cfile.write(path, doc)
            break
    cfile.write(path, doc)
    return _summary(doc, out, stopped=False)


def _ask(ask: Callable[[str], str], prompt: str) -> str:
    try:
        return ask(prompt).strip()
    except EOFError:
        return ""


def _edit(it: dict[str, Any], ask: Callable[[str], str], out: TextIO) -> None:
    """Set fields as ``field=value`` lines (``alt=a,b`` for a list) until an empty line."""
    print(
        "  edit: field=value per line, empty line to finish; fields: "
        + ", ".join(k for k in it if k not in cfile.REVIEW_FIELDS),
        file=out,
    )
    while True:
        line = _ask(ask, "  field=value > ")
        if not line:
            return
        key, sep, value = line.partition("=")
        key = key.strip()
        if not sep or not key or key in ("key", "decision"):
            print("  write field=value", file=out)
            continue
        it[key] = [v.strip() for v in value.split(",") if v.strip()] if key == "alt" else value.strip()


def _summary(doc: Any, out: TextIO, stopped: bool) -> Counter:
    c = Counter((sec, it["decision"]) for sec, it in cfile.items(doc))
    print("\nreview " + ("stopped; run it again to resume" if stopped else "done") + ":", file=out)
    for sec in cfile.SECTIONS:
        print(f"  {sec}: " + ", ".join(f"{c[(sec, d)]} {d}" for d in cfile.DECISIONS), file=out)
    return c

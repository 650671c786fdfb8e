"""``ecokg ingest / review / accept / eval-ingest``: growing the graph from new articles (argparse only)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ecokg.cli.main import register
from ecokg.inputs.dates import DateError, parse_iso
from ecokg.inputs.errors import InputError, InputErrors


def _configure_ingest(p: argparse.ArgumentParser) -> None:
    p.add_argument("article", type=Path, help="the article, UTF-8 text")
    p.add_argument("--id", required=True, dest="sid", help="source id (lowercase ASCII, digits, -)")
    p.add_argument("--date", help="publication date YYYY[-MM[-DD]] (default: inferred from the text)")
    p.add_argument("--area", help="entity id of the article's own area (default: the place it names most)")
    p.add_argument("--title", help="title (default: the first line that is not a byline)")
    p.add_argument("--llm", metavar="URL", help="also ask a local OpenAI-compatible server (llama.cpp, Ollama)")
    p.add_argument("--llm-model", default="local", help="model name to send to --llm")


def _cmd_ingest(args: argparse.Namespace) -> int:
    from ecokg.ingest.workflow import ingest

    date = None
    if args.date:
        try:
            date = parse_iso(args.date)
        except DateError as exc:
            raise InputErrors([InputError("--date", 1, str(exc))]) from None
    r = ingest(args.project.root, args.article, args.sid, date, args.area, args.title, args.llm, args.llm_model)
    counts = ", ".join(f"{n} {sec}" for sec, n in r.counts.items())
    state = "written" if r.changed else "unchanged"
    print(f"{args.sid} (dated {r.date.iso()}, area {r.area}): {counts} -> {r.path} ({state})")
    if r.dropped:
        print(f"  {r.dropped} candidate(s) dropped: their quote is not in the text")
    print(f"next: ecokg review {args.sid}")
    return 0


def _configure_review(p: argparse.ArgumentParser) -> None:
    p.add_argument("sid", metavar="SOURCE-ID", help="the source id given to `ecokg ingest`")


def _cmd_review(args: argparse.Namespace) -> int:
    from ecokg.ingest.review import review

    review(args.project.root, args.sid)
    print(f"next: ecokg accept {args.sid}")
    return 0


def _configure_accept(p: argparse.ArgumentParser) -> None:
    p.add_argument("sid", metavar="SOURCE-ID", help="the source id given to `ecokg ingest`")
    p.add_argument("--no-shacl", action="store_true", help="skip SHACL validation")


def _cmd_accept(args: argparse.Namespace) -> int:
    from ecokg.ingest.accept import accept

    r = accept(args.project.root, args.sid, shacl=not args.no_shacl)
    print("accepted: " + ", ".join(f"{n} {sec}" for sec, n in r.counts.items()) + f" -> {r.facts_file}")
    if r.shared:
        print(f"  now shared, moved to data/entities.yaml: {', '.join(r.shared)}")
    for s in r.skipped:
        print(f"  skipped {s}", file=sys.stderr)
    print("next: ecokg build")
    return 0


def _configure_eval(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="page to write (default: the workspace's docs/extraction.md)"
    )
    p.add_argument("--json", type=Path, help="also write the measured figures as JSON")
    p.add_argument("--iterations", type=int, default=80, help="CRF training iterations (CI runs fewer)")
    p.add_argument("--only", action="append", help="score only these held-out articles (repeatable)")
    p.add_argument("--text", type=Path, help="also score another annotated article: its text ...")
    p.add_argument("--gold", type=Path, help="... and its gold fact file")
    p.add_argument("--date", help="the --text article's date (YYYY[-MM[-DD]])")
    p.add_argument("--area", help="the --text article's area (entity id)")


def _cmd_eval(args: argparse.Namespace) -> int:
    from ecokg.ingest.evaluate import evaluate, write_page

    if (args.text is None) != (args.gold is None):
        raise InputErrors([InputError("--text/--gold", 1, "give both the text and its gold fact file")])
    extra = None
    if args.text:
        try:
            date = parse_iso(args.date) if args.date else None
        except DateError as exc:
            raise InputErrors([InputError("--date", 1, str(exc))]) from None
        extra = (args.text, args.gold, date, args.area)
    report = evaluate(args.project.root, iterations=args.iterations, only=args.only, extra=extra)
    out = args.output or args.project.root / "docs" / "extraction.md"
    write_page(report, out, args.json)
    print(f"wrote {out}")
    for line in report["summary_lines"]:
        print("  " + line)
    return 0


register(
    "ingest",
    "register a new article and propose candidate facts (data/candidates/ID.yaml)",
    _configure_ingest,
    _cmd_ingest,
)
register("review", "review an article's candidate facts in the terminal (resumable)", _configure_review, _cmd_review)
register("accept", "move accepted candidates into data/facts/ID.yaml, after validation", _configure_accept, _cmd_accept)
register(
    "eval-ingest", "score the extractor leave-one-article-out; write docs/extraction.md", _configure_eval, _cmd_eval
)

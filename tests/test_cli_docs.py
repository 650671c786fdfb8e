"""The command-line docs cannot drift: docs/cli.md, README.md's command table and ``--help`` agree.

``ecokg docs --write`` generates the pages from the parser; these tests fail when a page was not
regenerated after a change to an option, and cross-check the pages against what ``ecokg COMMAND
--help`` actually prints (flags, help texts), independently of the generator.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import CHECKOUT

from ecokg.cli.docs import CLI_DOC, README, README_END, README_START, _anchor, commands, stale, wanted
from ecokg.cli.main import main, make_parser

PARSER = make_parser()
COMMANDS = {c.name: c for c in commands(PARSER)}
FLAG = re.compile(r"(?<![\w-])(--?[A-Za-z][\w-]*)")


def _help(argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("COLUMNS", "100")
    with pytest.raises(SystemExit) as exit_:
        main([*argv, "--help"])
    assert exit_.value.code == 0
    return capsys.readouterr().out


def _sections(markdown: str) -> dict[str, str]:
    """``## heading`` -> the text under it."""
    parts = re.split(r"^## (.+)$", markdown, flags=re.M)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts), 2)}


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_generated_pages_are_up_to_date() -> None:
    assert stale(CHECKOUT.root) == [], "run `python -m ecokg docs --write`"


def test_docs_check_command_passes_on_the_checkout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["docs", "--check"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_a_stale_page_is_found_and_rewritten(tmp_path: Path) -> None:
    for part in ("ecokg.toml", "README.md", "docs", "queries"):
        src = CHECKOUT.root / part
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / part)
    readme = tmp_path / README
    text = readme.read_text(encoding="utf-8")
    readme.write_text(text.replace("| `ecokg build` |", "| `ecokg build --old` |"), encoding="utf-8")
    (tmp_path / CLI_DOC).unlink()
    assert stale(tmp_path) == [tmp_path / CLI_DOC, readme]
    for path, wanted_text in wanted(tmp_path).items():
        path.write_text(wanted_text, encoding="utf-8")
    assert stale(tmp_path) == []
    assert readme.read_text(encoding="utf-8") == text


def test_every_option_has_help() -> None:
    missing = [
        f"{c.name} {a.option_strings or a.dest}"
        for c in COMMANDS.values()
        for a in c.parser._actions
        if not (a.help or "").strip()
    ]
    assert missing == []


def _printed_options(help_text: str) -> dict[str, str]:
    """What ``--help`` prints per argument: its flags (or name) -> its help, whitespace squashed."""
    out: dict[str, list[str]] = {}
    key = None
    for line in help_text.splitlines():
        if re.match(r"^  \S", line):  # an argument's line: invocation, two spaces, help
            invocation, _, rest = line.strip().partition("  ")
            flags = FLAG.findall(invocation) if invocation.startswith("-") else [invocation.split()[0]]
            key = " ".join(sorted(flags))
            out[key] = [rest]
        elif key is not None and line.startswith("   "):
            out[key].append(line)
        else:
            key = None
    return {k: _squash(" ".join(v)) for k, v in out.items() if k not in ("--help -h",)}


def _documented_options(doc: str) -> dict[str, str]:
    """The same, read from the option tables of a docs/cli.md section."""
    out = {}
    for row in doc.splitlines():
        if not row.startswith("| `"):
            continue
        cells = re.split(r"(?<!\\) \| ", row.strip("| "))
        flags = FLAG.findall(cells[0]) if cells[0].startswith("`-") else [cells[0].strip("`[]").split()[0]]
        out[" ".join(sorted(flags))] = _squash(cells[1].replace("\\|", "|"))
    return out


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_cli_md_agrees_with_help(
    name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command's section (and the shared groups it links to) lists exactly the arguments
    ``--help`` prints, each with the help text ``--help`` prints."""
    printed = _help([name], capsys, monkeypatch)
    sections = _sections((CHECKOUT.root / CLI_DOC).read_text(encoding="utf-8"))
    doc = sections[f"ecokg {name}"]
    for anchor in re.findall(r"^And the \[[^\]]+\]\(#([^)]+)\)", doc, flags=re.M):
        (linked,) = [text for title, text in sections.items() if _anchor(title) == anchor]
        doc += linked
    assert _documented_options(doc) == _printed_options(printed)
    assert _squash(COMMANDS[name].help) in _squash(printed)


def test_readme_lists_every_command_with_its_help(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (CHECKOUT.root / README).read_text(encoding="utf-8")
    block = text[text.index(README_START) : text.index(README_END)]
    printed = _help([], capsys, monkeypatch)
    names = re.findall(r"^    ([a-z][\w-]*)(?: |$)", printed, flags=re.M)  # the COMMAND list of `ecokg --help`
    assert sorted(names) == sorted(COMMANDS)
    for name in names:
        (row,) = [line for line in block.splitlines() if line.startswith(f"| `ecokg {name}")]
        assert _squash(COMMANDS[name].help.replace("|", "\\|")) in _squash(row)
        assert _squash(COMMANDS[name].help) in _squash(printed)

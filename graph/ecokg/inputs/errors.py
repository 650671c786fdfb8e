"""Errors that point at the input: file, line and what is wrong."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class InputError:
    """One problem in one input file.

    >>> print(InputError("data/facts/x.yaml", 12, "unknown field 'lable'"))
    data/facts/x.yaml:12: unknown field 'lable'
    """

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class InputErrors(Exception):
    """Raised with every input problem found in one run (never just the first)."""

    def __init__(self, errors: list[InputError]):
        self.errors = sorted(set(errors))
        super().__init__(self.report())

    def report(self) -> str:
        n = len(self.errors)
        lines = [str(e) for e in self.errors]
        lines.append(f"{n} error{'s' if n != 1 else ''}; nothing was written.")
        return "\n".join(lines)

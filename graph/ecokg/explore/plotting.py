"""Chinese labels in matplotlib charts: find Noto Sans CJK and make it the default font.

matplotlib's default font (DejaVu Sans) has no CJK glyphs; a chart labelled 海曙 would print
empty boxes and warn "Glyph ... missing from font(s) DejaVu Sans".  :func:`use_cjk_font`
finds a Noto Sans CJK face (Debian's ``fonts-noto-cjk``, installed by
``scripts/install-system-deps.sh``) through :mod:`matplotlib.font_manager` and puts it first
in ``font.sans-serif``.

>>> name = use_cjk_font()
>>> name.startswith("Noto Sans CJK")
True
>>> import matplotlib
>>> matplotlib.rcParams["font.sans-serif"][0] == name
True

:func:`png_bytes` draws a :class:`matplotlib.figure.Figure` with the Agg backend, without
pyplot or any GUI, e.g. for ``IPython.display.Image`` in the notebooks:

>>> fig = Figure(figsize=(2, 1))
>>> _ = fig.add_subplot().set_title("海曙区")
>>> png_bytes(fig)[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
True
"""

from __future__ import annotations

import io

from matplotlib import font_manager, rcParams
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

#: Preferred faces, best first: simplified Chinese, then the other regional variants of the
#: same Noto Sans CJK collection (all of them cover the characters the articles use).
PREFERRED = (
    "Noto Sans CJK SC",
    "Noto Sans CJK TC",
    "Noto Sans CJK HK",
    "Noto Sans CJK JP",
    "Noto Sans CJK KR",
)


class CJKFontMissing(RuntimeError):
    """No Noto Sans CJK font is installed, so Chinese labels cannot be drawn."""


def find_cjk_font() -> str:
    """The family name of an installed Noto Sans CJK face (simplified Chinese preferred)."""
    available = {f.name for f in font_manager.fontManager.ttflist}
    for name in PREFERRED:
        if name in available:
            return name
    others = sorted(n for n in available if n.startswith("Noto Sans CJK"))
    if others:
        return others[0]
    # A font installed after matplotlib built its cache: rebuild the cache once and retry.
    font_manager.fontManager = font_manager.FontManager()
    available = {f.name for f in font_manager.fontManager.ttflist}
    for name in (*PREFERRED, *sorted(n for n in available if n.startswith("Noto Sans CJK"))):
        if name in available:
            return name
    raise CJKFontMissing(
        "no Noto Sans CJK font found, so Chinese chart labels cannot render: "
        "install Debian's fonts-noto-cjk (run scripts/install-system-deps.sh as root, or `make system`)"
    )


def use_cjk_font() -> str:
    """Make Noto Sans CJK matplotlib's default (sans-serif) font; return its family name."""
    name = find_cjk_font()
    rcParams["font.family"] = "sans-serif"
    rcParams["font.sans-serif"] = [name, *[f for f in rcParams["font.sans-serif"] if f != name]]
    rcParams["axes.unicode_minus"] = False  # the CJK face has no U+2212 minus sign
    return name


def png_bytes(fig: Figure, dpi: float | None = None) -> bytes:
    """The figure drawn as PNG by the Agg backend (no pyplot and no display needed).

    The PNG carries no "Software" stamp, so the same figure gives the same bytes.
    """
    FigureCanvasAgg(fig)  # attach an Agg canvas, whatever backend pyplot may be using
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi or fig.dpi, metadata={"Software": None})
    return buf.getvalue()

"""Names: every name a node answers to, and the search key the explorer page matches on.

>>> normalise_name("海曙区 ") in map(normalise_name, node_names("haishu", {"label": "海曙区"}))
True
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any


def normalise_name(name: str) -> str:
    """The search key of a name: NFKC, case-folded, without whitespace (the page does the same).

    >>> normalise_name(" Haishu  District ") == normalise_name("haishudistrict")
    True
    >>> normalise_name("“５Ｇ”")
    '“5g”'
    """
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name)).casefold()


def node_names(node: str, attrs: Mapping[str, Any]) -> list[str]:
    """Every name a node answers to: Chinese label, English label, aliases and its id.

    >>> node_names("haishu", {"label": "海曙区", "label_en": "Haishu District", "aliases": ["海曙"]})
    ['海曙区', 'Haishu District', '海曙', 'haishu']
    """
    names = [attrs.get("label"), attrs.get("label_en"), *(attrs.get("aliases") or ()), node]
    out: list[str] = []
    for n in names:
        if n and str(n) not in out:
            out.append(str(n))
    return out


__all__ = ["node_names", "normalise_name"]

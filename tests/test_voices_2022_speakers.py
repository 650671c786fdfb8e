"""2022-04-ningbo-smart-manufacturing-voices: who said what.

A statement is printed before its speaker's name line, so each speaker's figures must be quoted from
the lines of that speaker's block (``SPEAKER_BLOCKS`` in tests/checklists/c2022_04_voices.py). The
article's other facts are run by tests/test_checklists.py.
"""

from __future__ import annotations

import pytest
from checklist import g, local, rows
from checklists.c2022_04_voices import SID, SPEAKER_BLOCKS
from rdflib import Dataset


@pytest.mark.parametrize("block", SPEAKER_BLOCKS, ids=[b[0] for b in SPEAKER_BLOCKS])
def test_speaker_attribution(built: Dataset, block: tuple) -> None:
    """Each speaker's figures are quoted from that speaker's block (text printed before the name)."""
    _speaker, selectors, first, name_line = block
    obs = rows(
        built,
        f"""SELECT ?o ?ind ?area ?sector ?line WHERE {{
              GRAPH {g(SID)} {{ ?o a eco:Observation ; eco:indicator ?ind ; eco:refArea ?area ;
                                  prov:wasDerivedFrom ?sent . OPTIONAL {{ ?o eco:sector ?sector }} }}
              GRAPH ekgg:sources {{ ?sent eco:lineNumber ?line }} }}""",
    )
    found = 0
    for r in obs:
        for sel in selectors:
            ind, area = sel[0], sel[1]
            sector = sel[2] if len(sel) > 2 else None
            if local(r.area) != area or (ind and local(r.ind) != ind):
                continue
            if sector and (r.sector is None or local(r.sector) != sector):
                continue
            found += 1
            assert first <= int(r.line) < name_line, f"{local(r.o)} quoted from line {r.line}"
    assert found, "no figure of this speaker's block"

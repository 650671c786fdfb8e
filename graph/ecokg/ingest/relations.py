"""Relations and posts between the mentions of one sentence, by trigger-word rules.

A rule looks at an ordered pair of mentions in one sentence and the text between them (引进,
落户, 位于, 牵头, 合作, 研发, 依托, 发布, 聚焦 ...); the article's own area stands in for 全区 /
我区 and its city for 全市 / 我市 (document-level context), and a programme the sentence
names with no actor is implemented by the article's area.  Posts are "organisation + title +
person" (太平鸟集团有限公司董事长张江平, 省委副书记、市委书记郑栅洁).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ecokg.ingest.knowledge import Mention

_TITLE = re.compile(
    r"(书记|副书记|区长|副区长|市长|副市长|县长|主任|副主任|局长|副局长|厅长|董事长|副董事长|总经理|副总经理|总裁|副总裁|"
    r"CEO|总监|院长|副院长|校长|教授|主席|副主席|负责人|总工程师|首席\w{0,4}官|部长|经理|创始人|会长|秘书长)$"
)

# (trigger between A and B, groups of A, groups of B, property, direction): "ab" states A p B, "ba" B p A
_RULES: tuple[tuple[str, frozenset[str], frozenset[str], str, str], ...] = tuple(
    (t, frozenset(sg.split()), frozenset(og.split()), p, d)
    for t, sg, og, p, d in (
        (r"引进|招引|引来|引入", "place org park", "org park programme product", "broughtInBy", "ba"),
        (r"落户|入驻|落地", "org park programme product", "place park", "settledIn", "ab"),
        (r"^在$|^于$", "org park", "place park", "locatedIn", "ab"),
        (r"位于|坐落|地处", "org park event", "place park", "locatedIn", "ab"),
        (r"牵头|领衔", "org", "programme org product", "ledBy", "ba"),
        (r"合作|携手|联手|共建|联合", "org", "org", "cooperatesWith", "ab"),
        (r"研发|开发|研制|推出|发布了", "org", "product", "developedBy", "ba"),
        (r"依托|设于|设在", "org park", "org park", "hostedBy", "ab"),
        (r"发布|出台|印发|制定", "place org", "programme", "issuedBy", "ba"),
        (r"聚焦|围绕|主攻|发展|培育|壮大|打造", "programme park", "sector", "targetsSector", "ab"),
        (r"实施|推进|开展|深化|推动|落实|启动|建设|打造|争创", "place org", "programme", "implements", "ab"),
        (r"支持|扶持|助力|服务", "programme org", "org park", "supports", "ab"),
        (r"主办|举办|召开", "place org", "event", "organizedBy", "ba"),
        (r"获评|入选|获得|荣获|被评为|认定为", "org park place", "designation", "hasDesignation", "ab"),
        (r"属于|隶属", "org park", "org", "subOrganizationOf", "ab"),
        (r"参加|出席|参与", "person org", "event", "participatedIn", "ab"),
    )
)
_IMPLEMENT = re.compile(
    r"实施|推进|开展|深化|推动|落实|启动|围绕|打造|建设|争创|大力|全力|加快|以$|突出|抓好|制定|制订|完善"
)
_DATED = {"broughtInBy", "settledIn", "cooperatesWith", "signedWith", "hasDesignation", "organizedBy", "investsIn"}
_WHEN = re.compile(
    r"(?:前年|去年|今年|明年)\d{1,2}月(?:\d{1,2}日)?|(?:19|20)\d\d年\d{1,2}月(?:\d{1,2}日)?|\d{1,2}月\d{1,2}日"
    r"|前天|昨天|昨日|今天|(?:19|20)\d\d年|前年|去年|今年"
)


def event_date(sentence: str) -> str | None:
    """The first date the sentence prints, in the fact format's words (ISO for absolute dates).

    >>> event_date("去年6月与蓝卓签约合作"), event_date("2018年3月落户海曙"), event_date("4月20日，我市召开大会")
    ('去年6月', '2018-03', '--04-20')
    """
    m = _WHEN.search(sentence)
    if not m:
        return None
    t = m.group(0)
    a = re.fullmatch(r"((?:19|20)\d\d)年(?:(\d{1,2})月(?:(\d{1,2})日)?)?", t)
    if a:
        y, mo, d = a.groups()
        return y + (f"-{int(mo):02d}" if mo else "") + (f"-{int(d):02d}" if d else "")
    md = re.fullmatch(r"(\d{1,2})月(\d{1,2})日", t)
    if md:
        return f"--{int(md.group(1)):02d}-{int(md.group(2)):02d}"
    return t


_ANAPHORA_AREA = ("全区", "我区", "该区", "本区")
_ANAPHORA_CITY = ("全市", "我市", "本市")


@dataclass(frozen=True)
class RelationMatch:
    s: str
    p: str
    o: str
    start: int  # the sentence, flat offsets
    end: int
    confidence: float
    method: str
    date: str | None = None  # when the sentence dates the event (去年6月, 昨天, 2023年), as printed


@dataclass(frozen=True)
class PostMatch:
    person: str
    title: str
    org: str
    start: int
    end: int
    confidence: float


def relations(
    flat: str, sentence: tuple[int, int], mentions: Sequence[Mention], area: str | None, city: str | None
) -> list[RelationMatch]:
    """Rule-based relations stated inside one sentence (mentions sorted by offset)."""
    s0, s1 = sentence
    text = flat[s0:s1]
    ms = [m for m in mentions if s0 <= m.start and m.end <= s1]
    # document-level context: the article's area for 全区 / 我区, its city for 全市 / 我市
    extra: list[Mention] = []
    for words, ref in ((_ANAPHORA_AREA, area), (_ANAPHORA_CITY, city)):
        if ref is None:
            continue
        for w in words:
            for mm in re.finditer(w, text):
                extra.append(Mention(s0 + mm.start(), s0 + mm.end(), w, "place", "", ref, True, 1.0, "anaphora"))
    ms = sorted(ms + extra, key=lambda m: m.start)
    out: dict[tuple[str, str, str], RelationMatch] = {}

    when = event_date(text) if text else None

    def add(s: str, p: str, o: str, conf: float, method: str) -> None:
        if s != o and (s, p, o) not in out:
            out[(s, p, o)] = RelationMatch(s, p, o, s0, s1, conf, method, when if p in _DATED else None)

    for i, a in enumerate(ms):
        for b in ms[i + 1 :]:
            between = flat[a.end : b.start]
            if len(between) > 40:
                continue
            if (
                between == "的"
                and flat[max(s0, a.start - 2) : a.start] in ("位于", "坐落")
                and a.group in ("place", "park")
            ):
                add(b.ref, "locatedIn", a.ref, 0.6, "rule:locatedIn(位于A的B)")  # 位于望春工业园的宁波工业互联网研究院
                continue
            if (
                a.group == b.group == "org"
                and re.search(r"与|和|同", between)
                and re.match(r".{0,4}(?:签约)?合作|.{0,4}签约", flat[b.end : s1])
            ):
                add(a.ref, "cooperatesWith", b.ref, 0.6, "rule:cooperatesWith(A与B合作)")
                continue
            for trig, ga, gb, p, d in _RULES:
                subj, obj = (a, b) if d == "ab" else (b, a)
                hit = re.search(trig, between)
                if hit and a.group in ga and b.group in gb:
                    add(subj.ref, p, obj.ref, 0.6, f"rule:{p}")
                    break
    # a programme with an implementing verb just before it is implemented by the nearest actor
    # before it in the sentence, else by the article's area (全区 / the article's subject)
    for m in ms:
        if m.group != "programme" or m.cls in ("IndustryCluster",):
            continue
        lead = flat[max(s0, m.start - 12) : m.start]
        if not _IMPLEMENT.search(lead):
            continue
        actors = [a for a in ms if a.end <= m.start and a.group in ("place", "org")]
        actor = actors[-1].ref if actors else area
        if actor:
            add(
                actor,
                "implements",
                m.ref,
                0.5 if actors else 0.4,
                "rule:implements" + ("" if actors else "(article area)"),
            )
    # one programme, park or cluster and the sectors it names: 以医疗健康、工业互联网……等“五大产业”
    hosts = [m for m in ms if m.group in ("programme", "park") and m.cls != "PolicyDocument"]
    sectors = [m for m in ms if m.group == "sector"]
    if len(hosts) == 1 and sectors:
        for sec in sectors:
            add(hosts[0].ref, "targetsSector", sec.ref, 0.3, "rule:targetsSector(one host)")
    # a meeting and the programmes its sentence names
    for ev in (m for m in ms if m.cls == "Meeting"):
        for pr in (m for m in ms if m.group == "programme" and m.cls in ("Programme", "Strategy", "Campaign")):
            add(ev.ref, "about", pr.ref, 0.3, "rule:about")
    # names nested in names: 宁波工程学院翠柏校区 is a campus of 宁波工程学院 ...
    for a in ms:
        for b in ms:
            if a is b or not (b.surface and a.surface.startswith(b.surface) and len(a.surface) > len(b.surface)):
                continue
            if a.cls == "Campus" and b.cls == "University":
                add(a.ref, "campusOf", b.ref, 0.7, "rule:nested name")
            elif a.group == "park" and b.group == "park":
                add(a.ref, "partOf", b.ref, 0.6, "rule:nested name")
            elif a.group in ("org", "park") and b.group == "place":
                add(a.ref, "locatedIn", b.ref, 0.5, "rule:nested name")
    return sorted(out.values(), key=lambda r: (r.s, r.p, r.o))


def implicit_locations(
    mentions: Sequence[Mention], explicit: set[tuple[str, str, str]], area: str | None, doc
) -> list[RelationMatch]:
    """Parks, zones and institutes of an article about one area are in that area unless the text
    places them elsewhere (document-level context; low confidence, for the reviewer to confirm)."""
    if area is None:
        return []
    placed = {s for s, p, _ in explicit if p == "locatedIn"}
    out: dict[str, RelationMatch] = {}
    for m in mentions:
        if m.ref in placed or m.ref in out or m.ref == area:
            continue
        if m.group == "park" or m.cls in ("ResearchInstitute", "InnovationCentre"):
            s0, s1 = doc.sentence_of(m.start)
            out[m.ref] = RelationMatch(m.ref, "locatedIn", area, s0, s1, 0.3, "rule:locatedIn(article area)")
    return list(out.values())


def posts(flat: str, sentence: tuple[int, int], mentions: Sequence[Mention]) -> list[PostMatch]:
    """Posts printed as "organisation + title + person" right before the person's name."""
    s0, s1 = sentence
    ms = [m for m in mentions if s0 <= m.start and m.end <= s1]
    out: list[PostMatch] = []
    for k, person in enumerate(ms):
        if person.group != "person":
            continue
        end = person.start
        # titles joined by 、 before one name: 省委副书记、市委书记郑栅洁
        while True:
            seg_start = max(flat.rfind(p, s0, end) for p in '、，,：:（(“"') + 1
            seg_start = max(seg_start, s0)
            seg = flat[seg_start:end]
            orgs = [m for m in ms[:k] if m.start >= seg_start and m.end <= end and m.group in ("org", "place")]
            if not orgs or not _TITLE.search(seg) or len(seg) > 24:
                break
            org = max(orgs, key=lambda m: (m.end, m.end - m.start))  # 镇海区委, not the 镇海区 inside it
            title = flat[org.end : end]
            if re.fullmatch(r"(副)?书记|(副)?主任", title) or org.group == "place":
                title = flat[org.start : end]
            if title:
                out.append(PostMatch(person.ref, title, org.ref, s0, s1, 0.6))
            if seg_start - 1 < s0 or flat[seg_start - 1] != "、":
                break
            end = seg_start - 1
    return out

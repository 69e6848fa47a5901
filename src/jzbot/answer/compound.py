"""Compound questions: 「2013年二等奖多少项？去年省里的二等奖咱拿了几项」 asks two things.

Each part is answered on its own (an elliptical part such as 特等奖的呢 is read against the part before it,
by the same frames a follow-up is read with: ``answer.followup``) and the answers are joined, citations
renumbered; a part the knowledge cannot answer is refused for that part alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from jzbot.answer.frame import DOCUMENT_NOUNS
from jzbot.index.keyword import Tagged
from jzbot.models import Answer, Citation
from jzbot.registry.docno import find_docnos

_SPLIT = re.compile(r"(?<=[？?])")
_ASKS = re.compile(r"几|多少|哪|什么|啥|谁|吗|呢|怎么|如何|是否|有没有|咋")
MIN_PART = 4
# 哪个文件, 哪份通知, 什么规定: a question for a document; 文号多少, 文号呢: a part asking only a 文号.
_WHICH_DOCUMENT = re.compile(rf"(?:哪一?[个份部项]|什么|啥)(?:{DOCUMENT_NOUNS})")
_DOCNO_ONLY = re.compile(
    r"^(?:那|它的?|其)?(?:文号|发文字号|字号)(?:是)?(?:多少|啥|什么|几号)?[呢吗啊]?[？?]?$"
)


def asks(text: str) -> bool:
    """``text`` holds a question word (几, 多少, 哪, 啥, 谁 …)."""
    return _ASKS.search(text) is not None


# A list comma at most two characters after a question word (多少项、, 哪天交、), before more to ask:
# 哪些单位、哪些个人 lists what one question asks (its question word three characters back) and is not cut.
_LISTED = re.compile(
    r"(?:(?<=几|少|哪)|(?<=(?:几|少|哪)[\u4e00-\u9fff])|(?<=(?:几|少|哪)[\u4e00-\u9fff]{2}))、"
)
# 法治政府建设年度报告和政府信息公开年度报告，交的时间有啥不一样: two subjects, one question about each.
_COMPARING = re.compile(r"不一样|不同|区别|差别|分别|各")
_AND = {"和", "与", "跟", "及"}
_BEFORE_COMMA = re.compile(r"^([^和与跟及，,]+)(?:和|与|跟|及)([^，,]+)[，,](.+)$")
_NOUNISH = set("nvjlb")  # nouns (n, nz, ns, nt, nr), verbal nouns (vn), abbreviations, set phrases


# A 文号 stands for one noun while a question is cut (焦办〔2020〕23号 is tagged as seven words of five kinds).
_DOCNO_STANDINS = "甲乙丙丁戊己庚辛壬癸"


def _compared(question: str, tagged: Callable[[str], list[Tagged]]) -> list[str]:
    """A和B…分别/有啥不一样: the same question about A, then about B; B is the noun phrase after 和."""
    if not _COMPARING.search(question):
        return []
    nos = find_docnos(question)[: len(_DOCNO_STANDINS)]
    if nos:
        masked = question
        for i, d in sorted(enumerate(nos), key=lambda x: -x[1].start):
            masked = masked[: d.start] + "文件" + _DOCNO_STANDINS[i] + masked[d.end :]
        out = _compared(masked, tagged) if masked != question else []
        for i, d in enumerate(nos):
            out = [x.replace("文件" + _DOCNO_STANDINS[i], d.raw) for x in out]
        return out
    clause = _BEFORE_COMMA.match(question)
    if clause:  # A和B，…: the comma closes B
        first, second, rest = clause.groups()
        return [first + rest, second + rest] if len(first) >= 2 and len(second) >= 2 else []
    words = tagged(question)
    joint = next((i for i, w in enumerate(words) if w.word in _AND), None)
    if joint is None or joint == 0:
        return []
    # 2013年度和2008年度市科技进步奖…: B mirrors A's shape (the same tags), so B ends where A's shape does.
    shape = [w.pos for w in words[:joint]]
    mirrored = [w.pos for w in words[joint + 1 : joint + 1 + len(shape)]] == shape
    end = joint + 1 + len(shape) if mirrored and joint + 1 + len(shape) < len(words) else joint + 1
    while not mirrored and end < len(words) and words[end].pos[:1] in _NOUNISH:
        end += 1
    first, second = "".join(w.word for w in words[:joint]), "".join(w.word for w in words[joint + 1 : end])
    rest = "".join(w.word for w in words[end:])
    if len(second) < 2 or not rest or len(first) < 2:
        return []
    return [first + rest, second + rest]


def compared(
    question: str, names_something: Callable[[str], bool], tagged: Callable[[str], list[Tagged]]
) -> list[str]:
    """A和B…分别: one question about each of two subjects, each answered on its own; [] when not so."""
    out = _compared(question.strip(), tagged)
    return out if out and all(names_something(x) for x in out) else []


def questions(
    question: str, names_something: Callable[[str], bool], elliptical: Callable[[str], bool]
) -> list[str]:
    """The questions one message asks one after another (研发投入多少？位次呢？), as typed: each later one is read
    against the one before it, as a follow-up is read against the conversation. One when it asks one thing."""
    pieces = [p.strip() for p in _SPLIT.split(question.strip()) if p.strip()]
    # 二等奖多少项、奖金多少: a question ending at a list comma (its question word right before it) and another
    # after it are two questions, typed with 、 for ？.
    pieces = [q.strip() for p in pieces for q in _LISTED.split(p) if q.strip()]
    if len(pieces) < 2 or not all(_ASKS.search(p) and len(p) >= MIN_PART - 1 for p in pieces):
        return [question]
    if not all(elliptical(p) or names_something(p) for p in pieces[1:]):
        return [question]
    joined = _with_docno(pieces, "")
    return joined if len(joined) > 1 else [question]


def _with_docno(pieces: list[str], glue: str) -> list[str]:
    """依据的是哪个文件？文号多少: a 文号 asked right after a question for a document is that document's: one
    question."""
    joined = [pieces[0]]
    for piece in pieces[1:]:
        if _WHICH_DOCUMENT.search(joined[-1]) and _DOCNO_ONLY.match(piece):
            joined[-1] += glue + piece
        else:
            joined.append(piece)
    return joined


_COMMA = re.compile(r"[，,]")


def clauses(question: str) -> list[str]:
    """组长谁当，办公室设在哪: the questions a message asks one after another between commas, a clause without a
    question word being the topic of the one after it (歙县那个专班，组长谁当). One when it asks one thing. Whether
    they are asked apart is the engine's call: one passage often answers both (多少家，全省排第几)."""
    out: list[str] = []
    pending = ""
    for piece in _COMMA.split(question.strip()):
        pending = f"{pending}，{piece}" if pending else piece
        if _ASKS.search(piece):
            out.append(pending)
            pending = ""
    if pending and out:
        out[-1] += "，" + pending
    out = _with_docno(out, "，") if out else out
    if len(out) < 2 or any(len(p) < MIN_PART - 1 for p in out):
        return [question]
    return out


def parts(
    question: str,
    names_something: Callable[[str], bool],
    tagged: Callable[[str], list[Tagged]] | None = None,
    elliptical: Callable[[str], bool] | None = None,
) -> list[str]:
    """The questions inside one message: the compared ones, else the successive ones (as typed)."""
    if tagged is not None and (both := compared(question, names_something, tagged)):
        return both
    return questions(question, names_something, elliptical or (lambda _: False))


_MARKER = re.compile(r"\[(\d+)\]")


def _renumbered(text: str, renumber: dict[int, int]) -> str:
    def marker(m: re.Match[str]) -> str:
        n = int(m.group(1))
        return f"[{renumber.get(n, n)}]"

    return _MARKER.sub(marker, text)


def join(question: str, answers: list[Answer]) -> Answer:
    """One answer from the parts' answers, each part's citations renumbered after the last."""
    found = [a for a in answers if a.found]
    if not found:
        return answers[0].model_copy(update={"question": question})
    texts: list[str] = []
    citations: list[Citation] = []
    notes: list[str] = []
    for a in answers:
        if a.answer in texts:  # two parts answered by one passage (一等奖几项？特等奖的呢)
            continue
        renumber: dict[int, int] = {}
        for c in a.citations:
            same = next((x for x in citations if x.quote == c.quote and x.source == c.source), None)
            if same is None:
                same = c.model_copy(update={"marker": len(citations) + 1})
                citations.append(same)
            renumber[c.marker] = same.marker
        texts.append(_renumbered(a.answer, renumber))
        notes.extend(a.notes)
    return Answer(
        question=question,
        answer="\n".join(texts),
        found=True,
        citations=citations,
        notes=list(dict.fromkeys(notes)),
    )

"""Extractive answers: registry look-ups for 文号 and document facts, exact source sentences for the rest.

Invariant: an answer with ``found=True`` carries at least one citation whose quote is verbatim
source text, and every number in the answer occurs in a cited quote. Otherwise ``found=False``
and the answer names no figure.
"""

from __future__ import annotations

import re

from jzbot.answer import evidence as ev
from jzbot.answer.prompts import Template
from jzbot.answer.query import Query
from jzbot.index.knowledge import Knowledge
from jzbot.models import Answer, Citation, DocMeta, DocNoEntry, Hit
from jzbot.registry.registry import match_title
from jzbot.registry.vocabulary import Vocabulary
from jzbot.text import fold, match_key, split_sentences

ANSWER_THRESHOLD = 0.7


class Citations:
    """Numbered citations, one marker per distinct quote."""

    def __init__(self) -> None:
        self.items: list[Citation] = []

    def add(self, meta: DocMeta, section: str, quote: str) -> str:
        for c in self.items:
            if c.quote == quote and c.source == meta.source:
                return f"[{c.marker}]"
        n = len(self.items) + 1
        self.items.append(Citation(marker=n, doc_number=meta.doc_number, title=meta.title, section=section,
                                   quote=quote, source=meta.source))
        return f"[{n}]"


def _date_zh(iso: str | None) -> str:
    if not iso:
        return ""
    y, m, d = iso.split("-")
    return f"{int(y)}年{int(m)}月{int(d)}日"


class ExtractiveAnswerer:
    def __init__(self, knowledge: Knowledge, vocab: Vocabulary, templates: dict[str, Template]) -> None:
        self.k = knowledge
        self.vocab = vocab
        self.t = templates

    # -- helpers -------------------------------------------------------------------------------
    def _refuse(self, query: Query, key: str, **values: object) -> Answer:
        return Answer(question=query.text, answer=self.t[key].render(**values), found=False)

    def _mention_quote(self, entry: DocNoEntry, prefer: str = "") -> tuple[DocMeta, str, str] | None:
        mentions = sorted(entry.mentions, key=lambda m: (prefer not in m.action, 0))
        for m in mentions:
            row = self.k.chunk(m.chunk_id)
            if row:
                return row[1], row[0].section, m.sentence
        if entry.own_doc_id:
            for chunk, meta in self.k.rows:
                if meta.doc_id == entry.own_doc_id and chunk.chunk_no == 0:
                    line = next((ln for ln in chunk.text.splitlines() if fold(entry.doc_number) in fold(ln)),
                                chunk.text.splitlines()[0])
                    return meta, chunk.section, line
        return None

    def _years_note(self, query: Query) -> str:
        if query.relative and query.years:
            return self.t["relative_year"].render(word=query.relative, year=query.years[0])
        return ""

    # -- registry answers ----------------------------------------------------------------------
    def docno(self, query: Query) -> Answer:
        key = query.docnos[0]
        entry = self.k.docnos.get(key)
        if entry is None:
            return self._refuse(query, "not_found_docno", doc_number=key)
        cites = Citations()
        status_key = {"有效": "status_valid", "已废止": "status_repealed", "已修订": "status_revised"}.get(
            entry.status, "status_unknown")
        action = next((m.action for m in entry.mentions if m.action in ("制定", "印发")), "印发")
        year = entry.status_year or entry.year
        src = self._mention_quote(entry, prefer="废止" if entry.status == "已废止" else "")
        if year and src and str(year) not in src[2]:
            year = None  # say only what the quoted sentence says
        status = self.t[status_key if year or status_key == "status_unknown" else status_key + "_undated"].render(
            year=year, action="新制定" if action == "制定" else action)
        issuer = self.t["docno_issuer"].render(issuer=entry.issuer) if entry.issuer else ""
        text = self.t["docno_found"].render(doc_number=key, title=entry.title or "（标题未载明）",
                                            issuer_part=issuer, status_part=status)
        if src:
            text += cites.add(*src)
        return Answer(question=query.text, answer=text, found=True, citations=cites.items)

    def docno_list(self, query: Query) -> Answer:
        action = query.action or "制定"
        picked: list[tuple[DocNoEntry, str]] = []
        for entry in self.k.docnos.values():
            for m in entry.mentions:
                if m.action != action and not (action in ("制定", "印发") and m.action in ("制定", "印发")):
                    continue
                row = self.k.chunk(m.chunk_id)
                years = {int(y) for y in re.findall(r"((?:19|20)\d{2})\s*年", m.sentence)}
                if row and row[1].year:
                    years.add(row[1].year)
                if query.years and not (set(query.years) & years):
                    continue
                picked.append((entry, m.chunk_id))
                break
        if not picked:
            subject = f"{query.years[0]}年{action}文件" if query.years else f"{action}文件"
            return self._refuse(query, "not_found", subject=subject)
        cites = Citations()
        items = "、".join(f"《{e.title}》({e.doc_number})" for e, _ in picked)
        kind = "行政规范性文件" if "规范性" in query.folded else "文件"
        year_part = f"{query.years[0]}年" if query.years else ""
        text = self.t["docno_list"].render(year_part=year_part, action=action, kind=kind, count=len(picked),
                                           items=items)
        marks = []
        for e, cid in picked:
            row = self.k.chunk(cid)
            m = next(x for x in e.mentions if x.chunk_id == cid)
            if row:
                marks.append(cites.add(row[1], row[0].section, m.sentence))
        text = text.rstrip("。") + "。" + "".join(dict.fromkeys(marks))
        return Answer(question=query.text, answer=self._years_note(query) + text, found=True, citations=cites.items)

    def title_to_docno(self, query: Query, hits: list[Hit]) -> Answer | None:
        title = query.quoted_title
        if not title:
            m = re.search(r"(.{4,60}?)(?:的)?(?:文号|发文字号)", query.folded)
            title = m.group(1) if m else ""
        entries = match_title(self.k.docnos, title) if title else []
        if not entries:
            return self._refuse(query, "not_found_title", title=title) if query.quoted_title else None
        e = entries[0]
        cites = Citations()
        text = self.t["title_to_docno"].render(title=e.title, doc_number=e.doc_number)
        src = self._mention_quote(e)
        if src:
            text += cites.add(*src)
        return Answer(question=query.text, answer=text, found=True, citations=cites.items)

    def meta(self, query: Query, hits: list[Hit]) -> Answer | None:
        field_name = query.meta_field or "title"
        meta = self._target_doc(query, hits)
        if meta is None:
            return None
        value = getattr(meta, field_name, None)
        if not value:
            return self._refuse(query, "not_found", subject=f"《{meta.title}》的{field_name}")
        if field_name in ("date",):
            value = _date_zh(str(value))
        date_part = f"，印发日期为{_date_zh(meta.printed_date)}" if field_name == "printed_by" and meta.printed_date else ""
        text = self.t[f"meta_{field_name}"].render(title=meta.title, value=value, date_part=date_part)
        quote_line, section = self._meta_line(meta, field_name, str(value))
        cites = Citations()
        title_line = self._meta_line(meta, "title_line", meta.title)
        if re.search(r"\d", meta.title) and title_line[0] and title_line[0] != quote_line:
            # The title's own numbers (关于2023年…) are cited from the title line itself.
            text = text.replace(f"《{meta.title}》", f"《{meta.title}》{cites.add(meta, title_line[1], title_line[0])}", 1)
        if quote_line:
            text += cites.add(meta, section, quote_line)
        return Answer(question=query.text, answer=text, found=True, citations=cites.items)

    def _target_doc(self, query: Query, hits: list[Hit]) -> DocMeta | None:
        if query.quoted_title:
            for m in self.k.docs.values():
                if fold(query.quoted_title) in fold(m.title):
                    return m
        kinds = [w for w in ("报告", "通知", "决定", "办法", "意见", "方案", "规划") if w in query.folded]
        ranked = [h.meta for h in hits]
        for m in ranked:
            if not kinds or m.doc_type in kinds:
                return m
        return ranked[0] if ranked else None

    def _meta_line(self, meta: DocMeta, field_name: str, value: str) -> tuple[str, str]:
        lines = [(c.section, ln) for c, m in self.k.rows if m.doc_id == meta.doc_id for ln in c.text.splitlines()]
        want = fold(value if field_name != "date" else "")
        if field_name == "printed_by":
            for i, (sec, ln) in enumerate(lines):
                if fold(meta.printed_by) in fold(ln):
                    nxt = lines[i + 1][1] if i + 1 < len(lines) and "印发" in lines[i + 1][1] else ""
                    return (ln + ("\n" + nxt if nxt and "印发" not in ln else "")), sec
        if field_name == "date" and meta.date:
            y, mo, d = (int(x) for x in meta.date.split("-"))
            want = fold(f"{y}年{mo}月{d}日")
        for sec, ln in lines:
            if want and want in fold(ln):
                return ln, sec
        return "", ""

    # -- sentence answers ----------------------------------------------------------------------
    def sentences(self, query: Query, hits: list[Hit]) -> Answer:
        terms = ev.terms_of(query, self.k, self.vocab)
        absent = [t for t in terms if not t.in_corpus and len(t.word) >= 2]
        if absent:
            return self._refuse(query, "not_found_term", term=absent[0].word)
        if not terms or not hits:
            return self._refuse(query, "not_found", subject="该问题")
        figure = query.intent == "figure"
        ranked = ev.rank_evidence(query, terms, hits, figure)
        usable = [e for e in ranked if e.coverage >= ANSWER_THRESHOLD and (not figure or ev.has_unit(match_key(e.text), query.units))]
        in_year = [e for e in usable if ev.year_ok(query, e.meta, e.text)]
        if usable and not in_year:
            have = "、".join(sorted({f"{e.meta.year}年" for e in usable if e.meta.year}))
            return Answer(question=query.text, found=False,
                          answer=self._years_note(query) + self.t["not_found_year"].render(year=query.years[0], have=have or "其他年份"))
        if not in_year:
            return self._refuse(query, "not_found", subject="能回答该问题")
        best = in_year[0]
        notes: list[str] = []
        if figure and not query.years:
            # The same indicator in several years: answer with the latest, and say that others exist.
            close = [e for e in in_year if e.score >= best.score - 1.0 and e.meta.year]
            years = sorted({e.meta.year for e in close if e.meta.year}, reverse=True)
            if len(years) > 1:
                best = next(e for e in close if e.meta.year == years[0])
                notes.append(f"知识库中另有{'、'.join(f'{y}年' for y in years[1:])}的同类数据，可在问题中注明年份查询。")
        picked = [best]
        # A second sentence only when it supports terms the first one lacks.
        if best.missing:
            for e in in_year[1:4]:
                if e.chunk.id == best.chunk.id and set(best.missing) - set(e.missing) and e.text not in best.text:
                    picked.append(e)
                    break
        cites = Citations()
        parts = [self._figure_lead(terms, best)] if figure else []
        for e in sorted(picked, key=lambda e: (e.chunk.doc_id, e.chunk.chunk_no, e.chunk.text.find(e.text))):
            sentence = _whole(e.text)
            parts.append(sentence + cites.add(e.meta, e.chunk.section, e.text))
        return Answer(question=query.text, answer=self._years_note(query) + "".join(parts), found=True,
                      citations=cites.items, notes=notes)

    def _figure_lead(self, terms: list[ev.Term], best: ev.Evidence) -> str:
        """For a sentence listing many figures (…分别达到13家、9家…), first the ones asked about."""
        inside = [f for f in self.k.figures if f.chunk_id == best.chunk.id and f.sentence in best.text]
        if len(inside) < 3 or "分别" not in best.text:
            return ""
        scored = [(ev.coverage(terms, match_key(f.indicator))[0], f) for f in inside]
        top = max(c for c, _ in scored)
        mine = [f for c, f in scored if c == top and c > 0]
        if not mine or len({f.indicator for f in mine}) > 1:
            return ""
        labels = {"新增": "新增", "总数": "总数", "累计": "累计", "净增": "净增"}
        bits = []
        for f in mine:
            if f.unit == "位":
                bits.append(f"居{f.scope if f.scope != '排名' else ''}第{f.value}位")
            else:
                bits.append(f"{labels.get(f.scope, '')}{f.value}{f.unit}")
        return f"{mine[0].indicator}：{'，'.join(bits)}。原文："


def _whole(span: str) -> str:
    """A clause shown as a sentence: trailing ；/， becomes 。 (the quote keeps the exact span)."""
    span = span.strip()
    if span and span[-1] in "；;，,":
        return span[:-1] + "。"
    if span and span[-1] not in "。！？!?”":
        return span + "。"
    return span


def first_sentence(text: str) -> str:
    parts = split_sentences(text)
    return parts[0] if parts else text

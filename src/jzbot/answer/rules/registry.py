"""Answers from the registries: what a 文号 is, which documents were 制定/废止, a title's 文号, document facts.

Each reads the 文号 registry or the document metadata and cites the sentence or line that says so.
"""

from __future__ import annotations

import re

from jzbot import data
from jzbot.answer import compound, policy
from jzbot.answer.citations import Citations
from jzbot.answer.evidence import Evidence
from jzbot.answer.rules.context import Context
from jzbot.answer.rules.spans import in_order
from jzbot.answer.scope import identity
from jzbot.answer.terms import Term, coverage, terms_of
from jzbot.answer.understand import Kind
from jzbot.index.knowledge import Knowledge
from jzbot.ingest.furniture import fields
from jzbot.ingest.metadata import doc_type_of
from jzbot.models import Answer, DocMeta, DocNoEntry, Refusal
from jzbot.registry.docno import find_docnos
from jzbot.registry.registry import match_title
from jzbot.text import DATE, FRONT_SECTIONS, YEAR, fold, match_key, parse_date, split_text
from jzbot.text.patterns import BASIS_WORD, CARRIES_OUT


def _date_zh(iso: str | None) -> str:
    if not iso:
        return ""
    y, m, d = iso.split("-")
    return f"{int(y)}年{int(m)}月{int(d)}日"


_DOCNO_WORDS = re.compile(r"文号|发文字号|字号")
# Document types a question names (那个批复, 这份通知) and a title ends with (outside its 《》).
_TYPES = re.compile("|".join(sorted(data.lines("doc_types.txt"), key=len, reverse=True)))
_BRACKETED = re.compile(r"《[^》]*》|〈[^〉]*〉|<[^>]*>")


def _types_named(question: str) -> set[str]:
    return {m.group(0) for m in _TYPES.finditer(_BRACKETED.sub("", question))} - {"法"}


_ASKING = ("请示",)  # a document that asks: its 文号 is cited by the 批复 that answers it, never that 批复's


def _of_types(title: str, types: set[str]) -> bool:
    """False for a 请示 when the question asks for a document of another type (那个批复的文号)."""
    found = _TYPES.findall(_BRACKETED.sub("", title))
    return not (types and found and found[-1] in _ASKING and found[-1] not in types)


_DOCUMENT_KINDS = ("行政规范性文件", "规范性文件")


def _short_title(title: str) -> str:
    """关于印发〈X办法〉的通知 → X办法: the document a list names is the one it issues."""
    inner = re.search(r"[〈<]([^〉>]+)[〉>]", title)
    return inner.group(1) if inner else title


def _mention_quote(k: Knowledge, entry: DocNoEntry, prefer: str = "") -> tuple[DocMeta, str, str] | None:
    # The sentence that changed the status first (its source shows), then those with the preferred action.
    mentions = sorted(
        entry.mentions, key=lambda m: (m.chunk_id != entry.status_chunk, prefer not in m.action)
    )
    for m in mentions:
        row = k.chunk(m.chunk_id)
        if row:
            return row[1], row[0].section, m.sentence
    if entry.own_doc_id:
        for chunk, meta in k.rows_of([entry.own_doc_id]):
            if chunk.chunk_no == 0:
                line = next(
                    (ln for ln in chunk.text.splitlines() if fold(entry.doc_number) in fold(ln)),
                    chunk.text.splitlines()[0],
                )
                return meta, chunk.section, line
    return None


# -- registry answers ----------------------------------------------------------------------
def docno(ctx: Context) -> Answer | None:
    if ctx.question.kind is not Kind.DOCNO:
        return None
    answers = []
    for key in ctx.question.docnos:  # 焦办〔2020〕23号和焦发〔2020〕23号分别是啥: each of them
        entry = ctx.knowledge.docnos.get(key)
        answers.append(
            _docno_answer(ctx, entry)
            if entry
            else ctx.refuse(Refusal.UNKNOWN_DOCNO, "not_found_docno", doc_number=key)
        )
    return answers[0] if len(answers) == 1 else compound.join(ctx.question.text, answers)


def _docno_answer(ctx: Context, entry: DocNoEntry) -> Answer:
    """What a 文号 is: title, issuer and status as the corpus records them, citing the sentence."""
    key = entry.doc_number
    cites = Citations()
    status_key = {"有效": "status_valid", "已废止": "status_repealed", "已修订": "status_revised"}.get(
        entry.status, "status_unknown"
    )
    action = next((m.action for m in entry.mentions if m.action in ("制定", "印发")), "印发")
    year = entry.status_year or entry.year
    src = _mention_quote(ctx.knowledge, entry, prefer="废止" if entry.status == "已废止" else "")
    if year and src and str(year) not in src[2]:
        year = None  # say only what the quoted sentence says
    status = ctx.templates[
        status_key if year or status_key == "status_unknown" else status_key + "_undated"
    ].render(year=year, action="新制定" if action == "制定" else action)
    issuer = ctx.templates["docno_issuer"].render(issuer=entry.issuer) if entry.issuer else ""
    text = ctx.templates["docno_found"].render(
        doc_number=key, title=entry.title or "（标题未载明）", issuer_part=issuer, status_part=status
    )
    if ctx.question.asks_status and status_key != "status_unknown":
        # 还有效吗 is answered by its word first (有效。), the registry's record after it
        text = ctx.templates["status_word"].render(status=entry.status) + text
    if src:
        text += cites.add(*src)
    return ctx.answer(text, cites.items)


def _of_scope(ctx: Context, picked: list[tuple[DocNoEntry, str]]) -> list[tuple[DocNoEntry, str]]:
    """The documents whose record the question is about: told in the documents it names, else in the home
    organization's own when they tell any (去年制定了哪些文件 asks of 咱局); of the kind of document it names
    (行政规范性文件) when a record says that kind."""

    def told_in(entry_chunk: tuple[DocNoEntry, str], docs: frozenset[str]) -> bool:
        row = ctx.knowledge.chunk(entry_chunk[1])
        return row is not None and row[1].doc_id in docs

    if ctx.scope.docs is not None:
        picked = [p for p in picked if told_in(p, ctx.scope.docs)]
    elif own := [p for p in picked if told_in(p, ctx.scope.home)]:
        picked = own
    asked = next((k for k in _DOCUMENT_KINDS if k in ctx.question.folded), None)
    if asked:
        of_kind = [
            (e, cid)
            for e, cid in picked
            if any(asked in fold(m.sentence) for m in e.mentions if m.chunk_id == cid)
        ]
        picked = of_kind or picked
    return picked


def docno_list(ctx: Context) -> Answer | None:
    if ctx.question.kind is not Kind.DOCNO_LIST:
        return None
    action = ctx.question.action or "制定"
    picked: list[tuple[DocNoEntry, str]] = []
    for entry in ctx.knowledge.docnos.values():
        for m in entry.mentions:
            if m.action != action and not (action in ("制定", "印发") and m.action in ("制定", "印发")):
                continue
            row = ctx.knowledge.chunk(m.chunk_id)
            years = {int(y) for y in YEAR.findall(m.sentence)}
            if row and row[1].year:
                years.add(row[1].year)
            if ctx.question.years and not (set(ctx.question.years) & years):
                continue
            picked.append((entry, m.chunk_id))
            break
    picked = _of_scope(ctx, picked)
    if not picked:
        subject = f"{ctx.question.years[0]}年{action}文件" if ctx.question.years else f"{action}文件"
        return ctx.refuse(Refusal.NO_EVIDENCE, "not_found", subject=subject)
    cites = Citations()
    items = "、".join(f"《{_short_title(e.title)}》({e.doc_number})" for e, _ in picked)
    year_part = f"{ctx.question.years[0]}年" if ctx.question.years else ""
    quotes = "".join(m.sentence for e, cid in picked for m in e.mentions if m.chunk_id == cid)
    # The documents are named the way the quoted sentences name them (3个行政规范性文件), else 文件.
    kind = next((k for k in _DOCUMENT_KINDS if k in fold(quotes)), "文件")
    # The count is said only when a quoted sentence says it too (每个数字都见于引文).
    count = f"共{len(picked)}个" if f"{len(picked)}个" in fold(quotes) else ""
    text = ctx.templates["docno_list"].render(
        year_part=year_part, action=action, kind=kind, count=count, items=items
    )
    marks = []
    for e, cid in picked:
        row = ctx.knowledge.chunk(cid)
        m = next(x for x in e.mentions if x.chunk_id == cid)
        if row:
            marks.append(cites.add(row[1], row[0].section, m.sentence))
    text = text.rstrip("。") + "。" + "".join(dict.fromkeys(marks))
    return ctx.answer(text, cites.items)


def title_to_docno(ctx: Context) -> Answer | None:
    if ctx.question.kind is not Kind.TITLE_TO_DOCNO:
        return None
    title = ctx.question.quoted_title
    if not title:
        m = _TITLE_BEFORE_ASK.search(ctx.question.folded)
        # …办法是哪个文印发的，文号多少: the name ends where a question frame or another clause begins
        title = _TITLE_ENDS.split(m.group(1), maxsplit=1)[0] if m else ""
    if ctx.scope.absent_place:
        return ctx.refuse(Refusal.NO_SUBJECT, "not_found_term", term=ctx.scope.absent_place)
    # 依据的是哪个文件, 贯彻哪个文件出台的: a document it cites, not itself
    basis = _BASIS.search(ctx.question.folded) is not None or "basis" in ctx.question.asks
    if basis and (cited := _cited(ctx, basis=True)) is not None:
        return (
            cited  # 《…通知》依据的认定管理办法: the title named is the citing document's, not the one asked
        )
    entries = match_title(ctx.knowledge.docnos, title) if title else []
    if not entries:
        entries = _described(ctx)
    if prefix := ctx.question.docno_prefix:
        # 黔农发(2010)几号: the 代字 and year remembered pick among the documents numbered so, by the description.
        numbered = _numbered(ctx, prefix)
        entries = _described(ctx, within=numbered)
    # 那个批复的文号: a document of the type asked, never the 请示 it answers (whose 文号 it cites).
    asked = _types_named(ctx.question.folded)
    entries = [e for e in entries if _of_types(e.title, asked)]
    if not entries and ctx.question.meta_field == "doc_number" and not ctx.terms and not basis:
        return _meta_answer(ctx, "doc_number")  # 这份报告的文号: the document the conversation is about
    if not entries and (cited := _cited(ctx)) is not None:
        return cited
    if not entries:
        if ctx.question.years and _described(ctx, any_year=True):
            return ctx.refuse(
                Refusal.WRONG_YEAR, "not_found_year", year=ctx.question.years[0], have="其他年份"
            )
        if not (title := title.strip("，,的 ")):
            return ctx.refuse(Refusal.NO_SUBJECT, "not_found", subject="所问文件的文号")
        return ctx.refuse(Refusal.NO_SUBJECT, "not_found_title", title=title)
    e = entries[0]
    if ctx.question.asks_status:  # 文号多少，还能用不: the status too
        return _docno_answer(ctx, e)
    cites = Citations()
    text = ctx.templates["title_to_docno"].render(title=e.title, doc_number=e.doc_number)
    src = _mention_quote(ctx.knowledge, e)
    if src:
        text += cites.add(*src)
    return ctx.answer(text, cites.items)


# The title a question names before it asks the 文号 (…办法的文号, …办法是市政府令第几号).
_TITLE_BEFORE_ASK = re.compile(r"(.{4,60}?)(?:的)?(?:文号|发文字号|是[^，。？?]{0,8}?(?:第几号|几号|令))")
_TITLE_ENDS = re.compile(r"[，,。；;？?]|(?:是|由|被|在)?(?:哪个|哪一?份|哪家|什么|啥|多少|几)")
_CITED_TITLE = re.compile(r"《([^》]{4,80})》\s*[（(]?\s*$")
_BASIS = BASIS_WORD
# The words right before a cited title, back to the list mark or conjunction before them: its issuer, when written.
_ISSUED_BY = re.compile(r"[^、和及与》）)]{0,12}$")
_CLAUSE_END = re.compile(r"[，。；,;]")
_REFERENCE_WORDS = re.compile(rf"文号|发文字号|字号|文件|引用|提到|{_BASIS.pattern}")


def _cited(ctx: Context, basis: bool = False) -> Answer | None:
    """A 文号 a named document cites (决定里引用的省委省政府文件文号): the 《title》(文号) in its text whose
    title carries the description; asked for its basis (依据的是哪个文件, 参照了哪个办法), a title it cites after
    根据 / 按照 / 参照, the first such when the question describes it no further."""
    if ctx.scope.docs is None:
        return None
    terms = [t for t in ctx.terms if not _REFERENCE_WORDS.search(t.word)]
    if not terms and not basis:
        return None
    # The type asked (哪个措施) is the question's beside the title it names (青禾创新券办法 is the citing one).
    asked = ctx.question.folded
    for cue in ctx.scope.cues:
        asked = asked.replace(cue, "")
    types = _types_named(asked)
    best: tuple[tuple[int, float, bool], str, str, Evidence] | None = None
    for e in in_order(ctx.evidence) if basis else ctx.evidence:
        if e.meta.doc_id not in ctx.scope.docs:
            continue
        for d in find_docnos(e.text):
            title = _CITED_TITLE.search(e.text[: d.start])
            if title is None or not _of_types(title.group(1), types):
                continue
            # 参照《A》(…)、《B》(…)和《C》(…): every title of the clause a basis word opens is cited as a basis.
            clause = _CLAUSE_END.split(e.text[: title.start()])[-1]
            if basis and not (_BASIS.search(clause) or CARRIES_OUT.search(clause)):
                continue
            # the body that issued it, written right before the title (和省委、省政府《…》), tells it from the others
            key = match_key(
                issuer.group(0) + title.group(1) if (issuer := _ISSUED_BY.search(clause)) else title.group(1)
            )
            fit = coverage(terms, key)[0] if terms else 0.0
            # A place or body the question named (参照了重庆市哪个办法) picks among the cited titles first. Asked
            # for a basis, the best fitting of the titles cited as one answers (the first when none fits better:
            # the words of 宿州研发经费奖励公示依据的是哪个文件 describe the citing document, not a cited one).
            # a title the clause says it acts under (依据《…》) before one it carries out (贯彻落实《…》精神)
            score = (sum(match_key(c) in key for c in ctx.scope.cues), fit, _BASIS.search(clause) is not None)
            if (basis or fit >= policy.TITLE_COVERAGE) and (best is None or score > best[0]):
                best = (score, title.group(1), d.key, e)
    if best is None:
        return None
    _, title_text, number, e = best
    cites = Citations()
    text = ctx.templates["title_to_docno"].render(title=title_text, doc_number=number)
    return ctx.answer(text + cites.add(e.meta, e.chunk.section, e.text), cites.items)


def _numbered(ctx: Context, prefix: str) -> list[DocNoEntry]:
    """The documents whose 文号 starts with the longest tail of ``prefix``'s characters and its 〔年〕."""
    chars, year = prefix.split("〔", 1)
    for start in range(max(len(chars) - 10, 0), len(chars) - 1):
        head = f"{chars[start:]}〔{year}"
        if found := [e for e in ctx.knowledge.docnos.values() if e.doc_number.startswith(head)]:
            return found
    return []


def _described(
    ctx: Context, any_year: bool = False, within: list[DocNoEntry] | None = None
) -> list[DocNoEntry]:
    """The numbered documents a description fits (咱局今年报的法治政府建设报告, 新的工程中心管理办法): by how
    much of the description their title, issuer and 主送 carry, among the documents the question names
    (or mentioned in them), in the year asked. ``within``: documents already picked by their 文号's 代字 and
    year, ranked by the description however little of it they carry."""
    q = ctx.question
    # Among documents numbered alike, every word of the description tells them apart, those that picked the
    # documents too (植保 picked both 汴农发 decisions' place; 植保 tells which).
    described_by = ctx.terms if within is None else terms_of(q, ctx.knowledge, ctx.vocab)
    terms = [t for t in described_by if not _DOCNO_WORDS.search(t.word)]
    framed = [t for t in terms if t.word not in q.docno_phrase]
    if len(framed) < len(terms):
        # 哪个文印发的: 印发 describes the cover notice (关于印发…的通知) when its title says so, and otherwise
        # only frames the question; the description without it is tried when none fits with it.
        return _fitting(ctx, terms, any_year, within) or _fitting(ctx, framed, any_year, within)
    return _fitting(ctx, terms, any_year, within)


def _fitting(
    ctx: Context, terms: list[Term], any_year: bool, within: list[DocNoEntry] | None
) -> list[DocNoEntry]:
    q = ctx.question
    pool = ctx.scope.docs
    if not terms and pool and within is None:  # the title alone named the document (驻马店十四五…规划的文号)
        named = [ctx.knowledge.docnos.get(ctx.knowledge.docs[d].doc_number or "") for d in sorted(pool)]
        return [e for e in named if e is not None]
    ranked: list[tuple[float, DocNoEntry]] = []
    for entry in ctx.knowledge.docnos.values() if within is None else within:
        own = ctx.knowledge.docs.get(entry.own_doc_id or "")
        where = {m.doc_id for m in entry.mentions} | ({own.doc_id} if own else set())
        if pool is not None and not where & pool:
            continue
        years = {entry.year, entry.status_year}
        if own:
            years |= {own.year, int(own.date[:4]) if own.date else None}
        if q.years and not any_year and not set(q.years) & years:
            continue
        described = entry.title + (own.issuer + own.recipients if own else entry.issuer)
        if own is not None and pool is not None and own.doc_id in pool and own.doc_type in _ANSWERING:
            # An 答复 or 批复 says what it answers in its opening (关于加强…科技馆建设的提案经研究…): that describes it too.
            described += _opening(ctx, own.doc_id)
        cov, _ = coverage(terms, match_key(described))
        if cov >= policy.TITLE_COVERAGE or within is not None:
            ranked.append((cov + (policy.W_OWN_DOCUMENT if own else 0.0), entry))
    return [e for _, e in sorted(ranked, key=lambda r: -r[0])]


# Genres that open by naming what they answer (关于…的提案经研究, 你市《…的请示》收悉).
_ANSWERING = ("答复", "批复", "函", "复函")


def _opening(ctx: Context, doc_id: str) -> str:
    """The first sentence of a document's body."""
    for chunk, _ in ctx.knowledge.rows_of([doc_id]):
        if chunk.section not in FRONT_SECTIONS and (sentences := split_text(chunk.text)):
            return sentences[0][: policy.OPENING_MAX_CHARS]
    return ""


def meta(ctx: Context) -> Answer | None:
    if ctx.question.kind is not Kind.META:
        return None
    field_name = ctx.question.meta_field or "title"
    if field_name == "title" and (named := _named_in_text(ctx)) is not None:
        return named
    if len(ctx.question.meta_fields) > 1:  # 谁发的、落款哪天: each fact asked, of the same document
        each = [a for f in ctx.question.meta_fields if (a := _meta_answer(ctx, f)) is not None]
        found = [a for a in each if a.found]
        if len(found) > 1:
            return compound.join(ctx.question.text, found)
    return _meta_answer(ctx, field_name)


_NAMED = re.compile(r"《([^》]{4,80})》")


def _named_in_text(ctx: Context) -> Answer | None:
    """省厅去年发布的那个评价报告叫什么: a document the texts name (《…》) and the description fits better
    than the title of the document the question would otherwise be about."""
    if not ctx.terms or ctx.question.quoted_title:
        return None
    target = _target_doc(ctx)
    own_fit = coverage(ctx.terms, match_key(target.title))[0] if target else 0.0
    best: tuple[float, str, Evidence] | None = None
    for e in ctx.evidence[: policy.EVIDENCE_READ]:
        if e.coverage < policy.ANSWER_COVERAGE or not e.in_year:
            continue
        for name in _NAMED.findall(e.text):
            fit = coverage(ctx.terms, match_key(name), identity(e.meta))[0]
            if fit >= policy.TITLE_COVERAGE and fit > own_fit and (best is None or fit > best[0]):
                best = (fit, name, e)
    if best is None:
        return None
    _, name, e = best
    cites = Citations()
    return ctx.answer(
        ctx.templates["named_in_text"].render(name=name) + cites.add(e.meta, e.chunk.section, e.text),
        cites.items,
    )


def _meta_answer(ctx: Context, field_name: str) -> Answer | None:
    if ctx.question.docnos and not ctx.question.quoted_title:
        # 新科〔2022〕3号是哪个单位发的: the document the 文号 names, held or only cited, never the home one.
        entry = ctx.knowledge.docnos.get(ctx.question.docnos[0])
        if entry is None:
            return ctx.refuse(Refusal.UNKNOWN_DOCNO, "not_found_docno", doc_number=ctx.question.docnos[0])
        own = ctx.knowledge.docs.get(entry.own_doc_id or "")
        if own is None:
            return _docno_answer(ctx, entry)  # cited only: what the citing sentence says (title, issuer)
        meta = own
    else:
        # 审批流程是哪几家联合发的: a document the question describes, held or only cited, when the one it would
        # otherwise be about (named, or the bureau's own) does not fit the description.
        target = _target_doc(ctx)
        phrase = ctx.question.meta_phrase
        terms = [t for t in ctx.terms if not _DOCNO_WORDS.search(t.word) and t.word not in phrase]
        fits = (
            target is not None
            and coverage(terms, match_key(target.title + target.issuer))[0] >= policy.TITLE_COVERAGE
        )
        described = _described(ctx) if terms and not fits and not ctx.question.quoted_title else []
        own = ctx.knowledge.docs.get(described[0].own_doc_id or "") if described else None
        if described and own is None:
            return _docno_answer(ctx, described[0])
        found = own or target
        if found is None:
            return None
        meta = found
    # 何时公布, or a web page with no 成文日期: the date its page says it was put online (发布时间:…)
    published = _published(ctx.knowledge, meta) if field_name == "date" else None
    if published and ("发布" in ctx.question.meta_phrase or not meta.date):
        line, section, shown = published
        cites = Citations()
        text = ctx.templates["meta_published"].render(title=meta.title, value=shown)
        return ctx.answer(text + cites.add(meta, section, line), cites.items)
    if field_name == "printed_by" and not meta.printed_by and meta.issuer:
        field_name = "issuer"  # 谁印发的: without a 版记, the 发文机关 is who issued it
    value = getattr(meta, field_name, None)
    if not value:
        field = ctx.templates[f"field_{field_name}"].render()
        return ctx.refuse(Refusal.NO_EVIDENCE, "not_found_field", title=meta.title, field=field)
    shown_date = ""
    if field_name == "date":
        shown_date = _date_shown(ctx.knowledge, meta)[2]
        value = shown_date or _date_zh(str(value))
    date_part = (
        f"，印发日期为{_date_zh(meta.printed_date)}"
        if field_name == "printed_by" and meta.printed_date
        else ""
    )
    text = ctx.templates[f"meta_{field_name}"].render(title=meta.title, value=value, date_part=date_part)
    quote_line, section = _meta_line(ctx.knowledge, meta, field_name, str(value))
    cites = Citations()
    title_line = _meta_line(ctx.knowledge, meta, "title_line", meta.title)
    if re.search(r"\d", meta.title) and title_line[0] and title_line[0] != quote_line:
        # The title's own numbers (关于2023年…) are cited from the title line itself.
        text = text.replace(
            f"《{meta.title}》", f"《{meta.title}》{cites.add(meta, title_line[1], title_line[0])}", 1
        )
    if quote_line:
        text += cites.add(meta, section, quote_line)
    return ctx.answer(text, cites.items)


def _target_doc(ctx: Context) -> DocMeta | None:
    if ctx.question.quoted_title:
        for m in ctx.knowledge.docs.values():
            if fold(ctx.question.quoted_title) in fold(m.title):
                return m
    kinds = [w for w in ("报告", "通知", "决定", "办法", "意见", "方案", "规划") if w in ctx.question.folded]
    # 这份报告: the document the question names, else the bureau's own, else the best retrieved; among the named
    # ones, the one whose title shares most of the question's wording (河南印发科普基地管理办法的通知 names the
    # 省科技厅's notice, not another 河南 notice), of the type asked (a notice issuing a 办法 is of both types).
    preferred = ctx.scope.docs or ctx.scope.home
    named = sorted(
        (ctx.knowledge.docs[d] for d in preferred), key=lambda m: -_shared(ctx.question.folded, m.title)
    )
    ranked = named + [h.meta for h in ctx.hits]
    of_kind = [m for m in ranked if not kinds or {m.doc_type, *_issued_types(m.title)} & set(kinds)]
    if of_kind and not ctx.scope.docs:
        # The bureau's own documents are preferred, not forced: a retrieved one whose title says more of the
        # question (科技特派员那个转发通知) is the one meant. ``max`` keeps the first of equals: the bureau's.
        return max(of_kind, key=lambda m: _shared(ctx.question.folded, m.title))
    return of_kind[0] if of_kind else (ranked[0] if ranked else None)


def _issued_types(title: str) -> set[str]:
    """The types of the documents a 关于印发《X办法》的通知 issues (or forwards): it is a 办法's notice too."""
    if not re.search(r"印发|转发|发布", title):
        return set()
    return {doc_type_of(inner) for inner in re.findall(r"[《〈<]([^》〉>]+)[》〉>]", title)} - {""}


def _shared(question: str, title: str) -> int:
    """How many character pairs of ``title`` the question says."""
    grams = {title[i : i + 2] for i in range(len(title) - 1)}
    return sum(1 for g in grams if g in question)


def _meta_line(k: Knowledge, meta: DocMeta, field_name: str, value: str) -> tuple[str, str]:
    lines = [(c.section, ln) for c, _ in k.rows_of([meta.doc_id]) for ln in c.text.splitlines()]
    want = fold(value if field_name != "date" else "")
    if field_name == "printed_by":
        for i, (sec, ln) in enumerate(lines):
            if fold(meta.printed_by) in fold(ln):
                nxt = lines[i + 1][1] if i + 1 < len(lines) and "印发" in lines[i + 1][1] else ""
                return (ln + ("\n" + nxt if nxt and "印发" not in ln else "")), sec
    if field_name == "date" and meta.date:
        line, sec, _ = _date_shown(k, meta)
        return line, sec
    for sec, ln in lines:
        if want and want in fold(ln):
            return ln, sec
    # A value joined from several lines (丰都县科学技术局、丰都县财政局: a joint 机关标志): the line of its first
    # part; else the line carrying the document's 文号, so the answer still cites the document.
    first = fold(value.split("、")[0]) if field_name != "date" else ""
    number = fold(meta.doc_number or "")
    for key in (first, number):
        for sec, ln in lines:
            if key and key in fold(ln):
                return ln, sec
    return "", ""


# 2024-01-25, and as some pages space it out (日期: 2024- 01- 25 15: 27): the date is shown as the page writes it
_ISO_DATE = re.compile(r"(?:19|20)\d{2}\s*-\s*\d{1,2}\s*-\s*\d{1,2}")


def _date_shown(k: Knowledge, meta: DocMeta) -> tuple[str, str, str]:
    """(line, section, the date as the line writes it) of the document's date: 2020年01月07日 stays as printed, and
    a date the document writes (its 落款) is shown before a site's ISO field of the same day."""
    lines = [
        (chunk.section, line) for chunk, _ in k.rows_of([meta.doc_id]) for line in chunk.text.splitlines()
    ]
    for pattern in (DATE, _ISO_DATE):
        for section, line in lines:
            for m in pattern.finditer(line):
                text = m.group(0)
                if (parse_date(text) or _iso(text)) == meta.date:
                    return line, section, text
    return "", "", ""


_PUBLISHED_LABELS = ("发布时间", "发布日期", "公开日期")


def _published(k: Knowledge, meta: DocMeta) -> tuple[str, str, str] | None:
    """(line, section, the date as printed) of the page field saying when the document was put online."""
    for chunk, _ in k.rows_of([meta.doc_id]):
        for line in chunk.text.splitlines():
            found = fields(line) or {}
            for label in _PUBLISHED_LABELS:
                value = found.get(label, "")
                if m := DATE.search(value) or _ISO_DATE.search(value):
                    return line, chunk.section, m.group(0)
    return None


def _iso(text: str) -> str | None:
    y, m, d = (int(x.strip()) for x in text.split("-"))
    return f"{y:04d}-{m:02d}-{d:02d}"

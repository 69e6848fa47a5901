"""The look-alike edition generator (``jzbot.lookalike``): years moved, figures changed, places swapped, the rest kept."""

import pathlib
import re
import unicodedata
from decimal import Decimal

import pytest

from jzbot import lookalike as L

DATA = pathlib.Path(__file__).resolve().parent / "data"
KNOWLEDGE = pathlib.Path(__file__).resolve().parents[1] / "knowledge"


def fold(s):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def numbers(s):
    return {Decimal(x) for x in re.findall(r"\d+(?:\.\d+)?", fold(s).replace(",", ""))}


REPORT = """中共焦作市科学技术局党组文件

焦科组〔2024〕5号

关于2023年法治政府建设工作的报告

第一条 为规范管理，制定本办法。第十二条 本办法自发布之日起施行。

一、主要成效

（一）创新主体。一是全年净增高新技术企业 86 家，累计达到 474 家；备案入库科技型中小企业 680 家，位居全省第 8；
技术合同成交额 53.85 亿元，居全省第 5 位，同比增长 12.6%。二是市财政科技经费 3595.46 万元。
（二）人才。评选科技特派员 106 人，完成全年目标的 163%，完成率居全省第二位，综合排名居全省首位。
新认定三项标准，新建五家研发中心。
2023年度全市获奖 20 项。依据《焦作市科技计划管理办法》（焦科[2023]45号）、（焦政(2022)12号）、【2021】8号 和
豫科【2023】7号执行。二〇二三年十二月一日，2023-12-01 印发。
"""


# ---------------------------------------------------------------- years


def test_years_move_back_one_in_every_form():
    ed = L.last_year(REPORT, seed=3)
    t = ed.text
    assert "关于2022年法治政府建设工作的报告" in t
    assert "2022年度全市获奖" in t
    assert "二〇二二年十二月一日" in t  # Chinese-numeral year, month and day kept
    assert "2022-12-01" in t  # ISO date: year moved, month and day kept
    assert "焦科组〔2023〕" in t
    assert "焦科[2022]" in t and "焦政(2021)" in t and "【2020】" in t and "豫科【2022】" in t
    assert "2023年" not in t and "二〇二三" not in t
    assert all(k in ("year", "docno", "figure", "percent", "rank") for _, _, k in ed.changes)


def test_chinese_year_keeps_its_zero_character():
    ed = L.last_year("二○○八年七月三十一日", seed=0)
    assert ed.text == "二○○七年七月三十一日"
    assert L.last_year("二〇二〇年", seed=0).text == "二〇一九年"


# ---------------------------------------------------------------- 文号


def test_docno_year_back_and_serial_changed():
    ed = L.last_year(REPORT, seed=3)
    assert set(ed.docnos) == {
        "焦科组〔2024〕5号",
        "焦科[2023]45号",
        "焦政(2022)12号",
        "【2021】8号",
        "豫科【2023】7号",
    }
    for old, new in ed.docnos.items():
        assert new in ed.text and old not in ed.text
        oy, os_ = re.search(r"(\d{4})\D+(\d+)号", old).groups()
        ny, ns = re.search(r"(\d{4})\D+(\d+)号", new).groups()
        assert int(ny) == int(oy) - 1
        assert ns != os_
        assert re.sub(r"[\d]", "", old) == re.sub(r"[\d]", "", new)  # prefix and bracket style kept


def test_docno_in_other_bracket_forms_and_padding():
    ed = L.last_year("见粤科规范字〔2022〕012号和X市财发﹝2019﹞字第36号。", seed=1)
    assert re.search(r"粤科规范字〔2021〕0\d\d号", ed.text), ed.text
    assert re.search(r"X市财发﹝2018﹞字第\d+号", ed.text), ed.text
    assert "第36号" not in ed.text


def test_order_numbers_without_year_are_kept():
    text = "根据《河南省科学技术奖励办法》(省政府令第57号)和国务院令第711号。"
    ed = L.last_year(text, seed=0)
    assert ed.text == text


# ---------------------------------------------------------------- figures


def test_every_figure_changes_and_none_equals_an_original_number():
    ed = L.last_year(REPORT, seed=3)
    figs = [(o, n) for o, n, k in ed.changes if k in L.FIGURE_KINDS]
    originals = {fold(o) for o, _ in figs}
    for want in (
        "86家",
        "474家",
        "680家",
        "53.85亿元",
        "12.6%",
        "3595.46万元",
        "106人",
        "163%",
        "20项",
        "三项",
        "五家",
    ):
        assert want in originals, (want, originals)
    nums = numbers(REPORT)
    for o, n in figs:
        assert fold(o) != fold(n)
        for x in re.findall(r"\d+(?:\.\d+)?", fold(n)):
            assert Decimal(x) not in nums, (o, n)
        assert fold(n) not in fold(REPORT), (o, n)


def test_figures_keep_unit_decimals_and_magnitude():
    ed = L.last_year(REPORT, seed=3)
    got = {fold(o): fold(n) for o, n, k in ed.changes if k in ("figure", "percent")}
    new = got["53.85亿元"]
    assert re.fullmatch(r"\d+\.\d\d亿元", new)
    assert 0.55 <= float(new[:-2]) / 53.85 <= 1.45
    assert re.fullmatch(r"\d+\.\d\d万元", got["3595.46万元"])
    assert re.fullmatch(r"\d+\.\d%", got["12.6%"])
    big = int(got["474家"][:-1])
    assert 0.55 <= big / 474 <= 1.45
    assert re.fullmatch(r"[一二三四五六七八九十两]+项", got["三项"])


def test_round_amounts_stay_round():
    ed = L.last_year("一等奖50000元,二等奖10000元,专项资金1000万元。", seed=2)
    for o, n, _ in ed.changes:
        assert n != o
        assert re.fullmatch(r"\d+000元|\d+00万元", n), n


def test_percentages_stay_below_100():
    ed = L.last_year("满意率100%,覆盖率95%,完成全年目标的163%。", seed=5)
    got = {o: n for o, n, _ in ed.changes}
    assert int(got["100%"][:-1]) < 100 and int(got["95%"][:-1]) < 100
    assert got["163%"] != "163%"


def test_ranks_change_in_every_form():
    ed = L.last_year(REPORT, seed=3)
    ranks = [(o, n) for o, n, k in ed.changes if k == "rank"]
    assert len(ranks) == 4, ranks  # 第 8, 第 5 位, 第二位, 首位
    t = ed.text
    assert "位居全省第 8；" not in t and "居全省第 5 位" not in t
    assert "首位" not in t and "第二位" not in t
    assert re.search(r"居全省第[一三四五六七八九十]+位", t)
    assert re.search(r"综合排名居全省第\d+位", t)
    lst = L.last_year("总数分别达到13家、9家，位居全省第 4、5、5、6 位。", seed=1)
    m = re.search(r"第 (\d+)、(\d+)、(\d+)、(\d+) 位", lst.text)
    assert m and m.group(2) == m.group(3) and "4" not in m.groups()


# ---------------------------------------------------------------- what must stay


def test_article_and_section_numbers_untouched():
    ed = L.last_year(REPORT, seed=3)
    t = ed.text
    for keep in ("第一条", "第十二条", "一、主要成效", "（一）创新主体", "（二）人才", "一是", "二是"):
        assert keep in t, keep
    text = "第三章 第二十一条 (一)1.申报 二、第二次会议 第八批 第十三届 3月18日 17:00 电话:0391-3569856 党的二十大 “十四五” 五一"
    ed2 = L.last_year(text, seed=0)
    assert ed2.text == text, ed2.changes


def test_fixed_expressions_and_protected_tokens_untouched():
    text = (
        "严格落实中央八项规定精神，增强“四个意识”、做到“两个维护”。详见 http://kjj.jiaozuo.gov.cn/2023/45.html "
        "或 kjj2023@163.com，二十届中央纪委二次全会，一次性给予奖励。"
    )
    assert L.last_year(text, seed=0).text == text


# ---------------------------------------------------------------- sister city

SISTER = """中共焦作市科学技术局党组文件
焦科组〔2024〕5号
各县（市）区科技局，焦作市解放区、山阳区、中站区、马村区、修武县、博爱县、武陟县、温县、沁阳市、孟州市：
2023年，焦作市高企达到 474 家，位居全省第 4 位；孟州新增 12 家。依据《焦作市科技计划管理办法》（焦政〔2023〕8号）和豫发〔2013〕7号。
焦作市科技局办公室 2024年3月18日印发"""


def test_sister_swaps_places_prefix_and_figures_but_not_years():
    ed = L.sister_city(SISTER, "焦作", "新乡", seed=1)
    t = ed.text
    assert "焦作" not in t and "中共新乡市科学技术局党组文件" in t and "新乡市科技局办公室" in t
    for old in (
        L.CITIES["焦作"]["districts"] + L.CITIES["焦作"]["counties"] + L.CITIES["焦作"]["cities"] + ["孟州"]
    ):
        assert old not in t, old
    for new in ("红旗区", "卫滨区", "凤泉区", "牧野区", "获嘉县", "卫辉市"):
        assert new in t, new
    assert re.search(r"新科组〔2024〕\d+号", t) and re.search(r"新政〔2023〕\d+号", t)
    assert "焦科组" not in t and "焦政" not in t
    assert "豫发〔2013〕7号" in t  # another body's 文号: unchanged
    assert "2023年" in t and "2024年3月18日" in t  # years kept
    assert "474 家" not in t and "第 4 位" not in t and "12 家" not in t
    assert set(ed.docnos) == {"焦科组〔2024〕5号", "焦政〔2023〕8号"}
    kinds = {k for _, _, k in ed.changes}
    assert "year" not in kinds and {"place", "docno", "figure", "rank"} <= kinds


@pytest.mark.parametrize("city", ["新乡", "洛阳", "安阳", "鹤壁", "济源"])
def test_sister_table_for_each_city(city):
    ed = L.sister_city(SISTER, "焦作", city, seed=0)
    abbr = L.CITIES[city]["abbr"]
    assert city in ed.text and "焦作" not in ed.text
    assert re.search(rf"{abbr}科组〔2024〕\d+号", ed.text)
    units = L.CITIES[city]["districts"] + L.CITIES[city]["counties"] + L.CITIES[city]["cities"]
    assert sum(u in ed.text for u in units) >= min(len(units), 5)


def test_sister_swaps_both_ways():
    ed = L.sister_city("焦作市学习新乡市红旗区经验。", "焦作", "新乡", seed=0)
    assert ed.text.startswith("新乡市学习焦作市解放区")


def test_sister_reverse_home():
    ed = L.sister_city("新乡市科技局 新科〔2022〕3号 原阳县", home="新乡", sister="焦作", seed=0)
    assert ed.text.startswith("焦作市科技局 焦科〔2022〕") and "武陟县" in ed.text


# ---------------------------------------------------------------- determinism, avoid, CLI


def test_deterministic_and_idempotent_with_same_seed():
    a, b = L.last_year(REPORT, seed=7), L.last_year(REPORT, seed=7)
    assert a == b
    assert L.sister_city(SISTER, seed=2) == L.sister_city(SISTER, seed=2)
    assert L.last_year(REPORT, seed=7).text != L.last_year(REPORT, seed=8).text


def test_same_figure_same_replacement_within_a_text():
    ed = L.last_year("新增 2 家；另有 2 家；共 2 项。", seed=4)
    news = re.findall(r"(\d+) 家", ed.text)
    assert news[0] == news[1] != "2"


def test_avoid_keeps_older_editions_apart_from_newer_ones():
    e1 = L.last_year(REPORT, seed=1)
    e2 = L.last_year(e1.text, seed=2, avoid=[REPORT])
    nums = numbers(REPORT) | numbers(e1.text)
    for o, n, k in e2.changes:
        if k in ("figure", "percent"):
            for x in re.findall(r"\d+(?:\.\d+)?", fold(n)):
                assert Decimal(x) not in nums, (o, n)


# ---------------------------------------------------------------- real files


def _real_files():
    out = []
    for p in (DATA / "corpus", KNOWLEDGE):
        out += sorted(f for f in p.iterdir() if f.is_file() and f.suffix in (".txt", ".md"))
    return out


@pytest.mark.parametrize("path", _real_files(), ids=lambda p: p.name[:24])
def test_runs_on_every_real_file(path):
    text = path.read_text(encoding="utf-8")
    figures = [s for s in L.find_spans(text) if s.kind in ("figure", "percent", "rank")]
    for fn in (lambda t: L.last_year(t, seed=1), lambda t: L.sister_city(t, "焦作", "新乡", seed=1)):
        ed = fn(text)
        assert isinstance(ed, L.Edition)
        changed = [c for c in ed.changes if c[2] in L.FIGURE_KINDS]
        if figures:
            assert changed, path.name
            assert len(changed) == len(figures)
        for o, n, _ in ed.changes:
            assert o != n
    ly = L.last_year(text, seed=1)
    numbers(text)
    for o, n, k in ly.changes:
        if k in ("figure", "percent"):
            assert fold(n) not in fold(text), (path.name, o, n)
    if re.search(r"(?:19[5-9]|20[0-4])\d\s*年", text):
        assert any(k == "year" for _, _, k in ly.changes), path.name


def test_a_crowd_never_replaces_an_edition_the_knowledge_holds(tmp_path: pathlib.Path) -> None:
    from jzbot import evaluate

    plain = tmp_path / "plain"
    plain.mkdir()
    genuine = "焦作市科学技术局2022年度工作报告\n2022年全市技术合同成交额40.12亿元。\n"
    (plain / "jiaozuo-2022-report.txt").write_text(genuine, encoding="utf-8")
    (plain / "jiaozuo-2023-report.txt").write_text(
        "焦作市科学技术局2023年度工作报告\n2023年全市技术合同成交额53.85亿元。\n", encoding="utf-8"
    )
    (plain / "other").mkdir()
    (plain / "other" / "xinxiang-2023-report.txt").write_text(
        "新乡市科学技术局2023年度工作报告\n2023年全市技术合同成交额31.02亿元。\n", encoding="utf-8"
    )
    made = evaluate.crowd(plain, tmp_path / "crowded", "焦作市科学技术局")
    # 2023's last-year look-alike would be named 2022: the genuine 2022 edition stays as it was
    assert "jiaozuo-2022-report.txt" not in made
    assert (tmp_path / "crowded" / "jiaozuo-2022-report.txt").read_text(encoding="utf-8") == genuine
    assert "jiaozuo-2021-report.txt" in made
    # the sister city's 2023 edition is held (under another name, in another folder): no look-alike of it
    assert not any("2023" in m and "新乡" in m for m in made)
    assert any("2022" in m and "新乡" in m for m in made)  # its 2022 edition is not: a look-alike is made

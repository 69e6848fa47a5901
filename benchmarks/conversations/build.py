#!/usr/bin/env python3
"""Build tune.jsonl and holdout.jsonl from the conversations written below.

Every conversation was written from the documents alone (the bureau's report, /work/shared/corpus,
/work/shared/corpus3); nothing here was tuned to jzbot's answers. `python3 build.py` rewrites both
files; `python3 check.py` then verifies every expected string against the documents.

Conventions
  T(kind, question, all=[...], any=[...], none=[...], found=True, doc=None, max=None, nh=False)
  nh=True: the turn cannot be answered without the earlier turns (it omits the subject, the
  indicator, the document, the place or the year, or points back with 它/这个/上面说的).
  The first turn of a conversation is always self-contained.
  group: report (焦科组〔2024〕5号), corpus (/work/shared/corpus), corpus3 (/work/shared/corpus3):
  the group of the documents most of the conversation discusses; used to stratify the split.
"""

import json
import pathlib

REPORT = "焦科组〔2024〕5号"
D2013 = "焦政〔2013〕8号"
GUOFA = "国发〔2020〕2号"


def T(kind, question, all=(), any=(), none=(), found=True, doc=None, max=None, nh=False):
    case = {"kind": kind, "question": question}
    if all:
        case["expect_all"] = list(all)
    if any:
        case["expect_any"] = list(any)
    if none:
        case["expect_none"] = list(none)
    if not found:
        case["expect_found"] = False
    if doc:
        case["expect_doc"] = doc
    if max:
        case["max_chars"] = max
    case["needs_history"] = nh
    return case


def A(question, none=(), nh=True):
    """A turn whose inherited frame has no answer in the documents: must be refused."""
    return T("absent", question, none=none, found=False, nh=nh)


CONVERSATIONS = [
    # ------------------------------------------------------------------ report
    (
        "report",
        "高企：新增、累计、名次（无）、换指标科小",
        [
            T("figure", "去年咱市新增高企多少家", all=["86家"], doc=REPORT),
            T("figure", "累计呢", all=["474家"], doc=REPORT, nh=True),
            A("在全省排第几", none=["第8", "第4", "第5"]),
            T("figure", "那科小呢", any=["680家", "第8"], doc=REPORT, nh=True),
        ],
    ),
    (
        "report",
        "今年（2024）无数据须拒答，再问去年",
        [
            A("今年咱市新增高企多少家", none=["86家", "474家"], nh=False),
            T("figure", "那去年呢", all=["86家"], doc=REPORT, nh=True),
            T("figure", "累计到多少家了", all=["474家"], doc=REPORT, nh=True),
        ],
    ),
    (
        "report",
        "科小：数量、名次、前年（无）",
        [
            T("figure", "去年咱市备案入库的科技型中小企业有多少家", all=["680家"], doc=REPORT),
            T("figure", "全省排第几", all=["第8"], doc=REPORT, nh=True),
            A("前年呢", none=["680家", "103家"]),
            T("figure", "广水市2022年科小入库多少家", all=["103家"], none=["680家"]),
        ],
    ),
    (
        "report",
        "瞪羚企业：新增、总数、名次",
        [
            T("figure", "2023年焦作新增了多少家河南省瞪羚企业", all=["35家"], doc=REPORT),
            T("figure", "总数到多少了", all=["40家"], doc=REPORT, nh=True),
            T("figure", "名次呢", all=["第4"], doc=REPORT, nh=True),
            T("figure", "焦作去年新增了几家省级技术转移示范机构", all=["3家"], none=["35家"], doc=REPORT),
        ],
    ),
    (
        "report",
        "技术合同成交额：市、名次、换到全省",
        [
            T("figure", "去年全市技术合同成交额是多少", all=["53.85亿元"], none=["1367亿元"], doc=REPORT),
            T("figure", "在全省排第几", all=["第5位"], doc=REPORT, nh=True),
            T("figure", "那全省的成交额是多少", all=["1367亿元"], none=["53.85亿元"], nh=True),
            T(
                "figure",
                "鄞州区2023年区本级技术交易额是多少",
                all=["99.8亿元"],
                none=["1367亿元", "53.85亿元"],
            ),
        ],
    ),
    (
        "report",
        "省工程技术研究中心：新增、总数和名次、换到市级",
        [
            T("figure", "去年新增了多少家省工程技术研究中心", all=["63家"], doc=REPORT),
            T(
                "figure",
                "现在总共多少家，全省排第几",
                all=["230家"],
                any=["第5", "4、5、5、6"],
                doc=REPORT,
                nh=True,
            ),
            T("figure", "市级的呢", any=["613家", "65家"], doc=REPORT, nh=True),
        ],
    ),
    (
        "report",
        "中原英才计划、再问科技特派员",
        [
            T("figure", "去年新入选中原英才计划科技创新人才几个人", all=["8人"], doc=REPORT),
            T("figure", "累计呢", all=["29人"], doc=REPORT, nh=True),
            T("figure", "市派产业科技特派员评选了多少人", all=["106人"], doc=REPORT),
        ],
    ),
    (
        "report",
        "河南省科学技术奖：总数、其中进步奖二等奖、三等奖、自然科学奖",
        [
            T("figure", "2023年度全市获得河南省科学技术奖多少项", all=["20项"], doc=REPORT),
            T("figure", "其中科技进步奖二等奖几项", all=["9项"], none=["48项", "160项"], doc=REPORT, nh=True),
            T("figure", "三等奖呢", all=["6项"], none=["55项"], doc=REPORT, nh=True),
            T("figure", "自然科学奖的呢", all=["二等奖4项"], none=["45项"], doc=REPORT, nh=True),
        ],
    ),
    (
        "report",
        "财政科技经费：数额、下拨程序、法律依据",
        [
            T("figure", "去年市财政预算科技经费一共多少", all=["3595.46万元"], doc=REPORT),
            T(
                "fact",
                "这笔钱下拨前要走什么程序",
                all=["先向市政府报告"],
                any=["联合市财政部门下拨"],
                doc=REPORT,
                nh=True,
            ),
            T("fact", "法律依据呢", all=["预算法"], doc=REPORT, nh=True),
        ],
    ),
    (
        "report",
        "行政规范性文件：新制定、分别是、废止",
        [
            T("figure", "咱局2023年新制定了几个行政规范性文件", all=["3个"], doc=REPORT),
            T(
                "list",
                "分别是哪几个",
                all=["焦科〔2023〕2号", "焦科〔2023〕11号", "焦科〔2023〕45号"],
                doc=REPORT,
                nh=True,
            ),
            T("list", "废止了哪些", all=["焦科〔2011〕22号", "焦科〔2020〕6号"], doc=REPORT, nh=True),
            T("docno", "焦科〔2023〕11号是什么文件", all=["创新龙头企业管理办法"]),
        ],
    ),
    (
        "report",
        "被废止的文件：是什么、还执行吗、另一个呢",
        [
            T("docno", "焦科〔2011〕22号是啥文件", all=["工程技术研究中心管理暂行办法"]),
            T("fact", "这个文件现在还执行吗", all=["废止"], nh=True),
            T("fact", "那焦科〔2020〕6号呢", all=["废止"], nh=True),
            T("fact", "商科〔2015〕4号现在还有效吗", all=["有效"], none=["废止"]),
        ],
    ),
    (
        "report",
        "废止的工程中心文件、还有呢",
        [
            T("docno", "2023年咱局废止的工程技术研究中心那个文件文号是多少", all=["焦科〔2011〕22号"]),
            T("docno", "还废止了哪个", all=["焦科〔2020〕6号"], nh=True),
            T("docno", "焦科〔2023〕45号是什么文件", all=["工程技术研究中心管理办法"]),
        ],
    ),
    (
        "report",
        "焦科〔2023〕2号：内容、联合发文单位、它对从业人员的要求",
        [
            T("docno", "焦科〔2023〕2号是关于什么的", all=["科技类校外培训机构审批流程"]),
            T(
                "list",
                "哪几个部门联合发的",
                all=["焦作市教育局", "焦作市民政局", "焦作市市场监督管理局"],
                nh=True,
            ),
            T(
                "fact",
                "它对培训机构从业人员有什么要求",
                all=["无犯罪记录承诺书"],
                any=["不良诚信记录"],
                nh=True,
            ),
        ],
    ),
    (
        "report",
        "法律顾问：律所、人数、意见书、讲座",
        [
            T("fact", "咱局的法律顾问是哪家律所的", all=["河南先一法律事务所"], doc=REPORT),
            T("figure", "几个律师", all=["2名"], doc=REPORT, nh=True),
            T("figure", "去年法律顾问出具了几份法律意见书", all=["2份"], doc=REPORT),
            T("figure", "普法讲座呢", all=["1次"], doc=REPORT, nh=True),
        ],
    ),
    (
        "report",
        "人大建议、政协，再换到四川第94号建议",
        [
            T("figure", "去年咱局办理答复人大代表提案多少件", all=["8件"], doc=REPORT),
            T("figure", "政协的呢", all=["6件"], doc=REPORT, nh=True),
            T("fact", "四川省科技厅答复的第94号建议是哪位代表提的", all=["温政敏"], none=["8件"]),
            T("fact", "建议的是什么事", all=["宜宾"], any=["国家创新型试点城市", "国家创新型城市"], nh=True),
        ],
    ),
    (
        "report",
        "区域科技创新评价：名次、方面、范围，再问河南全国排名",
        [
            T("figure", "省厅的区域科技创新评价报告里咱焦作排第几", all=["第4位"], doc=REPORT),
            T(
                "list",
                "从哪几个方面评的",
                all=["科技创新环境", "科技活动投入", "科技活动产出", "高新技术产业化"],
                doc=REPORT,
                nh=True,
            ),
            T("figure", "一共评了多少个地方", all=["17个省辖市"], doc=REPORT, nh=True),
            T("figure", "河南省综合科技创新指数在全国排第几", all=["第17位"], none=["第4位"]),
        ],
    ),
    (
        "report",
        "不足和下一步",
        [
            T(
                "fact",
                "咱局去年法治政府建设还存在哪些不足",
                all=["专业技术人员力量不足"],
                any=["制度落实有时不够严格"],
                doc=REPORT,
            ),
            T(
                "fact",
                "下一步打算怎么做",
                any=["依法治市", "法治化营商环境", "法治建设新局面"],
                doc=REPORT,
                nh=True,
            ),
            T("fact", "河南省科技厅法治政府建设领导小组的组长由谁担任", all=["厅党组书记、厅长任组长"]),
        ],
    ),
    (
        "report",
        "信用体系建设：几件事、详细说说第二条、第三条",
        [
            T("list", "咱局信用体系建设方面做了哪几件事", all=["承诺制", "项目查重"], doc=REPORT),
            T("fact", "详细说说第二条", all=["不重复支持"], doc=REPORT, nh=True),
            T("fact", "第三条呢", all=["无犯罪记录承诺书"], doc=REPORT, nh=True),
            T("figure", "辽宁省科技厅2023年向多少家企业宣讲了科技创新税收优惠政策", all=["7000余家"]),
        ],
    ),
    (
        "report",
        "学习会次数：咱局 → 省厅 → 金水区（无）",
        [
            T("figure", "2023年局党组理论学习中心组开了几次学习会", all=["4次"], doc=REPORT),
            T("figure", "省厅呢", all=["5次"], none=["4次"], nh=True),
            A("金水区呢", none=["5次", "4次"]),
        ],
    ),
    (
        "report",
        "局班子研究依法行政、2022年（无）",
        [
            T("figure", "去年局班子研究和听取依法行政工作几次", all=["8次"], doc=REPORT),
            A("那2022年呢", none=["8次", "4次"]),
            T(
                "docno",
                "天津市科技局2018年法治政府建设是按照哪个纲要推进的",
                any=["中发〔2015〕36号", "法治政府建设实施纲要(2015—2020年)"],
            ),
        ],
    ),
    (
        "report",
        "咱局培训学的法律 → 金水区学法 → 他们的普法活动",
        [
            T(
                "list",
                "去年局法律顾问给干部讲了哪些法律法规",
                all=["民法典"],
                any=["科研失信行为调查处理规则"],
                doc=REPORT,
            ),
            T("list", "金水区科技局重点学习了哪些法律法规", all=["河南省优化营商环境条例"], none=["民法典"]),
            T(
                "fact",
                "他们的普法宣讲结合了哪些活动",
                any=["科技走访", "科技政策宣讲"],
                none=["科技大讲堂"],
                nh=True,
            ),
        ],
    ),
    (
        "report",
        "成果登记、技术转移示范机构、金水区（无）",
        [
            T("figure", "去年完成科技成果在线登记审核上报多少项", all=["90项"], doc=REPORT),
            T("figure", "省级技术转移示范机构呢", any=["15家", "3家"], doc=REPORT, nh=True),
            A("金水区的呢", none=["15家", "90项"]),
        ],
    ),
    (
        "report",
        "依法决策：依据的法律、三重一大、末位表态、上面说的法哪天施行",
        [
            T(
                "list",
                "省级工程技术研究中心认定这类重大事项咱局依照哪些法律法规决策",
                all=["科学技术进步法", "国家科学技术奖励条例"],
                doc=REPORT,
            ),
            T("fact", "咱局的“三重一大”事项怎么决定", all=["党组(扩大)会集体研究决定"], doc=REPORT),
            T("fact", "主要领导有什么要求", all=["末位表态"], doc=REPORT, nh=True),
            T("law", "上面说的第一部法律什么时候开始施行", all=["2022年1月1日"], nh=True),
        ],
    ),
    (
        "report",
        "本局报告：主送、印发日期、印发机关",
        [
            T("fact", "焦科组〔2024〕5号是报给谁的", all=["市委、市政府"], doc=REPORT),
            T("fact", "哪天印发的", all=["2024年3月18日"], doc=REPORT, nh=True),
            T("fact", "哪个部门印发的", all=["焦作市科技局办公室"], doc=REPORT, nh=True),
            T(
                "fact",
                "辽宁省科技厅的法治政府建设情况报告是哪天发布的",
                all=["2024年02月20日"],
                none=["2024年3月18日"],
            ),
        ],
    ),
    (
        "report",
        "行政服务事项：数量、有无审批、天津的审批事项",
        [
            T("figure", "咱局有多少项行政服务事项", all=["21项"], doc=REPORT),
            T("fact", "有没有行政审批事项", all=["无行政审批事项"], doc=REPORT),
            T("figure", "天津市科技局2018年审批事项减了多少", all=["16个减至14个"], none=["21项"]),
        ],
    ),
    # ------------------------------------------------------------------ corpus
    (
        "corpus",
        "焦作市科技进步奖奖金：2013 一等、二等，2008，2023（无）",
        [
            T("figure", "焦作市2013年度科技进步奖一等奖每项奖金多少", all=["10万元"], doc=D2013),
            T("figure", "二等奖呢", all=["2万元"], none=["10000元"], doc=D2013, nh=True),
            T("figure", "那2008年呢", all=["10000元"], none=["2万元"], nh=True),
            A("2023年度的呢", none=["10000元", "2万元", "9项"]),
        ],
    ),
    (
        "corpus",
        "焦政〔2013〕8号：是什么、二等奖项数、依据、成文日期",
        [
            T("docno", "焦政〔2013〕8号是什么文件", all=["2013年度科技进步奖"], doc=D2013),
            T("figure", "二等奖授了几项", all=["48项"], none=["160项", "9项"], doc=D2013, nh=True),
            T(
                "list",
                "依据的是哪些规定",
                all=["河南省科学技术奖励办法", "焦作市科学技术奖励办法"],
                doc=D2013,
                nh=True,
            ),
            T("fact", "哪天成文的", all=["2013年11月8日"], doc=D2013, nh=True),
        ],
    ),
    (
        "corpus",
        "2008年度市科技进步奖：项数、奖金、日期、法律依据",
        [
            T("figure", "焦作2008年度全市科技进步奖一共奖励了多少项", all=["81项"]),
            T("figure", "一等奖奖金多少", all=["50000元"], none=["10万元"], nh=True),
            T("fact", "这个决定是哪天作出的", all=["二○○八年七月三十一日"], nh=True),
            T("list", "法律依据呢", all=["国家科学技术奖励条例"], none=["河南省科学技术奖励办法"], nh=True),
        ],
    ),
    (
        "corpus",
        "科技进步法：施行日期、科技工作者日、第几条",
        [
            T("law", "科学技术进步法哪天起施行", all=["2022年1月1日"]),
            T("fact", "全国科技工作者日是哪天", all=["5月30日"]),
            T("law", "这是它第几条规定的", all=["第十八条"], nh=True),
        ],
    ),
    (
        "corpus",
        "科技进步法：税收优惠企业、加计扣除、第六十八条",
        [
            T(
                "law",
                "科学技术进步法规定哪些企业享受税收优惠",
                all=["科技型中小企业"],
                any=["投资初创科技型企业的创业投资企业"],
            ),
            T("law", "企业研发费用能不能加计扣除，是哪一条", all=["第四十一条"], any=["加计扣除"]),
            T("law", "第六十八条讲的是什么", all=["予以免责"], nh=True),
        ],
    ),
    (
        "corpus",
        "成果转化法：转让奖励比例、自行实施、施行日期",
        [
            T("law", "促进科技成果转化法规定转让职务科技成果，给完成人的奖励不低于多少", all=["百分之五十"]),
            T("law", "自行实施转化的呢", all=["百分之五"], any=["三至五年"], nh=True),
            T("law", "这部法什么时候施行的", all=["1996年10月1日"], none=["2022年1月1日"], nh=True),
            T("law", "科学技术进步法是哪天施行的", all=["2022年1月1日"], none=["1996年10月1日"]),
        ],
    ),
    (
        "corpus",
        "年度报告时限：政府信息公开（部门、政府）→ 法治政府建设年度报告",
        [
            T("law", "县级以上政府部门的政府信息公开工作年度报告要在什么时间前提交", all=["1月31日"]),
            T("law", "县级以上地方政府的呢", all=["3月31日"], none=["1月31日"], nh=True),
            T(
                "fact",
                "那法治政府建设年度报告呢，政府部门什么时候前报",
                all=["3月1日"],
                none=["1月31日"],
                nh=True,
            ),
            T("fact", "报给谁", all=["本级党委和政府"], any=["上一级政府有关部门"], nh=True),
        ],
    ),
    (
        "corpus",
        "重大行政决策程序暂行条例：征求意见、合法性审查、听证、施行",
        [
            T("law", "重大行政决策向社会公开征求意见的期限一般不少于多少天", all=["30日"]),
            T("law", "送合法性审查的时间呢", all=["7个工作日"], nh=True),
            T("law", "听证会材料要提前几天送达", all=["7日前"], nh=True),
            T("law", "这个条例哪天施行", all=["2019年9月1日"], none=["2019年5月15日"], nh=True),
        ],
    ),
    (
        "corpus",
        "河南省科技厅：考核、研发经费、增速、辽宁（无）",
        [
            T("fact", "省科技厅法治政府建设考核连续几年获得优秀", all=["连续7年"]),
            T("figure", "2022年全省研发经费支出多少", all=["1143.26亿元"]),
            T("figure", "增速呢", all=["12.2%"], nh=True),
            A("辽宁的呢", none=["1143.26亿元", "12.2%"]),
        ],
    ),
    (
        "corpus",
        "河南：院士、外籍、全省成交额、咱市",
        [
            T("figure", "2023年河南新晋两院院士几人", all=["3人"]),
            T("figure", "外籍院士呢", all=["外籍院士3人"], nh=True),
            T("figure", "截至2023年底全省技术合同成交额多少", all=["1367亿元"], none=["53.85亿元"]),
            T("figure", "咱市的呢", all=["53.85亿元"], none=["1367亿元"], doc=REPORT, nh=True),
        ],
    ),
    (
        "corpus",
        "辽宁省科技厅：政策措施、宣讲企业、发布日期、处室",
        [
            T("figure", "辽宁省科技厅2023年出台了多少件政策措施", all=["5件"]),
            T("figure", "科技创新税收优惠政策向多少家企业宣讲了", all=["7000余家"], nh=True),
            T("fact", "这份报告哪天发布的", all=["2024年02月20日"], none=["2024-02-21"], nh=True),
            T("fact", "来源是哪个处", all=["政策法规与制度创新处"], nh=True),
        ],
    ),
    (
        "corpus",
        "天津2018：减事项、占比、减材料、2019（无）",
        [
            T("figure", "天津市科技局2018年行政审批事项数减了多少", all=["16个减至14个"]),
            T("figure", "取消比例是多少", all=["12.5%"], nh=True),
            T("figure", "申报材料呢", all=["49个"], any=["37.2%", "78个"], nh=True),
            A("那2019年呢", none=["16个", "12.5%", "37.2%"]),
        ],
    ),
    (
        "corpus",
        "法治政府建设年度报告工作指引：主体、省委时限、依据；咱局报给谁",
        [
            T("fact", "法治政府建设年度报告的报告主体有哪些", all=["县级以上政府部门"]),
            T("fact", "省委和省政府什么时候前报告", all=["4月1日"], nh=True),
            T("list", "这个指引依据的是哪些文件", all=["中发〔2021〕33号", "厅字〔2019〕28号"], nh=True),
            T("fact", "咱局的2023年法治政府建设工作报告报给了谁", all=["市委、市政府"], doc=REPORT),
        ],
    ),
    (
        "corpus",
        "驻政〔2022〕11号：是什么、还有效吗、规划期、成文日期",
        [
            T("docno", "驻政〔2022〕11号是什么文件", all=["一流创新生态建设规划"]),
            T("fact", "现在还有效吗", all=["有效"], nh=True),
            T("fact", "规划期是哪几年", all=["2021—2025年"], nh=True),
            T("fact", "成文日期呢", any=["2022年2月17日", "2022-02-17"], none=["2022-03-09"], nh=True),
        ],
    ),
    (
        "corpus",
        "孟州方案：谁起草、起草依据、怎么报批",
        [
            T("fact", "孟州市2021年科技创新专项行动方案是哪个单位制定的", all=["孟州市科工局"]),
            T(
                "list",
                "起草依据有哪些",
                all=["焦办〔2020〕23号", "焦发〔2020〕23号", "焦发〔2020〕24号"],
                nh=True,
            ),
            T("fact", "怎么报批的", all=["经法制审核后"], any=["报市政府印发"], nh=True),
        ],
    ),
    (
        "corpus",
        "金水区报告：年度、平安建设；再问辽宁的指南",
        [
            T("fact", "郑州市金水区科学技术局的法治政府建设工作报告是哪个年度的", all=["2024年度"]),
            T("fact", "他们是什么建设的成员单位", all=["平安建设成员单位"], nh=True),
            T("fact", "辽宁省科技厅编制印发的办事指南叫什么", all=["办事不找关系指南"]),
        ],
    ),
    # ------------------------------------------------------------------ corpus3
    (
        "corpus3",
        "国家级孵化器评价：优秀、不合格、文号（前接咱市孵化器）",
        [
            T("figure", "咱市省级科技企业孵化器有几家", all=["9家"], doc=REPORT),
            T("figure", "2021年度国家级科技企业孵化器评价有多少家评为优秀", all=["386家"], none=["9家"]),
            T("figure", "不合格的呢", all=["12家"], nh=True),
            T("docno", "这个通知的文号是多少", all=["国科火字〔2022〕222号"], nh=True),
        ],
    ),
    (
        "corpus3",
        "广水：高企、科小、咱焦作去年、涨了多少（无）",
        [
            T("figure", "广水市2022年新认定高新技术企业多少家", all=["15家"]),
            T("figure", "科小入库呢", all=["103家"], nh=True),
            T("figure", "那咱焦作去年呢", all=["680家"], none=["103家"], doc=REPORT, nh=True),
            A("比上年涨了多少", none=["106%", "66.6%"]),
        ],
    ),
    (
        "corpus3",
        "广水：科小增长、谁负责的",
        [
            T("figure", "广水市2022年科技型中小企业入库数量比上年增长多少", all=["106%"]),
            T("fact", "这项工作是谁负责的", all=["高新技术股"], nh=True),
            T("figure", "巫山县到2027年高新技术企业目标是多少家", all=["90家"], none=["15家"]),
        ],
    ),
    (
        "corpus3",
        "巫山双倍增：2025高企、科技型企业、2027、小巨人",
        [
            T("figure", "巫山县双倍增行动计划到2025年高新技术企业目标是多少家", all=["75家"]),
            T("figure", "科技型企业呢", all=["690家"], nh=True),
            T("figure", "到2027年呢", all=["870家"], nh=True),
            T("figure", "专精特新小巨人呢", all=["8家"], nh=True),
        ],
    ),
    (
        "corpus3",
        "西吉公示：项数、公示期、电话",
        [
            T("figure", "西吉县2022年科技研发计划项目确定了多少项", all=["20项"]),
            T("fact", "这个公示到什么时候", all=["2022年5月19日"], nh=True),
            T("fact", "有疑问打哪个电话", all=["0954-3015006"], nh=True),
            T(
                "fact",
                "南宁市2023年科学研究与技术开发计划拟立项项目公示到哪天",
                all=["5月5日"],
                none=["2022年5月19日"],
            ),
        ],
    ),
    (
        "corpus3",
        "南宁拟立项公示：项数、经费、首次拨款、公示期",
        [
            T("figure", "南宁市2023年科学研究与技术开发计划拟立项多少项", all=["36项"]),
            T("figure", "拟下达经费多少", all=["925万元"], nh=True),
            T("figure", "首次拨多少", all=["605万元"], nh=True),
            T("fact", "这个公示到什么时候", all=["5月5日"], nh=True),
        ],
    ),
    (
        "corpus3",
        "慈溪研发机构公示：家数、每家奖励、合计、异议期",
        [
            T("figure", "慈溪市2022年度第一批企业研发机构拟认定备案多少家", all=["59家"]),
            T("figure", "每家奖励多少", all=["3万元"], nh=True),
            T("figure", "一共多少钱", all=["171万元"], nh=True),
            T("fact", "有异议几天内提出", all=["5个工作日"], nh=True),
        ],
    ),
    (
        "corpus3",
        "阳江转发通知：截止、材料交给谁、书面截止",
        [
            T(
                "fact",
                "阳江转发的2017年度省科技发展专项资金项目申报通知，网上申报截止到哪天",
                all=["10月31日"],
            ),
            T("fact", "书面申报书交给谁", any=["送交各县(市、区)科技局", "分送我局相关科室"], nh=True),
            T("fact", "那县科技局汇总后报到市局的截止时间呢", all=["11月11日"], nh=True),
            T(
                "fact",
                "安阳转发的2025年河南省科普宣教中心申报通知截止到什么时候",
                all=["5月12日"],
                none=["10月31日"],
            ),
        ],
    ),
    (
        "corpus3",
        "阳江：国际合作领域负责科室、联系人、电话、高新区领域",
        [
            T("fact", "阳江市科技局推荐工作中国际科技合作领域由哪个科负责", all=["产学研合作科"]),
            T("fact", "联系人是谁", all=["陈琴"], nh=True),
            T("fact", "电话多少", all=["2830106"], none=["3418428"], nh=True),
            T("fact", "高新区及孵化育成体系建设领域的呢", all=["3418428"], none=["2830106"], nh=True),
        ],
    ),
    (
        "corpus3",
        "第八批国家农业科技园区：家数、寄送时限、地址、电话",
        [
            T("figure", "国科办农〔2018〕100号认定了多少家国家农业科技园区", all=["32家"]),
            T("fact", "材料什么时候前寄送", all=["2019年1月31日"], nh=True),
            T("fact", "寄到哪里", all=["中国农村技术开发中心"], any=["三里河路54号"], nh=True),
            T("fact", "电话多少", all=["010-68529737"], nh=True),
        ],
    ),
    (
        "corpus3",
        "农业科技园区四大功能、那份通知的文号",
        [
            T(
                "list",
                "第八批国家农业科技园区要拓展哪四大功能",
                all=["农村创新创业", "成果展示示范", "成果转化推广", "职业农民培训"],
            ),
            T("docno", "那份通知的文号是多少", all=["国科办农〔2018〕100号"], nh=True),
            T(
                "docno",
                "国家级科技企业孵化器2021年度评价结果的通知文号是多少",
                all=["国科火字〔2022〕222号"],
                none=["国科办农〔2018〕100号"],
            ),
        ],
    ),
    (
        "corpus3",
        "2019年度国家科学技术奖：最高奖、进步奖一等、二等、技术发明奖",
        [
            T("fact", "2019年度国家最高科学技术奖授予了谁", all=["黄旭华", "曾庆存"], doc=GUOFA),
            T("figure", "国家科学技术进步奖一等奖几项", all=["22项"], doc=GUOFA, nh=True),
            T("figure", "二等奖呢", all=["160项"], none=["48项", "9项"], doc=GUOFA, nh=True),
            T("figure", "技术发明奖的呢", all=["62项"], doc=GUOFA, nh=True),
        ],
    ),
    (
        "corpus3",
        "济南高新区细则：10亿、1亿、100亿、依据文号",
        [
            T("figure", "济南高新区企业主营业务收入首次突破10亿元的工业企业奖励多少", all=["100万元"]),
            T("figure", "1亿元的呢", all=["50万元"], nh=True),
            T("figure", "突破100亿元的呢", all=["500万元"], nh=True),
            T("docno", "这个细则依据的政策文号是什么", all=["济高管办发〔2019〕1号"], nh=True),
        ],
    ),
    (
        "corpus3",
        "商科〔2015〕4号：先进单位数、科普单位、还有效吗、日期",
        [
            T("figure", "商科〔2015〕4号表彰了多少个先进单位", all=["9个"]),
            T("fact", "科普工作先进单位是哪个", all=["睢县工业信息化和科技局"], nh=True),
            T("fact", "这个文件现在还有效吗", all=["有效"], nh=True),
            T("fact", "落款日期是哪天", all=["2015年1月28日"], none=["2015-10-23"], nh=True),
        ],
    ),
    (
        "corpus3",
        "商丘先进单位：科技管理工作、还有呢",
        [
            T(
                "fact",
                "商丘2014年度科技管理工作先进单位有哪个",
                any=["梁园区科技局", "虞城县工业信息化和科技局"],
            ),
            T("fact", "还有呢", all=["虞城县工业信息化和科技局"], nh=True),
        ],
    ),
    (
        "corpus3",
        "新都工业区批复：园区级别、名称、主导产业、请示文号",
        [
            T("fact", "四川省政府同意把新都工业区认定为什么园区", all=["省级高新技术产业园区"]),
            T("fact", "新名称叫什么", all=["新都高新技术产业园区"], nh=True),
            T("list", "主导产业有哪些", all=["高端装备制造"], any=["航空航天", "生物医药"], nh=True),
            T("docno", "成都市的请示文号是多少", all=["成府〔2017〕16号"], nh=True),
        ],
    ),
    (
        "corpus3",
        "丰科技发〔2024〕46号：是什么、发文单位、分类、详细说说第五条",
        [
            T("docno", "丰科技发〔2024〕46号是什么文件", all=["丰都县科研项目管理办法"]),
            T("list", "哪几个单位联合发的", all=["丰都县科学技术局", "丰都县财政局"], nh=True),
            T("list", "项目分几类", all=["四大类"], any=["技术创新与应用发展项目"], nh=True),
            T("fact", "详细说说第五条", all=["企业主体、政府引导、院所参与"], nh=True),
        ],
    ),
    (
        "corpus3",
        "广东省科技厅摸查函：截止、联系人、摸查范围",
        [
            T(
                "fact",
                "广东省科技厅摸查省内科研单位承担国家重大科技类项目情况，调查表什么时候前交",
                all=["6月17日"],
            ),
            T("fact", "联系人和电话是啥", all=["钟士岗"], any=["020-83163876"], nh=True),
            T("fact", "摸查的是哪年以来立项的项目", all=["2021年以来"], nh=True),
            T(
                "fact",
                "新乡市科技局转发重点研发计划申报通知里综合业务的联系人是谁",
                all=["王玮"],
                none=["钟士岗"],
            ),
        ],
    ),
    (
        "corpus3",
        "新乡转发通知：两份科技部文件、企业推荐、联系人",
        [
            T(
                "list",
                "新乡市科技局转发国家重点研发计划2022年度项目申报的通知里提到哪两个科技部文件",
                all=["国科发资〔2022〕191号", "国科发资〔2022〕208号"],
            ),
            T("fact", "企业申报要怎么推荐", all=["所在地市科技主管部门统一推荐"], nh=True),
            T("fact", "现代农业与社会发展领域找谁", all=["王翡"], any=["5820665"], nh=True),
            T("fact", "综合业务呢", all=["王玮"], any=["5820696"], nh=True),
        ],
    ),
    (
        "corpus3",
        "安阳转发科普宣教中心通知：截止、纸质材料、系统咨询、业务咨询",
        [
            T("fact", "2025年河南省科普宣教中心申报截止到什么时候", all=["5月12日"]),
            T("fact", "还要交纸质材料吗", all=["不再报送纸质文件材料"], nh=True),
            T("fact", "系统填报有问题找谁", all=["省科学技术情报中心"], any=["0371-65974111"], nh=True),
            T("fact", "业务咨询电话呢", all=["0372-3665508"], nh=True),
        ],
    ),
    (
        "corpus3",
        "北京全国科普先进拟推荐名单公示：公示期、集体、个人、异议邮箱",
        [
            T("fact", "北京市全国科普工作先进集体和先进工作者拟推荐名单公示到哪天", all=["2024年1月26日"]),
            T("figure", "推荐了几个先进集体", all=["4个"], nh=True),
            T("figure", "先进工作者呢", all=["7个"], nh=True),
            T("fact", "有异议发到哪", all=["bjkplx@kw.beijing.gov.cn"], nh=True),
        ],
    ),
    (
        "corpus3",
        "鄞州2023年科技进步报告：R&D占比、增加值、占比、增长",
        [
            T("figure", "鄞州区2023年科技进步报告里R&D经费占GDP比重是多少", all=["3.02%"]),
            T("figure", "高新技术产业增加值呢", all=["286.61亿元"], nh=True),
            T("figure", "占规上工业增加值多少", all=["72.8%"], nh=True),
            T("figure", "同比增长呢", all=["10.5%"], none=["42.3%", "75.2%"], nh=True),
        ],
    ),
    (
        "corpus3",
        "省重点研发计划申报指南：先进装备联系人、电话、方向、详细说说",
        [
            T("fact", "2019年省重点研发计划指导计划申报指南里先进装备的联系人是谁", all=["范苑"]),
            T("fact", "电话呢", all=["23983733"], nh=True),
            T("list", "重点聚焦哪些方向", all=["智能机器人", "重大成套装备"], nh=True),
            T("fact", "详细说说第一个方向", all=["机器人减速器"], nh=True),
        ],
    ),
]


def split(convs):
    """Stratified by group: within each group, positions 0, 2, 3 of every 5 go to tune (60 %)."""
    tune, holdout = [], []
    by_group = {}
    for conv in convs:
        by_group.setdefault(conv[0], []).append(conv)
    for group in ("report", "corpus", "corpus3"):
        for i, conv in enumerate(by_group[group]):
            (holdout if i % 5 in (1, 4) else tune).append(conv)
    return tune, holdout


def rows(convs, prefix):
    out = []
    for n, (group, topic, turns) in enumerate(convs, 1):
        cid = f"c-{prefix}-{n:03d}"
        cases = []
        for k, turn in enumerate(turns, 1):
            case = {"id": f"{cid}.{k}"}
            case.update(turn)
            cases.append(case)
        out.append({"id": cid, "group": group, "topic": topic, "turns": cases})
    return out


def main():
    here = pathlib.Path(__file__).resolve().parent
    tune, holdout = split(CONVERSATIONS)
    for name, convs, prefix in (("tune.jsonl", tune, "t"), ("holdout.jsonl", holdout, "h")):
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows(convs, prefix))
        (here / name).write_text(text, encoding="utf-8")
        print(f"{name}: {len(convs)} conversations")


if __name__ == "__main__":
    main()

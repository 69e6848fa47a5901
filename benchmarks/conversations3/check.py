#!/usr/bin/env python3
"""Check the conversations3 bank against its documents (what is checked: benchmarks/convbank.py).

Usage: python3 check.py [tune.jsonl holdout.jsonl]; prints counts per file, exits 1 on any problem.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from convbank import Bank, check

# names by which a question would name a document (checked against the other split's questions)
NAMES = {
    "501": ["福州"],
    "502": ["新疆", "两区"],
    "503": ["深圳", "标准奖"],
    "505": ["浙江全省", "浙江2023年统计公报", "常住人口"],
    "506": ["台州"],
    "507": ["龙泉"],
    "510": ["微山"],
    "512": ["锡林郭勒", "锡盟"],
    "513": ["张家川"],
    "514": ["鲤城"],
    "515": ["柞水"],
    "516": ["大竹"],
    "517": ["宣州"],
    "518": ["巴南"],
    "519": ["榕城"],
    "520": ["武隆"],
    "521": ["2015专利统计年报", "2015年国内"],
    "522": ["2014专利统计年报", "2014年专利", "有效量"],
    "523": ["中国统计年鉴2011", "大中型工业企业"],
    "524": ["2018专利统计年报"],
    "525": ["瑞金"],
    "526": ["2011专利统计年报", "截至2011年底"],
}

BANK = Bank(Path(__file__).resolve().parent, "c3", range(501, 550), NAMES, per_document=2)

if __name__ == "__main__":
    sys.exit(check(BANK))

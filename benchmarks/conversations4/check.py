#!/usr/bin/env python3
"""Check the conversations4 bank against its documents (what is checked: benchmarks/convbank.py).

Usage: python3 check.py [tune.jsonl holdout.jsonl]; prints counts per file, exits 1 on any problem.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from convbank import Bank, check

# names by which a question would name a document (checked against the other split's questions)
NAMES = {
    "801": ["崇明"],
    "802": ["青浦"],
    "803": ["贵州"],
    "804": ["武汉", "教育局"],
    "805": ["北京技术市场", "2015年北京"],
    "806": ["福建"],
    "807": ["累计状况", "2013专利统计年报"],
    "808": ["外观设计职务"],
    "809": ["经普", "经济普查"],
    "810": ["光明"],
    "811": ["西青"],
    "812": ["广州"],
    "813": ["2009专利统计年报", "2009年底"],
    "814": ["2010年3月", "月表"],
}

BANK = Bank(Path(__file__).resolve().parent, "c4", range(801, 850), NAMES, per_document=3)

if __name__ == "__main__":
    sys.exit(check(BANK))

#!/usr/bin/env python3
"""Check the conversations6 bank against its documents (what is checked: benchmarks/convbank.py).

Usage: python3 check.py [tune.jsonl holdout.jsonl]; prints counts per file, exits 1 on any problem.
Documents whose 来源 line is `github:LawRefBook/Laws:<path>` (regulations kept in that public dataset) are accepted
by convbank's government-domain check through its `github:` form.
"""

import sys
from pathlib import Path

sys.path.insert(
    0, str(Path(__file__).absolute().parents[1])
)  # absolute, not resolve: works through the benchmarks/ symlink
from convbank import Bank, check

# names by which a question would name a document (checked against the other split's questions)
NAMES = {
    "1201": ["2010年修订", "科学技术进步条例"],
    "1202": ["科学技术进步条例"],
    "1203": ["农业科技进步"],
    "1204": ["农业科技进步"],
    "1205": ["技术市场条例"],
    "1206": ["技术市场条例"],
    "1207": ["科学技术普及条例", "北京科技周"],
    "1208": ["科学技术普及条例", "广东的科普"],
    "1209": ["专利保护条例"],
    "1210": ["专利保护和促进"],
    "1211": ["推进科技创新中心"],
    "1212": ["国际科技创新中心"],
    "1213": ["广东省科学技术厅", "广东省科技厅", "绩效自评"],
    "1214": ["桃源"],
    "1215": ["常州"],
    "1231": ["科技成果转化条例"],
    "1232": ["科技成果转化条例"],
    "1233": ["汕头"],
    "1234": ["科学技术协会条例", "重庆"],
    "1235": ["专利促进与保护", "重庆"],
    "1236": ["大型科学仪器"],
    "1237": ["临沂"],
    "1238": ["鄂尔多斯"],
}

BANK = Bank(Path(__file__).resolve().parent, "c6", range(1201, 1250), NAMES, per_document=2)

if __name__ == "__main__":
    sys.exit(check(BANK))

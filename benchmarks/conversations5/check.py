#!/usr/bin/env python3
"""Check the conversations5 bank against its documents (what is checked: benchmarks/convbank.py).

Usage: python3 check.py [tune.jsonl holdout.jsonl]; prints counts per file, exits 1 on any problem.
"""

import sys
from pathlib import Path

sys.path.insert(
    0, str(Path(__file__).absolute().parents[1])
)  # absolute, not resolve: the folder may be a symlink under benchmarks/
from convbank import Bank, check

# names by which a question would name a document (checked against the other split's questions)
NAMES = {
    "1001": ["汕尾"],
    "1002": ["杭州"],
    "1003": ["天水"],
    "1004": ["湖南"],
    "1005": ["尤溪"],
    "1006": ["随州"],
    "1007": ["烟台"],
    "1008": ["枣庄"],
    "1009": ["青浦"],
    "1010": ["湖北"],
    "1011": ["广州"],
    "1012": ["秦安"],
    "1013": ["巩留"],
    "1014": ["乌海"],
    "1015": ["珠海"],
    "1031": ["磐安"],
    "1032": ["沈阳"],
    "1033": ["梁平"],
    "1034": ["福田"],
    "1035": ["泰州"],
    "1036": ["北海"],
    "1037": ["阳城"],
    "1038": ["咸宁"],
    "1039": ["上街"],
}

BANK = Bank(Path(__file__).resolve().parent, "c5", range(1001, 1050), NAMES, per_document=2)

if __name__ == "__main__":
    sys.exit(check(BANK))

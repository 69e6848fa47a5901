#!/usr/bin/env python3
"""Verify the genres8 question bank against its documents (what is checked: benchmarks/bankcheck.py)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bankcheck import BANKS, main

sys.exit(main(BANKS["genres8"]))

"""OCR speed and accuracy on scanned pages of the seed report.

Usage:
    python benchmarks/ocr.py              # every page of the bundled report, rendered at 150 dpi
    python benchmarks/ocr.py --pages 2

Each page of knowledge/*.txt is drawn with Debian's WenQuanYi Micro Hei (as a scanner would deliver it: an
image with no text layer, 三号 body text, a running header and a —n— page number), saved as an image-only
PDF, and read back through jzbot's PDF reader (pypdfium2 render → RapidOCR). Reported: pages per second
(model load excluded, this machine's 2 cores) and character accuracy, 1 − edit distance / length, of the
recognised body text against the source text (spaces ignored, furniture excluded).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.helpers.scans import layout, make_scanned_pdf  # noqa: E402

from jzbot.ingest.formats.ocr import engine  # noqa: E402
from jzbot.ingest.formats.pdf import read_pdf  # noqa: E402
from jzbot.ingest.structure import paragraphs_of  # noqa: E402

HEADER = "内部资料 注意保存"


def distance(a: str, b: str) -> int:
    """Levenshtein distance (one row at a time: pages are a few thousand characters)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=0, help="only the first N pages (default: all)")
    args = parser.parse_args()
    lines = [
        line
        for f in sorted((ROOT / "knowledge").glob("*.txt"))
        for line in f.read_text("utf-8").splitlines()
        if line.strip()
    ]
    pages = layout(lines)[: args.pages or None]
    engine()  # load the models before the clock starts
    with tempfile.TemporaryDirectory() as tmp:
        pdf = make_scanned_pdf(Path(tmp) / "scan.pdf", pages, header=HEADER)
        start = time.perf_counter()
        blocks = read_pdf(pdf)
        seconds = time.perf_counter() - start
    # The whole document at once: a sentence broken at a page's foot is joined onto its first page.
    truth = "".join("".join(line for page in pages for line in page).split())
    got = "".join("".join(p.text for p in paragraphs_of(blocks)).split())
    errors, total = distance(got, truth), len(truth)
    print(
        f"pages {len(pages)}  seconds {seconds:.1f}  pages/s {len(pages) / seconds:.3f}  "
        f"s/page {seconds / len(pages):.1f}"
    )
    print(f"characters {total}  edit distance {errors}  character accuracy {1 - errors / total:.4f}")


if __name__ == "__main__":
    main()

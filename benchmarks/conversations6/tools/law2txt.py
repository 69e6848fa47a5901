#!/usr/bin/env python3
"""Convert a LawRefBook/Laws markdown regulation into a plain-text bank document (python3 law2txt.py <repo path> <out>)."""

import re
import subprocess
import sys
from pathlib import Path

REPO = "/work/.mirror/LawRefBook+Laws/repo"
LIMIT = 12000
path, out = sys.argv[1], sys.argv[2]
md = subprocess.run(
    ["git", "-C", REPO, "show", "HEAD:" + path], capture_output=True, text=True, check=True
).stdout
lines = []
for ln in md.splitlines():
    if "<!-- INFO END -->" in ln:
        continue
    ln = re.sub(r"^#+\s*", "", ln).rstrip()
    if ln.strip():
        lines.append(ln.strip())
text = "\n".join(lines)
note = "LawRefBook/Laws 收录的地方性法规全文，markdown 转为纯文本"
if len(text) > LIMIT:
    # cut at the last article start before the limit
    cut = max(m.start() for m in re.finditer(r"\n第[一二三四五六七八九十百零]+条", text[:LIMIT]))
    last = re.match(r"\n(第[一二三四五六七八九十百零]+条)", text[cut:]).group(1)
    text = text[:cut]
    note += f"；原文较长，只保留到{last}之前（在条文边界截断）"
src = f"来源：github:LawRefBook/Laws:{path} （{note}）"
Path(out).write_text(src + "\n" + text + "\n", encoding="utf-8")
print(out, len(text))

"""OFD packages built to GB/T 33190's layout: OFD.xml → Doc_0/Document.xml → Pages/Page_N/Content.xml.

The text stands in TextObject/TextCode elements positioned in millimetres, as the 政务 systems' exporters
write it; objects are written out of reading order on purpose (exporters order them by layer and font, not by
line), each page uses a template (a running header) the reader must not take for body text, and long lines
are wrapped as the exporter wraps them: one TextObject per printed line.
"""

from __future__ import annotations

import random
import textwrap
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'
SIZE = 5.6  # 三号 in millimetres
LEFT, TOP, WIDTH, LINE = 26.0, 37.0, 156.0, 10.0
PER_LINE = int(WIDTH // SIZE)
PER_PAGE = 22


def _text_object(obj_id: int, x: float, y: float, text: str) -> str:
    width = len(text) * SIZE
    delta = f' DeltaX="g {len(text) - 1} {SIZE}"' if len(text) > 1 else ""
    return (
        f'<ofd:TextObject ID="{obj_id}" Boundary="{x:.2f} {y:.2f} {width:.2f} {LINE:.2f}" Font="1" Size="{SIZE}">'
        f'<ofd:FillColor Value="0 0 0"/><ofd:TextCode X="0" Y="{SIZE:.2f}"{delta}>{escape(text)}</ofd:TextCode>'
        "</ofd:TextObject>"
    )


def make_ofd(path: Path, lines: list[str], header: str = "焦作市科学技术局", seed: int = 7) -> Path:
    wrapped = [piece for line in lines for piece in (textwrap.wrap(line, PER_LINE) or [""])]
    pages = [wrapped[i : i + PER_PAGE] for i in range(0, len(wrapped), PER_PAGE)]
    rng = random.Random(seed)
    next_id = 10
    page_parts: list[str] = []
    for lines_on_page in pages:
        objects = []
        for i, line in enumerate(lines_on_page):
            y = TOP + i * LINE
            if len(line) > 8 and i % 3 == 0:  # some lines come as two objects, right half first
                cut = len(line) // 2
                objects.append(_text_object(next_id, LEFT + cut * SIZE, y, line[cut:]))
                objects.append(_text_object(next_id + 1, LEFT, y, line[:cut]))
                next_id += 2
            else:
                objects.append(_text_object(next_id, LEFT, y, line))
                next_id += 1
        rng.shuffle(objects)
        page_parts.append(
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {NS}><ofd:Template TemplateID="2" '
            'ZOrder="Background"/><ofd:Content><ofd:Layer ID="%d" Type="Body">%s</ofd:Layer>'
            "</ofd:Content></ofd:Page>" % (next_id, "".join(objects))
        )
        next_id += 1
    template = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {NS}><ofd:Content><ofd:Layer ID="3">'
        f"{_text_object(4, LEFT, 15.0, header)}</ofd:Layer></ofd:Content></ofd:Page>"
    )
    page_refs = "".join(
        f'<ofd:Page ID="{100 + n}" BaseLoc="Pages/Page_{n}/Content.xml"/>' for n in range(len(pages))
    )
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document {NS}><ofd:CommonData>'
        f"<ofd:MaxUnitID>{next_id + len(pages) + 100}</ofd:MaxUnitID><ofd:PageArea>"
        "<ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml"
        '</ofd:PublicRes><ofd:TemplatePage ID="2" BaseLoc="Tpls/Tpl_0/Content.xml"/></ofd:CommonData>'
        f"<ofd:Pages>{page_refs}</ofd:Pages></ofd:Document>"
    )
    public_res = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res {NS} BaseLoc="Res"><ofd:Fonts>'
        '<ofd:Font ID="1" FontName="仿宋_GB2312" FamilyName="仿宋"/></ofd:Fonts></ofd:Res>'
    )
    root = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {NS} Version="1.0" DocType="OFD"><ofd:DocBody>'
        "<ofd:DocInfo><ofd:DocID>6a1f0c2e9b7d4e3f8a5c1d2b3e4f5a6b</ofd:DocID><ofd:Creator>jzbot tests</ofd:Creator>"
        "<ofd:CreationDate>2024-05-06</ofd:CreationDate></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>"
        "</ofd:DocBody></ofd:OFD>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("OFD.xml", root)
        z.writestr("Doc_0/Document.xml", document)
        z.writestr("Doc_0/PublicRes.xml", public_res)
        z.writestr("Doc_0/Tpls/Tpl_0/Content.xml", template)
        for n, part in enumerate(page_parts):
            z.writestr(f"Doc_0/Pages/Page_{n}/Content.xml", part)
    return path

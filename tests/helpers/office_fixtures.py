"""Writes the committed legacy-format fixtures in tests/data/formats/ (run once: ``python -m tests.helpers.office_fixtures``).

The .doc is written by LibreOffice (``soffice --convert-to doc``) from a .docx made here. LibreOffice cannot
write WPS Writer's own format, so the .wps is a second .doc saved under the .wps suffix, which is what WPS
Office itself writes when a 红头文件 is saved "as .wps" in its Word-compatible mode.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.helpers.files import make_docx

FOLDER = Path(__file__).resolve().parents[1] / "data" / "formats"

DOC_NOTICE = [
    "焦作市科学技术局文件",
    "焦科〔2024〕12号",
    "焦作市科学技术局关于下达2024年度企业研发费用后补助资金的通知",
    "各县（市）区科技主管部门：",
    "一、补助情况",
    "（一）补助对象。经审核，本年度共有213家企业获得研发费用后补助，后补助资金总额为1860万元。",
    "二、工作要求",
    "（一）及时拨付。各县（市）区要在收到资金后15个工作日内拨付到企业。",
    "焦作市科学技术局",
    "2024年3月8日",
]
WPS_NOTICE = [
    "焦作市科学技术局文件",
    "焦科〔2024〕19号",
    "焦作市科学技术局关于举办第九届焦作市创新创业大赛的通知",
    "各县（市）区科技主管部门，各有关单位：",
    "一、大赛安排",
    "（一）奖励设置。大赛设一等奖3名，每名奖励创新创业大赛奖金20万元；二等奖6名，每名奖励10万元。",
    "二、报名方式",
    "（一）网上报名。参赛企业登录大赛官网报名，报名截止时间为2024年6月30日。",
    "焦作市科学技术局",
    "2024年4月2日",
]


def write_doc(lines: list[str], target: Path) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        source = make_docx(Path(tmp) / "notice.docx", lines)
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{tmp}/profile",
                "--headless",
                "--convert-to",
                "doc",
                "--outdir",
                tmp,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        shutil.copyfile(Path(tmp) / "notice.doc", target)
    return target


if __name__ == "__main__":
    FOLDER.mkdir(parents=True, exist_ok=True)
    write_doc(DOC_NOTICE, FOLDER / "研发费用后补助通知.doc")
    write_doc(WPS_NOTICE, FOLDER / "创新创业大赛通知.wps")
    print(sorted(p.name for p in FOLDER.iterdir()))

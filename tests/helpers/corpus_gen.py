"""Synthetic 公文-shaped documents for load tests and benchmarks (public-style text, made-up figures)."""

from __future__ import annotations

import random
from pathlib import Path

CN = "一二三四五六七八九十"
TOPICS = [
    "科技创新平台建设",
    "高新技术企业培育",
    "科技人才引育",
    "科技成果转化",
    "科技金融服务",
    "知识产权保护",
    "科技项目管理",
    "科研诚信建设",
    "科学技术普及",
    "区域创新合作",
    "新型研发机构建设",
    "技术市场管理",
]
INDICATORS = [
    "高新技术企业",
    "科技型中小企业",
    "省级工程技术研究中心",
    "众创空间",
    "科技企业孵化器",
    "技术转移示范机构",
    "重点实验室",
    "新型研发机构",
    "科技特派员",
    "科研助理岗位",
]
UNITS = ["家", "家", "家", "家", "家", "家", "家", "家", "人", "个"]


def document(i: int, sections: int = 6, rng: random.Random | None = None) -> str:
    rng = rng or random.Random(i)
    year = 2015 + i % 10
    lines = [
        "某某市科学技术局文件",
        f"某科〔{year + 1}〕{i + 1}号",
        f"某某市科学技术局关于{year}年度{rng.choice(TOPICS)}工作情况的报告",
        "市委、市政府：",
    ]
    lines.append(
        f"{year}年以来，我局坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实上级部署，现将有关情况报告如下。"
    )
    for s in range(sections):
        lines.append(f"{CN[s]}、{rng.choice(TOPICS)}")
        for sub in range(3):
            k = rng.randrange(len(INDICATORS))
            a, b = rng.randint(1, 300), rng.randint(300, 3000)
            lines.append(
                f"（{CN[sub]}）{rng.choice(TOPICS)}。全年新增{INDICATORS[k]}{a}{UNITS[k]}，累计达到{b}{UNITS[k]}，"
                f"位居全省第{rng.randint(1, 18)}位。组织开展专题培训{rng.randint(1, 20)}次，印发《某某市{rng.choice(TOPICS)}"
                f"管理办法》（某科〔{year}〕{rng.randint(1, 80)}号），进一步健全工作机制，提升服务水平。"
            )
    lines += ["某某市科学技术局办公室", f"{year + 1}年3月{rng.randint(1, 28)}日印发"]
    return "\n\n".join(lines)


def write_corpus(folder: Path, n_docs: int, sections: int = 6) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n_docs):
        p = folder / f"doc{i:05d}.txt"
        p.write_text(document(i, sections), encoding="utf-8")
        paths.append(p)
    return paths

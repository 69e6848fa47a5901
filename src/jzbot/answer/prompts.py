"""Prompts and answer templates are data in ``prompts/*.yaml``, loaded and checked once at start."""

from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

from jzbot.errors import PromptError

PROMPTS_DIR = Path(__file__).resolve().parents[3] / "prompts"
REQUIRED = {
    "answers.yaml": {
        "not_found": {"subject"},
        "not_found_docno": {"doc_number"},
        "docno_found": {"doc_number", "title"},
        "no_edition": {"label"},
    },
    "llm.yaml": {
        "answer_user": {"context", "question"},
        "draft_user": {"context", "topic"},
        "rewrite_user": {"history", "question"},
        "answer_system": set(),
        "draft_system": set(),
    },
}


class Template(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    text: str

    @property
    def variables(self) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(self.text) if f}

    def render(self, **values: object) -> str:
        missing = self.variables - values.keys()
        if missing:
            raise PromptError(f"{self.name} 缺少变量 / missing variables: {sorted(missing)}")
        return self.text.format(**values)


def prompts_dir(configured: Path | None = None) -> Path:
    """``configured`` (``JZBOT_PROMPTS_DIR``), else the checkout's ``prompts/`` (editable install), else ``./prompts``."""
    if configured is not None:
        return configured
    return PROMPTS_DIR if PROMPTS_DIR.is_dir() else Path("prompts")


@lru_cache(maxsize=4)
def load(filename: str, folder: Path | None = None) -> dict[str, Template]:
    path = prompts_dir(folder) / filename
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise PromptError(f"{path}: {e}") from e
    if not isinstance(raw, dict):
        raise PromptError(f"{path}: 不是键值表 / not a mapping")
    templates = {k: Template(name=k, text=str(v)) for k, v in raw.items()}
    for key, needed in REQUIRED.get(filename, {}).items():
        if key not in templates:
            raise PromptError(f"{path}: 缺少模板 / missing template {key}")
        if not needed <= templates[key].variables:
            raise PromptError(f"{path}: {key} 需要变量 / needs {sorted(needed)}")
    return templates

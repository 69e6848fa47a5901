"""The public API, and the layering: the core never imports a channel's libraries."""

from __future__ import annotations

import subprocess
import sys

import jzbot

EXPECTED_ALL = ["Answer", "Assistant", "Citation", "DocMeta", "DocNoEntry", "Figure", "IngestReport", "__version__"]


def test_all_imports() -> None:
    assert sorted(EXPECTED_ALL) == sorted(jzbot.__all__)
    from jzbot import Assistant

    assert callable(Assistant.ask) and callable(Assistant.draft) and callable(Assistant.lookup)


def test_core_does_not_import_telegram_or_click() -> None:
    code = ("import sys, jzbot.assistant, jzbot.conversation.service, jzbot.conversation.users; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'telegram', 'click', 'fastapi', 'uvicorn'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"

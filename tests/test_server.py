"""Server mode: a real `chroma run` process on loopback, shared by two assistants, stopped and restarted."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from jzbot.errors import StoreUnavailable
from tests.conftest import make_settings

pytestmark = pytest.mark.slow
CHROMA = shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which("chroma")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ChromaServer:
    def __init__(self, path: Path) -> None:
        self.path, self.port = path, _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [CHROMA, "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.url}/api/v2/heartbeat", timeout=1)
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("chroma server did not start")

    def stop(self) -> None:
        if self.proc:
            self.proc.terminate()
            self.proc.wait(timeout=30)
            self.proc = None


@pytest.fixture()
def server(tmp_path: Path):
    if CHROMA is None:
        pytest.fail("the `chroma` command from the chromadb package is missing")
    s = ChromaServer(tmp_path / "chroma-server")
    s.start()
    yield s
    s.stop()


def test_ingest_and_ask_through_a_server_from_two_machines(server, tmp_path, embeddings) -> None:
    from jzbot.assistant import Assistant

    first = Assistant.indexed(make_settings(tmp_path / "m1", chroma_url=server.url), embeddings=embeddings)
    assert first.store.count() > 0 and not (tmp_path / "m1" / "chroma").exists()
    assert "680家" in first.ask("科小备案入库了多少家？").answer
    # A second machine with an empty local folder sees the same knowledge through the server.
    second = Assistant(make_settings(tmp_path / "m2", chroma_url=server.url), embeddings=embeddings)
    a = second.ask("焦科〔2011〕22号还有效吗？")
    assert a.found and "废止" in a.answer
    assert second.ingest().unchanged == ["jiaozuo-kjj-2023-fazhi-zhengfu-report.txt"]


def test_server_stopped_mid_run_then_back(server, tmp_path, embeddings) -> None:
    from jzbot.assistant import Assistant

    a = Assistant.indexed(make_settings(tmp_path / "m", chroma_url=server.url), embeddings=embeddings)
    assert a.ask("全市技术合同成交额是多少").found
    server.stop()
    with pytest.raises(StoreUnavailable) as err:
        a.ask("全市技术合同成交额是多少")
    assert "JZBOT_CHROMA_URL" in str(err.value) and server.url in str(err.value)
    server.start()
    answer = a.ask("全市技术合同成交额是多少")
    assert answer.found and "53.85" in answer.answer


def test_cli_reports_an_unreachable_server(tmp_path: Path) -> None:
    import os

    env = {
        **os.environ,
        "JZBOT_CHROMA_URL": f"http://127.0.0.1:{_free_port()}",
        "JZBOT_DATA_DIR": str(tmp_path),
    }
    proc = subprocess.run(
        [sys.executable, "-m", "jzbot", "ask", "科小有多少家"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "向量库无法连接" in proc.stderr and "Chroma server" in proc.stderr
    assert "Traceback" not in proc.stderr

#!/usr/bin/env python3
"""Drive jzbot's OpenAI-compatible API through the conversation bank.

Usage (Python 3.11, standard library + httpx; run it with any python that has httpx, e.g. the checkout's venv):

    .venv/bin/python benchmarks/conversations/run.py --bank tune.jsonl [--cmd-dir CHECKOUT] [-v] [--json] [--keep]
    (CHECKOUT defaults to the repository this file sits in; --workdir DIR keeps the index between runs)

What it does
 1. builds a temporary knowledge folder: the checkout's knowledge/ folder as it is (the bureau's report and the
    staff vocabulary the product reads from there; copied, not read) + /work/shared/corpus/*.txt +
    /work/shared/corpus3/*.txt; and a temporary data folder. With JZBOT_KNOWLEDGE_DIR, JZBOT_DATA_DIR and
    JZBOT_TODAY=2024-03-20 it runs `<venv>/bin/jzbot ingest <folder>`, `<venv>/bin/jzbot user add bench`
    (and `bench-alone`, a second user for the questions asked alone, so that no per-user state can carry over),
    reads the API keys they print, starts `<venv>/bin/jzbot serve --host 127.0.0.1 --port <free port>` and
    waits for /healthz.
 2. for each conversation, sends each turn to POST /v1/chat/completions (model "jzbot") with the whole history
    so far: every earlier user message and every assistant reply exactly as returned. The reply is scored with
    score.py's `check` (imported from /work/shared/eval/score.py): the answer text is
    choices[0].message.content, `found` is the response's jzbot.found, the citations are the response's
    `citations` (doc_number for expect_doc).
    The /v1 content lists the sources under the answer ("**出处** [1] 《…》…") so that every chat client shows
    them; that block repeats the `citations` field and would count against max_chars and expect_none, so it is
    cut off before scoring (the CLI's "answer", which score.py scores, does not carry it). --whole-content
    scores the whole content instead.
 3. asks every follow-up turn again ALONE (no history, as a new chat) and scores it the same way.
 4. prints a table: turns right, follow-ups right, follow-ups that need the history right, and the key figure:
    follow-ups right in the conversation but wrong when asked alone. -v lists every failing turn with the
    first 200 characters of its answer; --json prints everything as JSON instead.

The server is stopped at the end, also on error or Ctrl-C. The runner talks to 127.0.0.1 only (httpx with
trust_env off, so no proxy); the child processes get no JZBOT_LLM__*, JZBOT_CHROMA_URL or JZBOT_TELEGRAM__*
settings from the caller's environment, and HF_HUB_OFFLINE=1.
"""

import argparse
import importlib.util
import json
import os
import pathlib
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata

import httpx

HERE = pathlib.Path(__file__).resolve().parent
REPOSITORY = HERE.parents[1]  # benchmarks/conversations/ inside a jzbot checkout
TODAY = "2024-03-20"
HOST = "127.0.0.1"


# ---------------------------------------------------------------- scoring


def load_scorer(path):
    """score.py's fold and check; a faithful copy of both if the file is missing."""
    path = pathlib.Path(path)
    if path.is_file():
        spec = importlib.util.spec_from_file_location("jzbot_score", path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        return mod.fold, mod.check, str(path)

    marker = re.compile(r"[\[［【](\d+)[\]］】]")
    number = re.compile(r"\d+(?:\.\d+)?")

    def fold(text):
        return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))

    def check(case, result, corpus):
        problems = []
        answer = fold(result.get("answer", ""))
        if result.get("found") is not case.get("expect_found", True):
            problems.append(f"found={result.get('found')!r}")
        for want in case.get("expect_all", []):
            if fold(want) not in answer:
                problems.append(f"missing {want!r}")
        anys = case.get("expect_any", [])
        if anys and not any(fold(w) in answer for w in anys):
            problems.append(f"none of {anys!r}")
        for bad in case.get("expect_none", []):
            if fold(bad) in answer:
                problems.append(f"states {bad!r}, which does not answer this question")
        length = len(marker.sub("", answer))
        limit = case.get("max_chars", {"figure": 200, "docno": 200, "fact": 300}.get(case["kind"]))
        if limit and length > limit:
            problems.append(f"answer is {length} characters, over {limit}")
        if case["kind"] == "draft" and length < 80:
            problems.append(f"draft is only {length} characters")
        doc = case.get("expect_doc")
        if doc:
            cited = {fold(c.get("doc_number") or "") for c in result.get("citations", [])}
            if fold(doc) not in cited:
                problems.append(f"no citation of {doc}")
        if case.get("faithful_numbers"):
            text = marker.sub("", unicodedata.normalize("NFKC", result.get("answer", "")))
            stray = sorted({n for n in number.findall(text) if fold(n) not in corpus})
            if stray:
                problems.append(f"numbers not in any source: {stray}")
        return problems

    return fold, check, "built-in copy of score.py's check"


SOURCES = [
    re.compile(r"\n[ \t>]*\*\*\s*出处\s*\*\*"),
    re.compile(r"\n[ \t>]*#+\s*出处"),
    re.compile(r"\n[ \t>]*出处\s*[:：]"),
]


def answer_part(content, whole):
    """The answer without the trailing list of sources that /v1 appends for chat clients."""
    if whole:
        return content, False
    for pattern in SOURCES:
        hits = list(pattern.finditer("\n" + content))
        if hits:
            return ("\n" + content)[: hits[-1].start()].strip(), True
    return content, False


# ---------------------------------------------------------------- the server


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def child_env(kb, data):
    env = {
        k: v
        for k, v in os.environ.items()
        if not (
            k.startswith("JZBOT_LLM")
            or k.startswith("JZBOT_TELEGRAM")
            or k == "JZBOT_CHROMA_URL"
            or k.startswith("JZBOT_WEB__")
            or k in ("JZBOT_KNOWLEDGE_DIR", "JZBOT_DATA_DIR", "JZBOT_TODAY")
        )
    }
    env.update(
        {
            "JZBOT_KNOWLEDGE_DIR": str(kb),
            "JZBOT_DATA_DIR": str(data),
            "JZBOT_TODAY": TODAY,
            "JZBOT_WEB__RATE_LIMIT_PER_MINUTE": "1000000",
            "HF_HUB_OFFLINE": "1",
            "TRANSFORMERS_OFFLINE": "1",
            "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost",
        }
    )
    return env


def build_knowledge(kb, cmd_dir, corpus, corpus3, extra=()):
    """The checkout's knowledge/ folder as it is (report + staff vocabulary), plus the two shared corpora and every
    file of the ``extra`` folders (other banks' documents, binary formats included)."""
    src = pathlib.Path(cmd_dir) / "knowledge"
    if not src.is_dir():
        raise SystemExit(f"no knowledge folder in {cmd_dir}")
    shutil.copytree(src, kb, dirs_exist_ok=True)
    n = 0
    for folder in (corpus, corpus3):
        for p in sorted(pathlib.Path(folder).glob("*.txt")):
            shutil.copy2(p, kb / p.name)
            n += 1
    for folder in extra:
        for p in sorted(pathlib.Path(folder).iterdir()):
            if p.is_file():
                shutil.copy2(p, kb / p.name)
                n += 1
    return n


def run_cli(argv, env, cwd, timeout, log):
    started = time.monotonic()
    proc = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    log(
        f"# {' '.join(pathlib.Path(a).name if i == 0 else a for i, a in enumerate(argv))}: "
        f"exit {proc.returncode} in {time.monotonic() - started:.1f} s"
    )
    if proc.returncode != 0:
        raise RuntimeError(
            f"{' '.join(argv)} exited {proc.returncode}:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
        )
    return proc


def read_key(text):
    keys = re.findall(r"jzb_[A-Za-z0-9_\-]{8,}", text)
    if keys:
        return keys[-1]
    tokens = [t for t in re.findall(r"[A-Za-z0-9_\-]{24,}", text)]
    if tokens:
        return tokens[-1]
    raise RuntimeError("could not find the API key in the output of `jzbot user add`:\n" + text[-1000:])


def wait_health(base, proc, timeout, client):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"jzbot serve exited with {proc.returncode} before /healthz answered")
        try:
            if client.get(base + "/healthz", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise RuntimeError(f"/healthz did not answer within {timeout} s")


def stop(proc, log):
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)  # the process group of the server this runner started
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    log("# server stopped")


# ---------------------------------------------------------------- asking


def ask(client, base, key, messages, timeout):
    body = {"model": "jzbot", "messages": messages, "stream": False}
    for attempt in range(8):
        started = time.monotonic()
        r = client.post(
            base + "/v1/chat/completions",
            json=body,
            timeout=timeout,
            headers={"Authorization": f"Bearer {key}"},
        )
        elapsed = time.monotonic() - started
        if r.status_code == 429 or r.status_code >= 500:
            time.sleep(min(60, float(r.headers.get("retry-after", 0) or 0) or 2 * (attempt + 1)))
            continue
        r.raise_for_status()
        data = r.json()
        message = data["choices"][0]["message"]
        content = message.get("content") or ""
        meta = data.get("jzbot") or message.get("jzbot") or {}
        citations = data.get("citations") or message.get("citations") or []
        return {
            "content": content,
            "found": meta.get("found"),
            "refusal": meta.get("refusal"),
            "citations": citations,
            "seconds": elapsed,
        }
    raise RuntimeError(f"/v1/chat/completions kept answering {r.status_code}: {r.text[:300]}")


def score(case, reply, check, corpus, whole):
    answer, cut = answer_part(reply["content"], whole)
    result = {"answer": answer, "found": reply["found"], "citations": reply["citations"]}
    return check(case, result, corpus), answer, cut


# ---------------------------------------------------------------- report


def pct(a, b):
    return f"{a}/{b}" + (f" ({100 * a / b:.0f}%)" if b else "")


def summarise(rows, convs):
    turns = rows
    first = [r for r in turns if r["turn"] == 1]
    fu = [r for r in turns if r["turn"] > 1]
    nh = [r for r in fu if r["needs_history"]]
    sc = [r for r in fu if not r["needs_history"]]
    refuse = [r for r in turns if r["expect_found"] is False]
    conv_ok = sum(all(r["ok"] for r in turns if r["conversation"] == c["id"]) for c in convs)
    alone = any(r["alone_ok"] is not None for r in fu)
    gained = [r for r in fu if r["ok"] and r["alone_ok"] is False]
    lost = [r for r in fu if not r["ok"] and r["alone_ok"] is True]
    secs = sorted(r["seconds"] for r in turns)
    table = {
        "conversations fully right": (conv_ok, len(convs)),
        "turns right": (sum(r["ok"] for r in turns), len(turns)),
        "first turns right": (sum(r["ok"] for r in first), len(first)),
        "follow-ups right (in conversation)": (sum(r["ok"] for r in fu), len(fu)),
        "  needs_history follow-ups right": (sum(r["ok"] for r in nh), len(nh)),
        "  self-contained / new-topic follow-ups right": (sum(r["ok"] for r in sc), len(sc)),
        "turns that must be refused, right": (sum(r["ok"] for r in refuse), len(refuse)),
        "follow-ups right when asked alone": (sum(bool(r["alone_ok"]) for r in fu), len(fu)),
        "  needs_history follow-ups right alone": (sum(bool(r["alone_ok"]) for r in nh), len(nh)),
        "KEY: follow-ups right in conversation, wrong alone": (len(gained), len(fu)),
        "  of which needs_history": (sum(r["needs_history"] for r in gained), len(nh)),
        "follow-ups wrong in conversation, right alone": (len(lost), len(fu)),
    }
    if not alone:
        table = {k: v for k, v in table.items() if "alone" not in k}
    table.update(
        {
            "_latency": {
                "p50_ms": round(1000 * statistics.median(secs)) if secs else None,
                "p95_ms": round(1000 * secs[int(0.95 * (len(secs) - 1))]) if secs else None,
                "max_ms": round(1000 * secs[-1]) if secs else None,
            },
        }
    )
    return table


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bank", default=str(HERE / "tune.jsonl"))
    ap.add_argument(
        "--cmd-dir", default=str(REPOSITORY), help="the jzbot checkout (default: this repository)"
    )
    ap.add_argument("--venv", help="its virtualenv (default CMD_DIR/.venv)")
    ap.add_argument("--port", type=int, help="port for jzbot serve on 127.0.0.1 (default: a free one)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folders")
    ap.add_argument(
        "--workdir",
        help="use (and keep) this folder instead of a temporary one: a second run "
        "re-ingests only what changed",
    )
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("-v", "--verbose", action="store_true", help="list failing turns with their answers")
    ap.add_argument("--limit", type=int, help="only the first N conversations")
    ap.add_argument("--ids", help="only these conversation ids (comma-separated)")
    ap.add_argument("--no-alone", action="store_true", help="skip asking the follow-ups alone")
    ap.add_argument(
        "--whole-content", action="store_true", help="score the whole content, sources block included"
    )
    ap.add_argument("--score", default="/work/shared/eval/score.py", help="the scorer whose check() is used")
    ap.add_argument("--corpus", default="/work/shared/corpus")
    ap.add_argument("--corpus3", default="/work/shared/corpus3")
    ap.add_argument("--extra", nargs="*", default=[], help="more folders whose files are indexed too")
    ap.add_argument("--timeout", type=float, default=300, help="seconds for one answer")
    ap.add_argument("--ingest-timeout", type=float, default=7200)
    ap.add_argument("--health-timeout", type=float, default=900)
    args = ap.parse_args()

    def log(msg):
        print(msg, file=sys.stderr if args.json else sys.stdout, flush=True)

    convs = [
        json.loads(line)
        for line in pathlib.Path(args.bank).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    if args.ids:
        wanted = set(args.ids.split(","))
        convs = [c for c in convs if c["id"] in wanted]
    if args.limit:
        convs = convs[: args.limit]
    if not convs:
        raise SystemExit("no conversations selected")

    cmd_dir = pathlib.Path(args.cmd_dir).resolve()
    venv = pathlib.Path(args.venv).resolve() if args.venv else cmd_dir / ".venv"
    jzbot = venv / "bin" / "jzbot"
    if not jzbot.exists():
        raise SystemExit(f"{jzbot} not found")
    fold, check, scorer = load_scorer(args.score)

    def on_term(*_):
        raise KeyboardInterrupt("SIGTERM")

    signal.signal(signal.SIGTERM, on_term)
    if args.workdir:
        root = pathlib.Path(args.workdir).resolve()
        root.mkdir(parents=True, exist_ok=True)
        args.keep = True
    else:
        root = pathlib.Path(tempfile.mkdtemp(prefix="jzbot-conv-"))
    kb, data = root / "knowledge", root / "data"
    data.mkdir(exist_ok=True)
    server = None
    rows = []
    client = httpx.Client(trust_env=False)
    try:
        n = build_knowledge(kb, cmd_dir, args.corpus, args.corpus3, args.extra)
        log(
            f"# {len(convs)} conversations from {args.bank}; knowledge {kb} (checkout's knowledge/ + {n} shared texts);"
            f" scorer: {scorer}"
        )
        env = child_env(kb, data)
        corpus = fold(
            "".join(p.read_text(encoding="utf-8", errors="ignore") for p in sorted(kb.glob("*.txt")))
        )
        run_cli([str(jzbot), "ingest", str(kb)], env, root, args.ingest_timeout, log)
        for name in ("bench", "bench-alone"):  # a kept workdir has them from the last run
            subprocess.run([str(jzbot), "user", "remove", name], env=env, cwd=root, capture_output=True)
        key = read_key(run_cli([str(jzbot), "user", "add", "bench"], env, root, 300, log).stdout)
        key_alone = read_key(run_cli([str(jzbot), "user", "add", "bench-alone"], env, root, 300, log).stdout)
        port = args.port or free_port()
        base = f"http://{HOST}:{port}"
        server_log = open(root / "serve.log", "w")  # noqa: SIM115 -- the server writes to it until it stops
        server = subprocess.Popen(
            [str(jzbot), "serve", "--host", HOST, "--port", str(port)],
            env=env,
            cwd=root,
            stdout=server_log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_health(base, server, args.health_timeout, client)
        log(f"# jzbot serve is up on {base} (pid {server.pid})")

        cut_count = 0
        started = time.monotonic()
        for conv in convs:
            messages = []
            for k, case in enumerate(conv["turns"], 1):
                messages.append({"role": "user", "content": case["question"]})
                reply = ask(client, base, key, messages, args.timeout)
                messages.append({"role": "assistant", "content": reply["content"]})
                problems, answer, cut = score(case, reply, check, corpus, args.whole_content)
                cut_count += cut
                rows.append(
                    {
                        "conversation": conv["id"],
                        "group": conv.get("group"),
                        "turn": k,
                        "id": case.get("id", f"{conv['id']}.{k}"),
                        "question": case["question"],
                        "needs_history": bool(case.get("needs_history")),
                        "expect_found": case.get("expect_found", True),
                        "ok": not problems,
                        "problems": problems,
                        "answer": answer,
                        "found": reply["found"],
                        "refusal": reply["refusal"],
                        "cited": [c.get("doc_number") for c in reply["citations"]],
                        "seconds": reply["seconds"],
                        "alone_ok": None,
                        "alone_problems": None,
                        "alone_answer": None,
                    }
                )
            if not args.json:
                done = [r for r in rows if r["conversation"] == conv["id"]]
                log(f"  {conv['id']}: " + " ".join("✓" if r["ok"] else "✗" for r in done))
        if not args.no_alone:
            for row in rows:
                if row["turn"] == 1:
                    continue
                case = next(c for c in convs if c["id"] == row["conversation"])["turns"][row["turn"] - 1]
                reply = ask(
                    client, base, key_alone, [{"role": "user", "content": case["question"]}], args.timeout
                )
                problems, answer, _ = score(case, reply, check, corpus, args.whole_content)
                row.update(
                    alone_ok=not problems,
                    alone_problems=problems,
                    alone_answer=answer,
                    alone_found=reply["found"],
                )
        elapsed = time.monotonic() - started
    finally:
        stop(server, log)
        client.close()
        if args.keep:
            log(f"# kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)

    summary = summarise(rows, convs)
    if args.json:
        print(
            json.dumps(
                {
                    "bank": args.bank,
                    "summary": {k: list(v) if isinstance(v, tuple) else v for k, v in summary.items()},
                    "turns": rows,
                },
                ensure_ascii=False,
                indent=1,
            )
        )
        return 0
    print(
        f"\n# {len(rows)} turns asked in conversation"
        + ("" if args.no_alone else f", {sum(r['turn'] > 1 for r in rows)} follow-ups asked alone")
        + f", {elapsed:.0f} s; sources block cut from {cut_count} of {len(rows)} replies"
    )
    width = max(len(k) for k in summary)
    for name, value in summary.items():
        if name.startswith("_"):
            print(
                f"{'latency (in conversation) p50 / p95 / max ms':<{width}}  "
                f"{value['p50_ms']} / {value['p95_ms']} / {value['max_ms']}"
            )
        else:
            print(f"{name:<{width}}  {pct(*value)}")
    if args.verbose:
        for r in rows:
            if not r["ok"]:
                print(
                    f"FAIL {r['id']} [{'needs_history' if r['needs_history'] else 'self-contained'}] {r['question']} :: "
                    f"{'; '.join(r['problems'])}\n     answer: {r['answer'].replace(chr(10), ' ')[:200]}"
                )
            if r["alone_ok"] is False:
                print(
                    f"FAIL-ALONE {r['id']} {r['question']} :: {'; '.join(r['alone_problems'])}"
                    f"\n     answer: {(r['alone_answer'] or '').replace(chr(10), ' ')[:200]}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Search under many members at once: /search served by gunicorn, driven by wrk.

For each kind of query (common words, several words, quoted phrases, rare words) wrk keeps 16
connections busy for a while, cycling through that kind's queries, and the run reports
requests/s, p50/p90/p99 latency, server CPU per request (gunicorn's processes, from /proc) and
each worker's memory afterwards. Each kind is run twice: with the result cache, as the site
runs (a frequent query is answered from the cache until the index changes), and without it,
as if every query were new.

    .venv/bin/python bench/search_load.py --database bench/results/search-1000000.db \\
        --index bench/results/search-index-1000000
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import free_port, gunicorn_command, running_server  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

QUERY_KINDS: dict[str, tuple[str, ...]] = {
    "common word": ("pain", "sleep", "fatigue", "anxiety", "doctor", "stiff", "tired", "work"),
    "several words": (
        "neuropathy pain at night",
        "medication side effects",
        "how do you prepare for an appointment",
        "keeping a pain diary",
        "is it normal to feel exhausted after chemo",
        "gentle exercise walking",
        "pacing energy",
        "board:cancer side effects",
    ),
    "phrase": ('"brain fog"', '"warm shower"', '"side effects"', '"pain diary"', '"bad days"'),
    "rare word": ("lifeline", "gabapentin", "spoons theory chronic illness", "nueropathy"),
}
LUA = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
"""


def search_path(query: str) -> str:
    return "/search?" + urlencode({"q": query})


def process_tree(root: int) -> list[int]:
    """The gunicorn master and its workers."""
    found = [root]
    children = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(root)], capture_output=True, text=True
    ).stdout.split()
    return found + [int(pid) for pid in children]


def cpu_seconds(pids: Sequence[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLOCK_TICKS


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def run_wrk(port: int, paths: Sequence[str], seconds: int, connections: int) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % ", ".join(json.dumps(path) for path in paths))
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    command += ["-s", script.name, f"http://127.0.0.1:{port}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    Path(script.name).unlink()
    latency = dict(re.findall(r"^\s*(50|75|90|99)(?:\.0+)?%\s+(\S+)\s*$", output, re.M))
    if len(latency) < 4:
        raise SystemExit(f"wrk printed no latency distribution:\n{output}")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    timeouts = re.search(r"timeout (\d+)", output)
    return {
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": _ms(latency["50"]),
        "p90_ms": _ms(latency["90"]),
        "p99_ms": _ms(latency["99"]),
        "non_2xx": int(errors.group(1)) if errors else 0,
        "timeouts": int(timeouts.group(1)) if timeouts else 0,
    }


def environment(database: Path, index: Path, cached: bool) -> dict[str, str]:
    instance = RESULTS / "instance"
    instance.mkdir(parents=True, exist_ok=True)
    return {
        **os.environ,
        "PEERCIRCLE_DATABASE_URL": f"sqlite:///{database.resolve()}",
        "PEERCIRCLE_INDEX_DIR": str(index.resolve()),
        "PEERCIRCLE_INSTANCE_DIR": str(instance),
        "PEERCIRCLE_SECRET_KEY": "bench",
        "PEERCIRCLE_SEARCH_RESULT_CACHE": "1" if cached else "0",
    }


def measure(args: argparse.Namespace, cached: bool) -> dict[str, Any]:
    command = gunicorn_command(args.workers, free_port())
    log = RESULTS / "search-load-gunicorn.log"
    figures: dict[str, Any] = {}
    env = environment(args.database, args.index, cached)
    workers: list[int] = []
    with running_server(command, env, log) as port:
        master = _listening_pid(port)
        workers = process_tree(master)[1:]
        for kind, queries in QUERY_KINDS.items():
            paths = [search_path(query) for query in queries]
            # Every worker opens the index and sees each query once before timing.
            run_wrk(port, paths, 3, args.connections)
            pids = process_tree(master)
            before = cpu_seconds(pids)
            result = run_wrk(port, paths, args.seconds, args.connections)
            result["server_cpu_ms_per_request"] = round(
                (cpu_seconds(pids) - before) * 1000 / max(result["requests"], 1), 2
            )
            figures[kind] = result
            print(_line(kind, cached, result), flush=True)
        figures["worker_rss_mb"] = [round(rss_mb(pid), 1) for pid in process_tree(master)[1:]]
    # A worker stuck in a request outlives a master that gave up waiting: never leave one.
    for pid in workers:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return figures


def _listening_pid(port: int) -> int:
    """gunicorn's master: the process listening on the port."""
    output = subprocess.run(["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True)
    pids = [int(pid) for pid in re.findall(r"pid=(\d+)", output.stdout)]
    parents = {pid: _parent(pid) for pid in pids}
    return next(pid for pid in pids if parents[pid] not in pids)


def _parent(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def _line(kind: str, cached: bool, r: dict[str, Any]) -> str:
    mode = "cached" if cached else "uncached"
    return (
        f"{kind:<14} {mode:<9} {r['requests_per_second']:>7.1f} req/s  p50 {r['p50_ms']:>7.1f} ms  "
        f"p90 {r['p90_ms']:>7.1f} ms  p99 {r['p99_ms']:>7.1f} ms  "
        f"CPU {r['server_cpu_ms_per_request']:>6.1f} ms/req  errors {r['non_2xx'] + r['timeouts']}"
    )


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", type=Path, required=True)
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=int, default=15, help="timed seconds per kind")
    return parser.parse_args(argv)


def run(argv: Sequence[str] | None = None) -> dict[str, Any]:
    args = parse_args(argv)
    report = {
        "database": str(args.database),
        "index": str(args.index),
        "workers": args.workers,
        "connections": args.connections,
        "seconds_per_kind": args.seconds,
        "queries": QUERY_KINDS,
        "cached": measure(args, cached=True),
        "uncached": measure(args, cached=False),
    }
    for mode in ("cached", "uncached"):
        print(f"worker memory after the {mode} run: {report[mode]['worker_rss_mb']} MB")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    output = RESULTS / f"search-load-{stamp}.json"
    output.write_text(json.dumps(report, indent=2))
    print(f"figures written to {output.relative_to(ROOT)}")
    return report


if __name__ == "__main__":
    started = time.perf_counter()
    run()
    print(f"wall time {time.perf_counter() - started:.0f} s")

"""Soak: concurrent writers reply through gunicorn; then no acknowledged reply may be missing
from the database or the search index, and none may be there twice.

The driver lives in tests/soak_driver.py, shared with tests/test_concurrent_writers.py.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"
# This checkout's code first, whatever the editable install points at.
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import soak_driver  # noqa: E402


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--writers", type=int, default=20, help="concurrent writer threads")
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the load")
    parser.add_argument("--threads", type=int, default=8, help="threads the writers answer")
    parser.add_argument(
        "--kill-every", type=float, default=None, metavar="S", help="SIGKILL a random worker every S s"
    )
    parser.add_argument(
        "--retry-share",
        type=float,
        default=0.0,
        metavar="P",
        help="send this share of reply POSTs twice with the same form data",
    )
    parser.add_argument("--second-drain", action="store_true", help="run `search drain` twice")
    parser.add_argument(
        "--fail-on-duplicates", action="store_true", help="exit 1 on duplicate replies too"
    )
    parser.add_argument("--request-timeout", type=float, default=30.0)
    parser.add_argument("--seed", type=int, default=None, help="seed for threads, retries, kills")
    parser.add_argument("--keep", action="store_true", help="keep the instance directory")
    args = parser.parse_args(argv)
    try:
        settings_from(args).check()
    except ValueError as error:
        parser.error(str(error))
    return args


def settings_from(args: argparse.Namespace) -> soak_driver.Settings:
    return soak_driver.Settings(
        workers=args.workers,
        writers=args.writers,
        seconds=args.seconds,
        threads=args.threads,
        kill_every=args.kill_every,
        retry_share=args.retry_share,
        second_drain=args.second_drain,
        request_timeout=args.request_timeout,
        seed=args.seed,
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    settings = settings_from(args)
    base = Path(tempfile.mkdtemp(prefix="peercircle-soak-"))
    report = soak_driver.run(base, settings, progress=lambda message: print(f".. {message}"))
    print(report.summary())
    failures = report.failures(duplicates_fail=args.fail_on_duplicates)

    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    saved = RESULTS_DIR / f"soak-{stamp}.json"
    result = asdict(report)
    result.update(
        requests_per_second=report.requests_per_second,
        replies_per_second=report.replies_per_second,
        drift=report.drift,
        failures=failures,
    )
    saved.write_text(json.dumps(result, indent=2, default=str))
    print(f"saved {saved}")

    if failures or args.keep:
        print(f"instance kept in {base} (gunicorn.log, peercircle.db, index/)")
    else:
        soak_driver.remove(base)
    if failures:
        print("FAILED: " + "; ".join(failures))
        return 1
    print("OK: every acknowledged reply is in the database and the index")
    return 0


if __name__ == "__main__":
    sys.exit(main())

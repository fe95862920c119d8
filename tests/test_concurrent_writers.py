"""Concurrent writers through gunicorn: every acknowledged reply is saved once and searchable.

A short run of the soak (bench/soak.py has the long one): 3 sync workers on one SQLite file,
8 members replying as fast as they can for 8 seconds, then `search drain`. About 15 s.
"""

from __future__ import annotations

import pytest
import soak_driver

# `search status` is skipped (the check reads the outbox itself): two app start-ups less.
SETTINGS = soak_driver.Settings(
    workers=3, writers=8, seconds=8.0, threads=4, request_timeout=20.0, report_status=False
)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> soak_driver.Report:
    if not soak_driver.gunicorn_installed():
        pytest.skip("gunicorn is not installed beside this Python")
    return soak_driver.run(tmp_path_factory.mktemp("soak") / "instance", SETTINGS)


def test_writers_get_their_replies_acknowledged(report: soak_driver.Report) -> None:
    # Enough replies for the checks below to mean something, one a writer at least: how many
    # fit in the time depends on how busy the machine is (19 to well over 20 on a shared one).
    assert report.acknowledged >= SETTINGS.writers, report.summary()
    assert report.server_errors == 0, report.summary()
    assert report.logins_failed == 0, report.summary()


def test_no_acknowledged_reply_is_lost_or_doubled(report: soak_driver.Report) -> None:
    assert report.lost == [], report.summary()
    assert report.duplicates == {}, report.summary()


def test_the_drained_index_holds_exactly_the_visible_posts(report: soak_driver.Report) -> None:
    assert report.outbox_backlog == 0, report.summary()
    assert report.missing_from_index == [], report.summary()
    assert report.stray_in_index == [], report.summary()
    assert report.doubled_in_index == [], report.summary()

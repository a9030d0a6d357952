"""The warm export worker: `runner.prewarm` keeps a spare process with WeasyPrint loaded, the next
`ExportJob` runs in it, and cancel, the time-out and the app's exit still end it cleanly."""

from __future__ import annotations

import asyncio
import io
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pilot import pilot_test, settle, until

from facilitator.export import runner
from facilitator.export.runner import Done, ExportJob, Failed, Progress


def gone(pid: int) -> bool:
    """The process ``pid`` has ended (and was reaped)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.fixture(autouse=True)
def no_spare_left() -> Iterator[None]:
    yield
    runner.discard_spare()


def test_a_job_runs_in_the_spare_process_and_writes_the_pdf(empty_plan: Path, tmp_path: Path) -> None:
    pid = runner.prewarm()
    assert runner.prewarm() == pid  # one spare at a time
    job = ExportJob.start(empty_plan, tmp_path / "plan.pdf", "es")
    assert job.warm and job.pid == pid
    assert runner.spare_pid() is None  # taken: the next prewarm starts another
    messages = list(job.messages())
    assert isinstance(messages[0], Progress)
    assert messages[-1] == Done(tmp_path / "plan.pdf")
    assert (tmp_path / "plan.pdf").read_bytes().startswith(b"%PDF-")
    assert job.wait(30) == messages[-1] and gone(pid)
    cold = ExportJob.start(empty_plan, tmp_path / "cold.pdf")  # no spare waiting: a process of its own
    assert not cold.warm
    assert isinstance(cold.wait(60), Done)


def test_no_spare_is_started_while_an_export_runs(empty_plan: Path, tmp_path: Path) -> None:
    job = ExportJob.start(empty_plan, tmp_path / "out.pdf")  # cold: no spare was waiting
    assert runner.prewarm() is None and runner.spare_pid() is None  # it would take a core from the render
    job.cancel()
    assert isinstance(job.wait(30), Failed)
    pid = runner.prewarm()  # once the export has ended, as the dialog asks when it hears the result
    assert pid is not None and runner.spare_pid() == pid


def test_cancel_kills_the_spare_that_runs_the_job(example_plan: Path, tmp_path: Path) -> None:
    runner.prewarm()
    job = ExportJob.start(example_plan, tmp_path / "out.pdf")
    assert job.warm
    assert isinstance(next(iter(job.messages())), Progress)
    job.cancel()
    result = job.wait(30)
    assert isinstance(result, Failed) and result.cancelled
    assert gone(job.pid)
    assert not (tmp_path / "out.pdf").exists() and list(tmp_path.glob(".out.pdf.*")) == []


def test_the_time_out_kills_the_spare_that_runs_the_job(example_plan: Path, tmp_path: Path) -> None:
    runner.prewarm()
    job = ExportJob.start(example_plan, tmp_path / "out.pdf", timeout=0.5)
    assert job.warm
    result = list(job.messages())[-1]
    assert isinstance(result, Failed) and result.timed_out and "0.5 seconds" in result.lines[0]
    assert gone(job.pid) and not (tmp_path / "out.pdf").exists()


def test_the_spare_ends_when_discarded_or_when_its_stdin_closes() -> None:
    pid = runner.prewarm()
    runner.discard_spare()
    assert gone(pid) and runner.spare_pid() is None
    runner.prewarm()
    spare = runner._spare
    assert spare is not None and spare[0].stdin is not None
    spare[0].stdin.close()  # what the app's death does to it
    assert spare[0].wait(60) == 0
    assert spare[0].stdout is not None and spare[0].stdout.read() == b""  # it said nothing


def test_the_warm_up_compiles_every_document_template() -> None:
    from facilitator.export.html import environment
    from facilitator.export.worker import is_document_template, warm_up

    templates = environment()
    templates.cache.clear()  # type: ignore[union-attr]
    warm_up()
    compiled = {key[1] for key in templates.cache}  # type: ignore[union-attr]
    assert {"plan.html", "page.css.j2", "minutes.html", "plan/actions.html"} <= compiled
    assert compiled == set(templates.list_templates(filter_func=is_document_template))


def test_serve_warm_reads_its_arguments_as_one_json_line(tmp_path: Path) -> None:
    from facilitator.export.worker import serve_warm

    assert serve_warm(io.StringIO(""), io.StringIO()) == 0
    out = io.StringIO()
    assert serve_warm(io.StringIO('{"not": "a list"}\n'), out) == 1
    assert "wrong arguments" in json.loads(out.getvalue())["error"][0]
    out = io.StringIO()
    assert serve_warm(io.StringIO(json.dumps([str(tmp_path / "missing")]) + "\n"), out) == 1
    assert "no such plan folder" in json.loads(out.getvalue().splitlines()[-1])["error"][0]


@pilot_test
async def test_the_app_keeps_a_spare_once_the_export_dialog_opens_and_ends_it_on_exit(example_plan: Path) -> None:
    from facilitator.app import ClusterApp
    from facilitator.screens.export import ExportDialog

    headless = ClusterApp(example_plan)
    async with headless.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await until(pilot, lambda: isinstance(headless.screen, ExportDialog))
        assert runner.spare_pid() is None  # a headless app (the tests) does not start one by default
    app = ClusterApp(example_plan)
    app.prewarm_export = True
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, ExportDialog))
        pid = runner.spare_pid()
        assert pid is not None
    deadline = time.monotonic() + 30
    while not gone(pid) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    assert gone(pid) and runner.spare_pid() is None

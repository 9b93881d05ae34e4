"""Memory: messages are built, checked, written and dropped one at a time, for the outbox and SMTP.

Before, every message of a batch was held in memory until the outbox was published (about 340 KB
per recipient: 1.7 GB for 5,000). The documents are replaced here by a fixed 40 KB attachment so
that hundreds of messages build in seconds; what is measured (tracemalloc's peak over the run) is how the
messages are handled, not how a PDF is made. Growing the list eightfold (20 to 160) may cost a
few kilobytes of metadata per recipient (the manifest's entry, the paths publish keeps, Python's
bounded cache of the MIME boundary patterns it compiles while parsing), never a message.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import tracemalloc
from pathlib import Path
from types import SimpleNamespace

import pytest

from briefbuilder.audience.templates import TemplateSet
from briefbuilder.brief.loading import load_brief
from briefbuilder.delivery import plan as plan_module
from briefbuilder.delivery.batch import Policy, run_batch
from briefbuilder.delivery.journal import Journal
from briefbuilder.delivery.outbox import spool, write_outbox
from briefbuilder.delivery.plan import plan_batch
from briefbuilder.delivery.recipients import load_distribution
from briefbuilder.delivery.smtp import Outcome
from briefbuilder.errors import InvalidInput
from briefbuilder.layout.engine import LayoutOptions
from helpers import BRIEF

ATTACHMENT = os.urandom(40_000)  # incompressible, like a PDF; ~55 KB in a message (base64)
ALLOWED_GROWTH = 2 * 1024 * 1024  # for 140 more recipients: ~15 KB each, a quarter of one message


@pytest.fixture
def small_documents(monkeypatch):
    def fake_build(brief, audiences, formats, options):
        return [
            SimpleNamespace(name=f"{brief.id}-{audiences[0].name}.{fmt}", fmt=fmt, data=ATTACHMENT)
            for fmt in formats
        ]

    monkeypatch.setattr(plan_module, "build_brief", fake_build)


def _plan(tmp_path: Path, n: int, big: int | None = None):
    """A press list of ``n``; recipient ``big`` (if any) gets two documents, twice the size."""
    path = tmp_path / f"list-{n}.yaml"
    people = "".join(
        f'  - {{name: "Reader {i}", address: "r{i}@example.org", audience: press, '
        f"formats: [{'pdf, docx' if i == big else 'pdf'}]}}\n"
        for i in range(n)
    )
    path.write_text('sender: {name: "Desk", address: "desk@example.org"}\nrecipients:\n' + people, "utf-8")
    templates = TemplateSet.default()
    dlist = load_distribution(path, templates.names(), ("pdf", "docx"))
    return plan_batch(
        load_brief(BRIEF).brief,
        {"press": templates.resolve("press")},
        dlist,
        dlist.recipients,
        batch_id=f"mem-{n}",
        options=LayoutOptions(),
        date=dt.datetime(2025, 9, 12, tzinfo=dt.UTC),
    )


def _peak(run) -> int:
    """Bytes allocated at the peak of ``run()`` above what was allocated before it."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        run()
        return tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()


def test_outbox_peak_memory_does_not_grow_with_the_list(tmp_path: Path, small_documents) -> None:
    write_outbox(_plan(tmp_path, 3), tmp_path / "warm-up")  # fonts, templates, caches: once
    peaks = {}
    for n in (20, 160):
        plan = _plan(tmp_path, n)
        peaks[n] = _peak(lambda plan=plan, n=n: write_outbox(plan, tmp_path / f"out-{n}"))
        emls = sorted((tmp_path / f"out-{n}").glob("*.eml"))
        assert len(emls) == n and all(p.stat().st_size > 50_000 for p in emls)
        manifest = json.loads((tmp_path / f"out-{n}" / "manifest.json").read_text())
        assert [m["file"] for m in manifest["messages"]] == [p.name for p in emls]
    message = (tmp_path / "out-160").joinpath("001-r0@example.org.eml").stat().st_size
    print(
        f"peak: 20 -> {peaks[20] / 2**20:.1f} MiB, 160 -> {peaks[160] / 2**20:.1f} MiB; message {message:,} B"
    )
    assert peaks[160] - peaks[20] < ALLOWED_GROWTH, peaks  # holding the messages would add ~8 MB
    assert peaks[160] < 20 * message + ALLOWED_GROWTH


def test_smtp_spool_and_send_peak_memory_does_not_grow_with_the_list(
    tmp_path: Path, small_documents, monkeypatch
) -> None:
    spools = tmp_path / "tmp"
    spools.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spools))

    class Sink:
        """A transport that takes each message and forgets it."""

        max_size = None
        sent = 0

        def send(self, sender: str, recipient: str, data: bytes) -> Outcome:
            Sink.sent += len(data)
            return Outcome("sent", 250, "OK")

        def close(self) -> None:
            pass

    def run(plan, n: int) -> None:
        with (
            spool(plan) as batch,
            Journal.open(tmp_path / f"journal-{n}.jsonl", {"batch": batch.id}) as journal,
        ):
            report = run_batch(batch, journal, Sink, Policy(retries=0))
            assert report.count("sent") == n

    run(_plan(tmp_path, 3), 3)
    peaks = {}
    for n in (20, 160):
        plan = _plan(tmp_path, n)
        peaks[n] = _peak(lambda plan=plan, n=n: run(plan, n))
    print(f"peak: 20 -> {peaks[20] / 2**20:.1f} MiB, 160 -> {peaks[160] / 2**20:.1f} MiB")
    assert peaks[160] - peaks[20] < ALLOWED_GROWTH, peaks  # holding the messages would add ~8 MB
    assert Sink.sent > 180 * 50_000 and list(spools.iterdir()) == []  # the spool is removed


def test_a_bad_message_in_the_middle_leaves_the_outbox_as_it_was(tmp_path: Path, small_documents) -> None:
    out = tmp_path / "out"
    write_outbox(_plan(tmp_path, 5), out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    plan = _plan(tmp_path, 5, big=2)
    plan.max_bytes = 80_000  # only the third message is over: two are written before it is built
    with pytest.raises(InvalidInput) as info:
        write_outbox(plan, out)
    assert [p.path for p in info.value.problems] == ["recipients[2]"]
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # nothing replaced, nothing left
    fresh = tmp_path / "fresh" / "out"
    with pytest.raises(InvalidInput):
        write_outbox(plan, fresh)
    assert not (tmp_path / "fresh").exists()  # no folder left behind either


def test_a_refused_message_stops_the_spool_before_anything_can_be_sent(
    tmp_path: Path, small_documents
) -> None:
    plan = _plan(tmp_path, 4, big=3)
    plan.max_bytes = 80_000  # the last message is refused after three were spooled
    with pytest.raises(InvalidInput, match="over the limit of 80,000"), spool(plan):
        raise AssertionError("the spool must not yield a batch with a refused message")

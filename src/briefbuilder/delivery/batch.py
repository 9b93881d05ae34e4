"""Run a batch over SMTP under its journal: resumable, no recipient sent twice by default.

Per recipient, from the journal: ``sent`` is skipped; ``failed`` (5xx) stays failed unless
``retry_failed``; ``deferred`` or never tried is sent. A recipient whose outcome is *unknown* (the
connection was lost after the whole message had gone out, or the process died between sending and
journalling) is handled by the ambiguous-outcome policy:

* ``hold`` (the default, at-most-once): not sent again; reported as unknown until an operator has
  checked (the server's log, the recipient) and either leaves it or re-runs with ``--resend-unknown``.
* ``resend`` (at-least-once): sent again with the same Message-ID, so that a duplicate can be
  recognised and dropped by the receiving side or the reader's mail client.

Temporary failures (4xx, or a message the server cannot have whole: see ``smtp``) are retried in
rounds, waiting ``retry_delay`` and then twice as long each time (``sleep`` is injectable for tests);
what is still deferred after the last round is reported and retried by the next run.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from briefbuilder.delivery.journal import Entry, Journal
from briefbuilder.delivery.plan import Batch, Outgoing
from briefbuilder.delivery.smtp import DeliveryError, Outcome, Transport
from briefbuilder.errors import InvalidInput

Status = Literal["sent", "failed", "skipped", "unknown"]


@dataclass(frozen=True, slots=True)
class Policy:
    resend_unknown: bool = False  # False: hold ambiguous outcomes for the operator (at-most-once)
    retry_failed: bool = False  # True: try permanently failed recipients again
    retries: int = 2  # extra rounds for temporary failures within one run
    retry_delay: float = 10.0  # seconds before the first extra round; doubles each round


@dataclass(frozen=True, slots=True)
class Result:
    """The final word on one recipient for this run."""

    address: str
    audience: str
    status: Status
    detail: str
    temporary: bool = False  # a failure the next run will retry
    earlier: bool = False  # decided by an earlier run (from the journal)


@dataclass(frozen=True, slots=True)
class Report:
    results: tuple[Result, ...]

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def complete(self) -> bool:
        """Every recipient has the message: sent now or by an earlier run."""
        return all(r.status in ("sent", "skipped") for r in self.results)


def run_batch(
    batch: Batch,
    journal: Journal,
    connect: Callable[[], Transport],
    policy: Policy,
    *,
    sleep: Callable[[float], None] = time.sleep,
    on_result: Callable[[Result], None] | None = None,
) -> Report:
    results: dict[str, Result] = {}

    def done(out: Outgoing, result: Result) -> None:
        results[out.key] = result
        if on_result is not None:
            on_result(result)

    todo: list[Outgoing] = []
    for out in batch.outgoing:
        earlier = from_journal(journal.entry(out.key), policy, out)
        if earlier is None:
            todo.append(out)
        else:
            done(out, earlier)
    if todo:
        _send_all(batch, journal, connect, policy, todo, sleep, done)
    return Report(tuple(results[o.key] for o in batch.outgoing))


def from_journal(entry: Entry, policy: Policy, out: Outgoing) -> Result | None:
    """What an earlier run decided for this recipient under ``policy``, or None: send it now."""
    address, audience = out.recipient.mailbox.address, out.recipient.audience
    if entry.state == "sent":
        return Result(address, audience, "skipped", f"already sent ({entry.at})", earlier=True)
    if entry.state == "failed" and not policy.retry_failed:
        reply = f"{entry.code} {entry.reply}".strip()
        return Result(
            address, audience, "failed", f"{reply} (earlier run; --retry-failed to retry)", earlier=True
        )
    if entry.state in ("attempting", "unknown") and not policy.resend_unknown:
        why = entry.reply or "the run that was sending it stopped before recording the outcome"
        return Result(address, audience, "unknown", f"held: {why}", earlier=True)
    return None


def _send_all(
    batch: Batch,
    journal: Journal,
    connect: Callable[[], Transport],
    policy: Policy,
    todo: list[Outgoing],
    sleep: Callable[[float], None],
    done: Callable[[Outgoing, Result], None],
) -> None:
    first = connect()  # a first failure raises: nothing was sent
    transport: Transport | None = first
    try:
        _check_size(todo, first.max_size)
        last: dict[str, str] = {}
        for round_no in range(policy.retries + 1):
            if round_no:
                sleep(policy.retry_delay * 2 ** (round_no - 1))
            deferred: list[Outgoing] = []
            for n, out in enumerate(todo):
                if transport is None:
                    try:
                        transport = connect()
                    except DeliveryError as exc:  # the server went away: the rest wait for a later round
                        for rest in todo[n:]:
                            last[rest.key] = f"not sent: {exc}"
                        deferred.extend(todo[n:])
                        break
                outcome = _send_one(batch, journal, transport, out)
                address, audience = out.recipient.mailbox.address, out.recipient.audience
                if outcome.kind == "sent":
                    done(out, Result(address, audience, "sent", outcome.describe()))
                elif outcome.kind == "permanent":
                    done(out, Result(address, audience, "failed", outcome.describe()))
                elif outcome.kind == "unknown":
                    done(out, Result(address, audience, "unknown", f"held: {outcome.describe()}"))
                else:
                    last[out.key] = outcome.describe()
                    deferred.append(out)
                if outcome.connection_lost:
                    transport = None
            todo = deferred
            if not todo:
                break
        for out in todo:
            address, audience = out.recipient.mailbox.address, out.recipient.audience
            detail = f"{last.get(out.key, 'temporary failure')}; re-run to retry"
            done(out, Result(address, audience, "failed", detail, temporary=True))
    finally:
        if transport is not None:
            transport.close()


def _send_one(batch: Batch, journal: Journal, transport: Transport, out: Outgoing) -> Outcome:
    data = out.data  # read (and checked) from the spool before the journal says "attempt"
    journal.record("attempt", out.key, message_id=out.message_id, bytes=out.size)
    outcome = transport.send(batch.sender.address, out.recipient.mailbox.address, data)
    fields = {"code": outcome.code, "reply": outcome.reply}
    event = {"sent": "sent", "permanent": "failed", "temporary": "deferred", "unknown": "unknown"}[
        outcome.kind
    ]
    journal.record(event, out.key, **fields)
    return outcome


def _check_size(todo: list[Outgoing], limit: int | None) -> None:
    """Fail the whole batch before the first message if any is over the server's advertised SIZE."""
    if limit is None:
        return
    problems = [
        o.recipient.problem(
            f"the message is {o.size:,} bytes encoded, over the {limit:,} bytes the server accepts "
            "(its SIZE); choose fewer formats for this recipient"
        )
        for o in todo
        if o.size > limit
    ]
    if problems:
        raise InvalidInput(problems)

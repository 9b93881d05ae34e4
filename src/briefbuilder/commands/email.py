"""briefbuilder email: each recipient on a list gets their audience's briefing, as .eml or over SMTP."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from briefbuilder.commands.common import EXIT_OK, EXIT_OUTPUT, report, source_date_epoch, split
from briefbuilder.errors import InvalidInput, Problem

if TYPE_CHECKING:
    from briefbuilder.delivery.batch import Result
    from briefbuilder.delivery.config import Credentials, DeliveryConfig
    from briefbuilder.delivery.plan import Outgoing, Plan

HELP = "e-mail each recipient on a list their audience's briefing (outbox of .eml, or SMTP)"
DEFAULT_OUTBOX = Path("outbox")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("brief", metavar="BRIEF", type=Path, help="brief YAML file")
    p.add_argument(
        "--list",
        type=Path,
        metavar="LIST.yaml",
        help="distribution list (default: the project file's `distribution`)",
    )
    p.add_argument("--audience", metavar="NAME", help="only recipients of this audience (or a,b)")
    p.add_argument("--group", metavar="NAME", help="only recipients in this group of the list")
    p.add_argument(
        "--previous",
        type=Path,
        metavar="OLD.yaml",
        help='the previous edition: documents and messages start with "What\'s new", as in build',
    )
    p.add_argument(
        "--reference-doc",
        type=Path,
        metavar="FILE.docx",
        help="a .docx whose styles and theme fonts restyle the DOCX attachments",
    )
    where = p.add_mutually_exclusive_group()
    where.add_argument(
        "--outbox",
        type=Path,
        metavar="DIR",
        help=f"write one .eml per recipient here (default: {DEFAULT_OUTBOX}/)",
    )
    where.add_argument("--send", action="store_true", help="send over SMTP (settings from --config)")
    p.add_argument(
        "--dry-run", action="store_true", help="build and check everything; write and send nothing"
    )
    p.add_argument("--config", type=Path, metavar="FILE", help="delivery settings: smtp, limits, retries")
    p.add_argument("--templates", type=Path, metavar="DIR", help="extra folder of audience templates")
    p.add_argument("--batch", metavar="ID", help="batch id (default: <brief id>-v<version>-<list name>)")
    p.add_argument(
        "--journal-dir",
        type=Path,
        metavar="DIR",
        help="batch journals (default: the per-user state folder, e.g. ~/.local/state/briefbuilder/journals; "
        "one left in .briefbuilder/journals/ by an earlier version is still used)",
    )
    p.add_argument(
        "--resend-unknown",
        action="store_true",
        help="send again, with the same Message-ID, to recipients whose earlier outcome is unknown",
    )
    p.add_argument("--retry-failed", action="store_true", help="try permanently failed recipients again")
    p.add_argument("-q", "--quiet", action="store_true", help="print only problems and the summary")


def run(args: argparse.Namespace) -> int:
    from briefbuilder.audience.glyphs import undrawn
    from briefbuilder.audience.templates import TemplateSet
    from briefbuilder.brief.loading import load_brief
    from briefbuilder.delivery.config import DeliveryConfig, credentials_from_env, load_config
    from briefbuilder.delivery.plan import batch_id_problem, default_batch_id, plan_batch
    from briefbuilder.delivery.recipients import load_distribution
    from briefbuilder.layout.engine import LayoutOptions
    from briefbuilder.pipeline.reference import with_reference_doc
    from briefbuilder.pipeline.settings import project_for
    from briefbuilder.writers import WRITERS

    project = project_for(args.brief)  # flags win; the project file fills in what they leave out
    args.list = args.list or project.distribution
    args.config = args.config or project.delivery
    args.templates = args.templates or project.templates
    args.journal_dir = args.journal_dir or project.journal_dir
    if args.list is None:
        message = "name a distribution list with --list, or `distribution:` in a briefbuilder.yaml"
        raise InvalidInput([Problem("--list", None, None, "", message)])
    config = load_config(args.config) if args.config else DeliveryConfig()
    if args.send and config.smtp is None:
        where = str(args.config) if args.config else "--send"
        raise InvalidInput(
            [
                Problem(
                    where,
                    None,
                    None,
                    "smtp",
                    "--send needs SMTP settings: pass --config FILE with an smtp: section",
                )
            ]
        )
    credentials = credentials_from_env(os.environ, config.smtp) if args.send and config.smtp else None
    templates = TemplateSet.default(args.templates)
    known = templates.names()
    problems: list[Problem] = []
    loaded = dlist = None
    try:
        loaded = load_brief(args.brief)
    except InvalidInput as exc:
        problems.extend(exc.problems)
    try:
        dlist = load_distribution(args.list, known, WRITERS)
    except InvalidInput as exc:
        problems.extend(exc.problems)
    wanted = split(args.audience) if args.audience else []
    for name in wanted:
        if name not in known:
            problems.append(
                Problem("--audience", None, None, "", f"unknown audience {name!r}; known: {', '.join(known)}")
            )
    if args.batch is not None and (problem := batch_id_problem(args.batch)):
        problems.append(Problem("--batch", None, None, "", f"{args.batch!r}: {problem}"))
    if problems or loaded is None or dlist is None:
        raise InvalidInput(problems)
    if args.group is not None and args.group not in dlist.group_ids:
        raise InvalidInput(
            [
                Problem(
                    "--group",
                    None,
                    None,
                    "",
                    f"no group {args.group!r} in {args.list}; known: {', '.join(dlist.group_ids) or 'none'}",
                )
            ]
        )
    selected = tuple(r for r in dlist.select(group=args.group) if not wanted or r.audience in wanted)
    if not selected:
        raise InvalidInput(
            [Problem(str(args.list), None, None, "", "no recipient matches --audience/--group")]
        )
    if not args.quiet:
        report(loaded.warnings)
    names = sorted({r.audience for r in selected})
    resolved, notes = with_reference_doc(
        tuple(templates.resolve(n) for n in names), args.reference_doc, problems
    )
    problems.extend(undrawn(loaded.glyphs, resolved))  # characters only a template's font may have
    previous = None
    if args.previous is not None:
        try:
            previous = load_brief(args.previous).brief
        except InvalidInput as exc:
            problems.extend(exc.problems)
    if problems:
        raise InvalidInput(problems)
    for note in notes:
        print(note, file=sys.stderr)
    audiences = dict(zip(names, resolved, strict=True))
    epoch = source_date_epoch()
    now = dt.datetime.fromtimestamp(epoch, dt.UTC) if epoch is not None else dt.datetime.now(dt.UTC)
    plan = plan_batch(
        loaded.brief,
        audiences,
        dlist,
        selected,
        batch_id=args.batch or default_batch_id(loaded.brief, dlist),
        options=LayoutOptions(source_date_epoch=epoch),
        date=now.replace(microsecond=0),
        message_id_domain=config.message_id_domain,
        max_bytes=config.max_message_bytes,
        max_bytes_source=f"max_message_bytes in {config.file}",
        brief_file=loaded.path,
        previous=previous,
    )
    if args.send:
        return _send(args, plan, config, credentials)
    return _outbox(args, plan)


def _outbox(args: argparse.Namespace, plan: Plan) -> int:
    from briefbuilder.delivery.outbox import eml_name, write_outbox

    folder = args.outbox or DEFAULT_OUTBOX
    if args.dry_run:
        for i, out in enumerate(plan.messages(), 1):  # built, checked, printed, dropped
            _line("would write", out, str(folder / eml_name(i, out)))
        print(f"dry run: {len(plan.recipients)} messages checked; nothing was written to {folder}")
        return EXIT_OK
    written = write_outbox(plan, folder)
    if not args.quiet:
        for path in written:
            print(path)
    print(f"summary: {len(plan.recipients)} written, 0 failed (outbox {folder}, with manifest.json)")
    return EXIT_OK


def _send(
    args: argparse.Namespace, plan: Plan, config: DeliveryConfig, credentials: Credentials | None
) -> int:
    from briefbuilder.delivery.batch import Policy, from_journal, run_batch
    from briefbuilder.delivery.journal import Entry, Journal, journal_path, peek
    from briefbuilder.delivery.outbox import spool
    from briefbuilder.delivery.smtp import SmtpTransport

    smtp = config.smtp
    assert smtp is not None  # run() refuses --send without it
    path = journal_path(plan.id, plan.brief.id, plan.dlist.name, args.journal_dir or config.journal_dir)
    policy = Policy(
        resend_unknown=args.resend_unknown,
        retry_failed=args.retry_failed,
        retries=config.retries,
        retry_delay=config.retry_delay,
    )
    if args.dry_run:
        entries = peek(path)
        for out in plan.messages():  # built, checked, printed, dropped
            earlier = from_journal(entries.get(out.key, Entry()), policy, out)
            label = "would send" if earlier is None else f"{earlier.status} ({earlier.detail}):"
            _line(label, out, "")
        print(
            f"dry run: {len(plan.recipients)} messages checked for {smtp.host}:{smtp.port} "
            f"({smtp.security}{', with login' if credentials else ''}); batch {plan.id}; nothing was sent"
        )
        return EXIT_OK
    header = {
        "batch": plan.id,
        "brief": plan.brief.id,
        "version": plan.brief.version,
        "list": plan.dlist.name,
    }
    # Every message built and checked into a private spool before the journal opens or anything is sent.
    with spool(plan) as batch, Journal.open(path, header) as journal:
        journal.check_content(batch.content)
        print(
            f"batch {batch.id}: {len(batch.outgoing)} recipients via {smtp.host}:{smtp.port}; journal {path}"
        )

        def show(result: Result) -> None:
            if not args.quiet or result.status in ("failed", "unknown"):
                print(f"{result.status:<8} {result.address} ({result.audience}): {result.detail}", flush=True)

        result = run_batch(
            batch, journal, lambda: SmtpTransport(smtp, credentials).open(), policy, on_result=show
        )
    counts = {s: result.count(s) for s in ("sent", "failed", "skipped", "unknown")}
    print("summary: " + ", ".join(f"{n} {s}" for s, n in counts.items()))
    if result.complete:
        return EXIT_OK
    temporary = sum(1 for r in result.results if r.temporary)
    if temporary:
        print(
            f"briefbuilder: {temporary} temporary failures; run the same command again to retry them",
            file=sys.stderr,
        )
    if counts["unknown"]:
        print(
            f"briefbuilder: {counts['unknown']} outcomes unknown: the message may or may not have been "
            "delivered, so it is held and not sent again. Check whether it arrived; to send it again "
            "with the same Message-ID, re-run with --resend-unknown",
            file=sys.stderr,
        )
    return EXIT_OUTPUT


def _line(label: str, out: Outgoing, where: str) -> None:
    files = ", ".join(a.filename for a in out.attachments)
    size = f"{out.size:,} bytes"
    tail = f" -> {where}" if where else ""
    print(f"{label} {out.recipient.mailbox.address} ({out.recipient.audience}): {files}; {size}{tail}")

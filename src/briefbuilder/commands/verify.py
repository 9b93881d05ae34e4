"""briefbuilder verify: check that each DOCX and PDF built in a folder carry the same content.

Exit codes: 0 every pair agrees; 3 a pair disagrees, lacks its partner, or has a file that cannot
be read (damaged, not a DOCX or PDF, over a size limit: "cannot read NAME: reason"); 2 the folder
is missing or holds no .docx or .pdf file. Never a traceback, whatever the files hold.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from briefbuilder.commands.common import EXIT_BUILD, EXIT_OK
from briefbuilder.errors import InvalidInput, Problem

HELP = (
    "check that the DOCX and PDF of each brief in a folder carry the same sections, facts, quotes and sources"
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("folder", type=Path, metavar="DIR", help="folder of built files, e.g. out/")
    p.add_argument("-q", "--quiet", action="store_true", help="print only disagreements")
    p.add_argument(
        "--render",
        action="store_true",
        help="also lay each DOCX out with LibreOffice: same page count and heading pages as the PDF",
    )


def run(args: argparse.Namespace) -> int:
    from briefbuilder.output.verify import verify_folder

    folder: Path = args.folder
    if not folder.is_dir():
        raise InvalidInput([Problem(str(folder), None, None, "", "folder not found")])
    try:
        reports = verify_folder(folder)
    except FileNotFoundError as exc:
        raise InvalidInput([Problem(str(folder), None, None, "", str(exc))]) from None
    failed = [r for r in reports if not r.ok]
    for report in reports:
        if report.ok:
            if not args.quiet:
                counts = ", ".join(f"{n} {_plural(kind, n)}" for kind, n in sorted(report.checked.items()))
                print(f"ok    {report.name}: DOCX and PDF agree ({counts})")
            continue
        n = len(report.problems)
        if report.unreadable:
            print(f"FAIL  {report.name}: cannot be compared")
        else:
            print(f"FAIL  {report.name}: {n} difference{'s' if n != 1 else ''}")
        for problem in report.problems:
            print(f"      {problem}")
    if getattr(args, "render", False):
        failed += _render(folder, args.quiet)  # type: ignore[arg-type]
    if failed:
        unreadable = sum(1 for r in failed if r.unreadable)
        note = f" ({unreadable} with a file that cannot be read)" if unreadable else ""
        print(f"{len(failed)} of {len(reports)} pairs disagree{note}.")
        return EXIT_BUILD
    return EXIT_OK


def _render(folder: Path, quiet: bool) -> list[object]:
    """``--render``: LibreOffice's pages of each DOCX against the PDF's; the failed pairs."""
    from briefbuilder.output.render_check import render_check

    try:
        reports = render_check(folder)
    except FileNotFoundError as exc:
        raise InvalidInput([Problem("--render", None, None, "", str(exc))]) from None
    for report in reports:
        if report.ok and not quiet:
            print(f"ok    {report.name}: LibreOffice lays the DOCX out on the PDF's {report.pdf_pages} pages")
        elif not report.ok:
            print(f"FAIL  {report.name}: the DOCX laid out by LibreOffice differs from the PDF")
            for problem in report.problems:
                print(f"      {problem}")
    return [r for r in reports if not r.ok]


def _plural(noun: str, n: int) -> str:
    if n == 1:
        return noun
    return noun[:-1] + "ies" if noun.endswith("y") else noun + "s"

"""The command line: the only place that parses argv and turns errors into exit codes.

Exit codes: 0 success, 2 invalid input (brief, template, arguments), 3 build problem (e.g. page
budget), 4 output or delivery failure, 1 an internal error (a bug: please report it).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib import import_module
from typing import Any, NoReturn

from briefbuilder import __version__
from briefbuilder.commands import COMMANDS

# exit codes, as in briefbuilder.errors (not imported for --help: it is the dataclasses' module)
EXIT_INVALID, EXIT_OUTPUT = 2, 4
# commands that switch the collector on once their own imports are done (``collect_from_here``):
# with it on during them, check spent 5-10 ms collecting objects that live as long as the process
_COLLECT_THEMSELVES = frozenset({"build", "check", "lint", "audiences"})


def _parser(argv: Sequence[str]) -> tuple[argparse.ArgumentParser, dict[str, Any]]:
    """The parser, with the arguments of the one subcommand ``argv`` names (the others are
    listed for --help but not imported: building all of them cost more than a `check`).

    The others' parsers show only in the top-level help and in the "invalid choice" message,
    so they are made only when one of those may be printed: a known command with nothing but
    ``--debug`` before it needs neither (ten parsers are 1-2 ms, each asking gettext for its
    words)."""
    p = argparse.ArgumentParser(
        prog="briefbuilder",
        formatter_class=_Formatter,
        description="Turn a YAML policy brief into DOCX and PDF briefings, one per audience.",
        epilog="Exit codes: 0 ok, 2 invalid input, 3 build problem, 4 output failure, 1 internal error.",
    )
    p.add_argument("--version", action="version", version=f"briefbuilder {__version__}")
    p.add_argument("--debug", action="store_true", help="show a traceback on internal errors")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    chosen = next((a for a in argv if not a.startswith("-")), None)
    alone = chosen in COMMANDS and all(a == "--debug" for a in argv[: list(argv).index(chosen)])
    modules: dict[str, Any] = {}
    for name in COMMANDS:
        if name != chosen:
            if alone:
                continue
            sub.add_parser(name, help=COMMANDS[name], description=COMMANDS[name], formatter_class=_Formatter)
            continue
        module = import_module(f".commands.{name.replace('-', '_')}", __package__)
        module.add_arguments(
            sub.add_parser(name, help=module.HELP, description=module.HELP, formatter_class=_Formatter)
        )
        modules[name] = module
    return p, modules


class _Formatter(argparse.HelpFormatter):
    """argparse's own, told the terminal's width: left to find it, argparse imports shutil,
    and shutil the bz2 and lzma modules, a tenth of what ``--help`` takes."""

    def __init__(self, prog: str) -> None:
        import os

        try:
            width = int(os.environ.get("COLUMNS", "")) or os.get_terminal_size().columns
        except (ValueError, OSError):
            width = 80
        super().__init__(prog, width=max(width - 2, 40))


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: workers are stopped and nothing half-made is left."""


def main(argv: Sequence[str] | None = None, *, standalone: bool = False) -> int:
    """Run one command; SIGTERM is turned into an orderly stop while it runs (main thread only).

    The handler raises where the signal lands; should that be a place that swallows exceptions
    (a fork or finalizer callback), the run still ends as terminated: a flag says so."""
    import signal

    received: list[int] = []

    def terminate(signum: int, frame: object) -> None:
        received.append(signum)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a second SIGTERM ends the process at once
        raise Terminated

    def unraisable(info: Any) -> None:  # a Terminated swallowed by a callback: the flag tells it
        if not isinstance(info.exc_value, Terminated):
            hook(info)

    try:
        previous = signal.signal(signal.SIGTERM, terminate)
    except ValueError:  # not the main thread, where alone a handler may be set (no threading import)
        return _main(argv, standalone)
    hook = sys.unraisablehook
    sys.unraisablehook = unraisable
    try:
        code = _main(argv, standalone)
    finally:
        signal.signal(signal.SIGTERM, previous)
        sys.unraisablehook = hook
    if received and code != 143:
        print("briefbuilder: terminated; what was published is complete, nothing half-made", file=sys.stderr)
        return 143
    return code


def _main(argv: Sequence[str] | None, standalone: bool = False) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser, modules = _parser(argv)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help/--version
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help()
        return EXIT_INVALID
    from briefbuilder.commands.common import EXIT_INTERNAL, collect_from_here, report
    from briefbuilder.errors import BriefbuilderError, InvalidInput, bug_report

    if args.command not in _COLLECT_THEMSELVES:
        collect_from_here()
    # a process of its own (the console script), not a caller's (tests, an embedding program):
    # build may then fork a child to render the PDF meanwhile (pipeline.forked)
    args.standalone = standalone
    try:
        return int(modules[args.command].run(args))
    except InvalidInput as exc:
        report(exc.problems)
        return EXIT_INVALID
    except BriefbuilderError as exc:
        print(f"briefbuilder: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:  # e.g. `briefbuilder schema | head`: the reader left, which is fine
        _silence_stdout()
        return 0
    except KeyboardInterrupt as exc:
        print("briefbuilder: interrupted; no partial file was left", file=sys.stderr)
        return 143 if isinstance(exc, Terminated) else 130
    except Exception as exc:
        if args.debug:
            raise
        print(f"briefbuilder: {bug_report(exc)}")
        return EXIT_INTERNAL


def entry() -> NoReturn:
    """The console script and ``python -m briefbuilder``: ``main``, then out without tearing the
    interpreter down.

    By the time ``main`` returns every file is published (fsynced and renamed) and every worker
    is stopped; what a normal exit would still do is finalize thousands of modules and objects,
    50 to 75 ms that change nothing. So the output streams are flushed and the process leaves
    with ``os._exit``. The collector is kept out of the way of the imports (``gc.disable``);
    the command turns it back on once they are done (``commands.common.collect_from_here``).
    Only here: the API and ``main`` (which tests call in-process) return as usual, and only
    here may ``build`` fork a child to render the PDF while it writes the DOCX."""
    import gc
    import os

    gc.disable()
    code = main(standalone=True)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):  # the reader left, or the stream was closed
            pass
        except OSError:
            code = code or EXIT_OUTPUT
    os._exit(code)


def _silence_stdout() -> None:
    """Point stdout at devnull so the interpreter's final flush does not raise again."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


if __name__ == "__main__":  # pragma: no cover
    entry()

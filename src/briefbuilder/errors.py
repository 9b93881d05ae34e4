"""One exception tree. Every user-facing problem carries where it is and what was expected."""

from __future__ import annotations

from dataclasses import dataclass

# Exit codes of the command line; each error class below carries its own.
EXIT_OK, EXIT_INTERNAL, EXIT_INVALID, EXIT_BUILD, EXIT_OUTPUT = 0, 1, 2, 3, 4


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input, located as precisely as the input allows."""

    file: str
    line: int | None  # 1-based
    column: int | None  # 1-based
    path: str  # dotted field path, e.g. "key_facts[2].sources[0]"; "" for the whole file
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field_part = f" {self.path}:" if self.path else ""
        return f"{where}:{field_part} {self.message}"


class BriefbuilderError(Exception):
    """Base of every error briefbuilder raises on purpose; the CLI maps them to exit codes."""

    exit_code = EXIT_INTERNAL


class InvalidInput(BriefbuilderError):
    """A brief, template or list is not valid; carries every problem found in one pass."""

    exit_code = EXIT_INVALID

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in problems))


class BuildError(BriefbuilderError):
    """The input is valid but cannot be built as asked (e.g. a page budget is exceeded)."""

    exit_code = EXIT_BUILD


class OutputError(BriefbuilderError):
    """Writing or delivering failed (disk full, permission denied, SMTP refused...)."""

    exit_code = EXIT_OUTPUT


def bug_report(exc: BaseException, limit: int = 300) -> str:
    """The message for an unexpected exception: its kind and the start of its text (a huge
    value in it is not echoed in full), and what to do."""
    text = " ".join(str(exc).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return (
        f"internal error: {type(exc).__name__}: {text}\n"
        "This is a bug in briefbuilder; run again with --debug and report the traceback."
    )

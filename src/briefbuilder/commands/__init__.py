"""The subcommands, one module each: ``HELP``, ``add_arguments(parser)`` and ``run(args) -> int``.

A new command is one module and one entry here. Command modules import heavy libraries inside
``run`` only, so ``--help``, ``check`` and ``audiences`` stay fast.
"""

from __future__ import annotations

COMMANDS: tuple[str, ...] = (
    "build",
    "check",
    "schema",
    "audiences",
    "lint",
    "new",
    "preview",
    "diff",
    "email",
    "verify",
    "reference-doc",
)

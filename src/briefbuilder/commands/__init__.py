"""The subcommands, one module each: ``HELP``, ``add_arguments(parser)`` and ``run(args) -> int``.

A new command is one module and one entry here. Command modules import heavy libraries inside
``run`` only, so ``--help``, ``check`` and ``audiences`` stay fast.
"""

from __future__ import annotations

# name -> one line of help, shown by `briefbuilder --help` without importing the module;
# a test holds each to the module's own HELP.
COMMANDS: dict[str, str] = {
    "build": "build briefings (DOCX, PDF) from briefs",
    "check": "validate briefs; report every problem with file:line:col",
    "schema": "print the JSON Schema of the brief format",
    "audiences": "list the audiences with a one-line description",
    "lint": "lint briefs: sourcing, attribution, chronology, estimative language, length, acronyms",
    "new": "create a new brief with every section and short comments (passes check)",
    "preview": "PNG images of the PDF pages and a contact sheet; --watch rebuilds on every save",
    "diff": "show what changed between two editions of a brief",
    "email": "e-mail each recipient on a list their audience's briefing (outbox of .eml, or SMTP)",
    "verify": "check that the DOCX and PDF of each brief in a folder carry the same sections, facts, quotes "
    "and sources",
    "reference-doc": "print the built-in reference .docx (its styles), to restyle and use with "
    "--reference-doc",
}

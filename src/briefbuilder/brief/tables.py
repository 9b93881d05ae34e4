"""Reading a table's CSV file: the csv module (quoted commas, quotes and line breaks in cells
work), strict UTF-8, under caps on bytes, rows, columns and cell length, every problem placed at
its line in the CSV file."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

from briefbuilder.brief.typed import text_problem
from briefbuilder.brief.yamlnodes import decode
from briefbuilder.errors import InvalidInput, Problem

MAX_CSV_BYTES = 1024 * 1024
MAX_ROWS = 500  # a table in a brief is read, not scrolled: more belongs in an annex
MAX_COLUMNS = 12  # more columns than fit across a page at a readable size
MAX_CELL = 1000  # characters in one cell


def read_csv(path: Path, shown: str, field_path: str) -> tuple[tuple[str, ...], ...]:
    """The rows of the CSV file at ``path`` (called ``shown`` in messages); InvalidInput lists
    every problem found, each at its line of the file (``field_path`` names the brief's field)."""

    def problem(line: int | None, message: str) -> Problem:
        return Problem(shown, line, None, field_path, message)

    import csv  # a brief with a CSV table only

    data = _read_capped(path, shown, field_path)
    text = decode(data, shown)  # strict UTF-8, a BOM allowed: InvalidInput at the bad byte
    problems: list[Problem] = []
    rows: list[tuple[str, ...]] = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    width = 0
    try:
        for row in reader:
            line = reader.line_num
            if not row or all(not cell.strip() for cell in row):
                continue  # a blank line
            if len(rows) == MAX_ROWS:
                problems.append(
                    problem(line, f"more than {MAX_ROWS} rows; a brief's table may have at most that")
                )
                break
            cells = tuple(cell.strip() for cell in row)
            if not rows:
                width = len(cells)
                if width > MAX_COLUMNS:
                    problems.append(problem(line, f"{width} columns; a table may have at most {MAX_COLUMNS}"))
            elif len(cells) != width:
                problems.append(
                    problem(
                        line,
                        f"this row has {len(cells)} cells, the first row {width}: every row needs as many",
                    )
                )
            for n, cell in enumerate(cells, 1):
                if len(cell) > MAX_CELL:
                    problems.append(
                        problem(line, f"cell {n} holds {len(cell):,} characters; at most {MAX_CELL:,}")
                    )
                elif found := text_problem(cell):
                    problems.append(problem(line, f"cell {n} {found[0]}"))
            rows.append(cells)
    except csv.Error as exc:
        problems.append(problem(reader.line_num, f"cannot read this CSV line: {exc}"))
    if not rows and not problems:
        problems.append(problem(None, "the CSV file holds no rows"))
    if problems:
        raise InvalidInput(problems[:20])
    return tuple(rows)


def _read_capped(path: Path, shown: str, field_path: str) -> bytes:
    """The file's bytes, at most the cap, without following a symlink swapped in after resolving."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)

    def refuse(message: str) -> InvalidInput:
        return InvalidInput([Problem(shown, None, None, field_path, message)])

    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise refuse(f"cannot be read: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise refuse("is not a regular file")
        data = fh.read(MAX_CSV_BYTES + 1)
    if len(data) > MAX_CSV_BYTES:
        raise refuse(f"is over {MAX_CSV_BYTES:,} bytes; a table's CSV file may be at most that")
    return data

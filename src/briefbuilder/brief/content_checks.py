"""Cross-checks of the open content (custom sections and their blocks), and the files they name.

Run by the loader after the types are checked: a custom section's key is well formed and its
own; each block is exactly one kind; a table has its cells from exactly one place, as many in
every row; a figure's width is sensible. The files are read here, once: a table's CSV file (the
rows are filled in) and a figure's picture (checked, then carried in ``FigureSpec.picture``), so
layout and the writers never touch the disk. Every path stays inside the brief's folder.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Literal, TypeVar

from briefbuilder.brief.assets import Image, check_image, resolve_asset
from briefbuilder.brief.content import (
    BLOCK_KINDS,
    CUSTOM_KEY,
    CellText,
    ContentBlock,
    CustomSection,
    FigureSpec,
    TableSpec,
)
from briefbuilder.brief.tables import MAX_COLUMNS, MAX_ROWS, read_csv
from briefbuilder.brief.yamlnodes import Node
from briefbuilder.errors import InvalidInput, Problem

MAX_HEADER_ROWS = 3
_T = TypeVar("_T")
Error = Callable[[str, str], None]  # (field path, message)


@dataclasses.dataclass
class ContentChecks:
    """The checks of one brief's custom sections; ``error`` records a problem at a field path."""

    error: Error
    node: Callable[[str], Node | None]  # the YAML node of a field path, for file problems
    file: str  # the brief's file, as problems name it
    folder: Path  # where the brief's CSV files and pictures are
    reserved: frozenset[str]  # keys a custom section may not take: the brief's own fields
    problems: list[Problem] = dataclasses.field(default_factory=list)  # from the files named

    def run(self, sections: tuple[CustomSection, ...]) -> tuple[CustomSection, ...]:
        """The sections with their files read in; problems are recorded, never raised."""
        seen: dict[str, int] = {}
        out = []
        for i, sec in enumerate(sections):
            path = f"custom_sections[{i}]"
            self._key(sec.key, f"{path}.key", seen, i)
            blocks = tuple(self._block(b, f"{path}.blocks[{k}]") for k, b in enumerate(sec.blocks))
            if not sec.blocks:
                self.error(f"{path}.blocks", "a section needs at least one block")
            out.append(dataclasses.replace(sec, blocks=blocks))
        return tuple(out)

    def _key(self, key: str, path: str, seen: dict[str, int], i: int) -> None:
        if not CUSTOM_KEY.match(key):
            self.error(
                path, f"{key!r}: a section key is lower-case letters, digits and underscores, from a letter"
            )
        elif key in self.reserved:
            self.error(path, f"{key!r} is a built-in section or field of the brief; choose another key")
        elif key in seen:
            self.error(path, f"duplicate section key {key!r} (also custom_sections[{seen[key]}])")
        seen.setdefault(key, i)

    def _block(self, block: ContentBlock, path: str) -> ContentBlock:
        given = [k for k in BLOCK_KINDS if getattr(block, k) is not None]
        if len(given) != 1:
            what = "none" if not given else " and ".join(given)
            self.error(path, f"a block is exactly one of {', '.join(BLOCK_KINDS)}; this one has {what}")
            return block
        if block.list is not None and not block.list:
            self.error(f"{path}.list", "a list needs at least one item")
        if block.table is not None:
            return dataclasses.replace(block, table=self._table(block.table, f"{path}.table"))
        if block.figure is not None:
            return dataclasses.replace(block, figure=self._figure(block.figure, f"{path}.figure"))
        return block

    def _table(self, table: TableSpec, path: str) -> TableSpec:
        rows: tuple[tuple[str, ...], ...] = table.rows
        if (table.csv is None) == (not table.rows):
            self.error(path, "a table takes its cells from exactly one of csv (a file) or rows")
            return table
        if table.csv is not None:
            rows = self._files(lambda: self._read_csv(table.csv or "", f"{path}.csv")) or ()
            if not rows:
                return table
        elif len(rows) > MAX_ROWS or any(len(r) > MAX_COLUMNS for r in rows):
            self.error(f"{path}.rows", f"a table may have at most {MAX_ROWS} rows and {MAX_COLUMNS} columns")
        else:
            for n, row in enumerate(rows):
                if len(row) != len(rows[0]):
                    self.error(
                        f"{path}.rows[{n}]",
                        f"{len(row)} cells, the first row {len(rows[0])}: every row needs as many",
                    )
        if not 0 <= table.header_rows <= MAX_HEADER_ROWS:
            self.error(
                f"{path}.header_rows", f"expected 0 to {MAX_HEADER_ROWS} header rows, got {table.header_rows}"
            )
        elif table.header_rows >= len(rows):
            self.error(
                f"{path}.header_rows",
                f"{table.header_rows} header rows, but the table has only {len(rows)} rows",
            )
        return dataclasses.replace(table, rows=tuple(tuple(CellText(c) for c in r) for r in rows))

    def _read_csv(self, relative: str, path: str) -> tuple[tuple[str, ...], ...]:
        found = resolve_asset(self.folder, relative, problem_path=path, file=self.file, node=self.node(path))
        shown = str(Path(self.file).parent / relative.strip()) if self.file else relative
        return read_csv(found, shown, path)

    def _figure(self, figure: FigureSpec, path: str) -> FigureSpec:
        if figure.width is not None and not 0.1 <= figure.width <= 1:
            self.error(
                f"{path}.width", f"expected a fraction of the text width, 0.1 to 1, got {figure.width:g}"
            )
        picture = self._files(lambda: self._picture(figure, f"{path}.image"))
        return dataclasses.replace(figure, picture=picture) if picture is not None else figure

    def _picture(self, figure: FigureSpec, path: str) -> Image:
        node = self.node(path)
        found = resolve_asset(self.folder, figure.image, problem_path=path, file=self.file, node=node)
        asset = check_image(found, problem_path=path, file=self.file, node=node)
        fmt: Literal["png", "jpeg"] = "png" if asset.format == "PNG" else "jpeg"
        return Image(asset.data, fmt, asset.width, asset.height, alt=figure.alt)

    def _files(self, read: Callable[[], _T]) -> _T | None:
        """What ``read`` returns, or None with its problems kept (every file is tried)."""
        try:
            return read()
        except InvalidInput as exc:
            self.problems.extend(exc.problems)
            return None

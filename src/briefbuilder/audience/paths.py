"""Where the built-in audience templates live.

An installed wheel carries them inside the package (``briefbuilder/templates``, put there by the
build backend from the repository's top-level ``templates/``); a checkout used in place (an
editable install, or ``src`` on ``sys.path``) has them only at the top of the repository.
The package's folder is this file's parent's: what ``importlib.resources.files`` answers for a
package on disk, without importing it (and with it tempfile, shutil, bz2, lzma and random:
7 ms of ``briefbuilder audiences``).
"""

from __future__ import annotations

from pathlib import Path

from briefbuilder.errors import InvalidInput, Problem


def templates_dir(package: Path | None = None, checkout: Path | None = None) -> Path:
    """The built-in templates folder; InvalidInput when an installation has lost it.
    (``package`` and ``checkout`` stand in for the two places, for tests.)"""
    packaged = (package or Path(__file__).parent.parent) / "templates"
    if packaged.is_dir():
        return packaged
    checkout = (checkout or Path(__file__).resolve().parents[3]) / "templates"
    if checkout.is_dir() and (checkout.parent / "pyproject.toml").is_file():
        return checkout
    raise InvalidInput(
        [
            Problem(
                str(packaged),
                None,
                None,
                "",
                "the built-in templates are missing from this installation; reinstall briefbuilder "
                "or name a folder of templates with --templates",
            )
        ]
    )

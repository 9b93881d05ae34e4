"""Where the built-in audience templates live.

An installed wheel carries them inside the package (``briefbuilder/templates``, put there by the
build backend from the repository's top-level ``templates/``); a checkout used in place (an
editable install, or ``src`` on ``sys.path``) has them only at the top of the repository.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from briefbuilder.errors import InvalidInput, Problem


def templates_dir(package: Path | None = None, checkout: Path | None = None) -> Path:
    """The built-in templates folder; InvalidInput when an installation has lost it.
    (``package`` and ``checkout`` stand in for the two places, for tests.)"""
    packaged = (package or Path(str(files("briefbuilder")))) / "templates"
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

"""A new brief to fill in: every section, one example item each, a short comment per key.

The scaffold is a valid brief (``check`` passes) so an analyst can build it at once and see the
shape of every document; its placeholder texts start with "TODO" so ``lint`` lists what is left.
It is written atomically and never replaces an existing file unless asked to.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
from pathlib import Path

from briefbuilder.brief.model import PartialDate
from briefbuilder.errors import InvalidInput, OutputError, Problem

_TEMPLATE = """\
{modeline}# A new brief: replace every TODO. Then:
#   briefbuilder check {name}    validates it (file:line:col for every problem)
#   briefbuilder lint {name}     lists what is left: TODOs, unsourced items, hedges...
#   briefbuilder build {name}    builds the DOCX and PDF for every audience
# Text fields take *emphasis*, **strong** and [links](https://example.org).

id: {id}  # lower-case letters, digits, hyphens: names the output files
title: {title}
subtitle: "TODO: a subtitle or dek (optional: delete the line)"
date: "{date}"  # information as of: YYYY, YYYY-MM or YYYY-MM-DD
version: "1"  # edition: `briefbuilder diff OLD NEW` shows what changed between two
language: en  # BCP 47 tag: en, en-GB, fr...
organization: "TODO: your organization"
authors:
  - name: "TODO: your name"
    role: "Analyst"                      # optional
contact:                                 # point of contact printed on the cover
  name: "TODO: briefings desk"
  email: "briefings@example.org"
marking: "INTERNAL USE ONLY"             # printed at the top and bottom of every page
keywords: [TODO]

summary: >-                              # bottom line up front: the one paragraph to read
  TODO: what happened, why it matters, and what comes next, in three sentences.

key_judgments:                           # the brief's own assessments
  - text: "TODO: an assessment, with a likelihood term such as 'likely' or 'unlikely'."
    confidence: moderate                 # low | moderate | high: never in the same sentence as 'likely'
    sources: [source-1]

key_facts:                               # numbered, most important first; each cites sources
  - id: fact-1                           # optional stable id: editions are compared by it
    text: "TODO: one fact, as the source reports it."
    sources: [source-1]

context:                                 # background, in sub-sections
  - heading: "TODO: background heading"
    paragraphs:
      - text: "TODO: what the reader needs to know to follow the story."
        sources: [source-1]

timeline:                                # printed sorted by date; keep the file in order too
  - date: "{date}"
    event: "TODO: what happened on this date."
    sources: [source-1]

people:                                  # everyone quoted or analysed, referred to by id
  - id: person-1
    name: "TODO: full name"
    role: "TODO: title or position, as the source gives it"
    affiliation: "TODO: organization or country"   # optional

statements:                              # officials' words, exactly, without quote marks
  - speaker: person-1
    text: "TODO: the words exactly as said"
    context: "TODO: what it was about"   # optional
    sources: [source-1]
    on_record: true                      # false: background, left out of on-record releases

analysis:                                # experts: views in reported speech, then their quotes
  - expert: person-1
    views:
      - text: "TODO: the expert's view, in reported speech."
        sources: [source-1]
    quotes:
      - speaker: person-1
        text: "TODO: the expert's words, exactly"
        sources: [source-1]

outlook:                                 # what to watch
  - text: "TODO: the next decision point or indicator."
    sources: [source-1]

caveats:                                 # gaps and inconsistencies in the sources
  - text: "TODO: what the sources leave unclear (or delete this section)."
    sources: [source-1]

sources:                                 # every source cited, each cited at least once
  - id: source-1
    outlet: "TODO: who published it"
    kind: other                          # news-agency, newspaper, magazine, journal, social-media,
                                         # messaging-channel, government, official-statement,
                                         # database, think-tank, other
    title: "TODO: title of the item"     # optional
    date: "{date}"                       # publication date
    url: "https://example.org/"          # optional; https or http
    # via: other-source                  # if known only through another source
    # note: "How the source is used."

# Any item can also carry `release: internal` (left out of public audiences) and
# `audiences: [analyst]` (only those audiences see it).
"""


def brief_id_for(path: Path) -> str:
    """An id from a file name: 'Harbour talks (draft).yaml' → 'harbour-talks-draft'."""
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")[:64].strip("-")
    return slug or "new-brief"


def scaffold_text(
    brief_id: str,
    date: PartialDate,
    title: str | None = None,
    name: str = "brief.yaml",
    schema: str | None = None,
) -> str:
    """The scaffold's YAML; ``schema`` adds a yaml-language-server modeline pointing at it."""
    modeline = f"# yaml-language-server: $schema={schema}\n" if schema else ""
    return _TEMPLATE.format(
        modeline=modeline,
        name=name if re.fullmatch(r"[\w./-]+", name) else f"'{name}'",
        id=brief_id,
        title=json.dumps(title or "TODO: the title, in one line", ensure_ascii=False),
        date=date.iso(),
    )


def write_new(path: Path, data: bytes, force: bool = False) -> None:
    """Write ``path`` atomically (temp file, fsync, rename); refuse to replace a file unless ``force``.

    Without ``force`` the final step is a hard link, which fails if the name exists, so a file
    created meanwhile by someone else is not lost either.
    """
    if path.is_dir():
        raise InvalidInput([Problem(str(path), None, None, "", "is a folder; name the new brief's file")])
    if path.exists() and not force:
        raise InvalidInput([Problem(str(path), None, None, "", "already exists; use --force to replace it")])
    folder = path.parent
    tmp = folder / f".{path.name}.{secrets.token_hex(6)}.part"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # 0o666 less the umask, like any new file (mkstemp would make it private: 0o600)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot write: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if force:
            if path.is_symlink():
                path.unlink()  # replace the link itself, never write through it
            elif path.exists():
                shutil.copymode(path, tmp)  # a replaced file keeps its permissions
            os.replace(tmp, path)
        else:
            _link_new(tmp, path)
    except FileExistsError:
        raise InvalidInput(
            [Problem(str(path), None, None, "", "already exists; use --force to replace it")]
        ) from None
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _link_new(tmp: Path, path: Path) -> None:
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: check, then rename
        if path.exists() or path.is_symlink():
            raise FileExistsError(str(path)) from None
        os.replace(tmp, path)

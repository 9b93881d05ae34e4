"""A brief: strict YAML, the typed model, inline markup, schema. Knows nothing of audiences.

Before any module here imports PyYAML, its reader's one costly regular expression is put in
``re``'s cache already compiled (``_seed_pyyaml_reader``): importing ``yaml`` compiles, for the
pure-Python reader that briefbuilder never uses (libyaml reads the text, and ``yamlnodes``
refuses the same characters first), the class ``[^\\t\\n\\r\\x20-\\x7e...\\U00010000-\\U0010ffff]``.
Python 3.11 builds a negated class like that one code point at a time: 7 to 10 ms of every
command that reads YAML (``check``, ``audiences``, ``lint``, a build). The same set of
characters, listed rather than negated, compiles in well under 1 ms; a test holds the two to
the same answer for every code point. Seeded only on the Python it is known right for, and only
while ``yaml`` is not imported yet; a cache that has dropped it only costs the time again.
"""

import re
import sys

# yaml.reader.Reader.NON_PRINTABLE, as PyYAML writes it (PyYAML 5 and 6)
PYYAML_NON_PRINTABLE = "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
# the same characters, listed: C0 controls but tab and line ends, DEL to U+009F but U+0085, lone
# surrogates, U+FFFE and U+FFFF
NON_PRINTABLE_LISTED = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"


def _seed_pyyaml_reader() -> None:
    cache = getattr(re, "_cache", None)  # 3.11: {(type(pattern), pattern, flags): Pattern}
    if sys.version_info[:2] != (3, 11) or "yaml" in sys.modules or not isinstance(cache, dict):
        return
    cache.setdefault((str, PYYAML_NON_PRINTABLE, 0), re.compile(NON_PRINTABLE_LISTED))


_seed_pyyaml_reader()

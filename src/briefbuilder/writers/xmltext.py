"""``escape`` for text put into XML or reportlab markup, as ``xml.sax.saxutils.escape`` does it.

Not imported from ``xml.sax.saxutils``: that module imports ``urllib.request`` and with it
``http.client``, ``email`` and ``ssl``-adjacent modules, about 20 ms of every build for three
string replacements (issue #18).
"""

from __future__ import annotations


def escape(data: str, entities: dict[str, str] | None = None) -> str:
    """``&``, ``<`` and ``>`` as entities, then each key of ``entities`` as its value."""
    data = data.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
    for key, value in (entities or {}).items():
        data = data.replace(key, value)
    return data


def unescape(data: str, entities: dict[str, str] | None = None) -> str:
    """The inverse of ``escape``, in ``xml.sax.saxutils.unescape``'s order (``&amp;`` last)."""
    data = data.replace("&lt;", "<").replace("&gt;", ">")
    for key, value in (entities or {}).items():
        data = data.replace(key, value)
    return data.replace("&amp;", "&")

"""The DOCX writer's memory (issue #18): python-docx's tree goes once the package is saved, and
app.xml's counts are read while document.xml is parsed, never from a second whole tree."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from briefbuilder.layout.document import Document
from briefbuilder.writers.docx import DocxWriter, write_docx
from briefbuilder.writers.docx_package import _paragraph_texts

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _whole_tree_texts(xml: bytes) -> list[str]:
    """app.xml's paragraphs as they were read before: from the whole parsed tree."""
    body = etree.fromstring(xml)
    return ["".join(t.text or "" for t in p.iter(f"{{{W}}}t")) for p in body.iter(f"{{{W}}}p")]


def test_paragraph_texts_read_while_parsing_are_those_of_the_whole_tree(sample_document: Document) -> None:
    with zipfile.ZipFile(io.BytesIO(write_docx(sample_document))) as z:
        xml = z.read("word/document.xml")
    texts = _paragraph_texts(xml)
    assert sorted(texts) == sorted(_whole_tree_texts(xml))
    assert len([t for t in texts if t.strip()]) > 5


def test_a_paragraph_in_a_text_box_counts_both_ways() -> None:
    xml = (
        f'<w:document xmlns:w="{W}"><w:body>'
        "<w:p><w:r><w:t>before</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>outer </w:t></w:r><w:r><w:txbxContent>"
        "<w:p><w:r><w:t>inner</w:t></w:r></w:p></w:txbxContent></w:r></w:p>"
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        "<w:p/></w:body></w:document>"
    ).encode()
    texts = _paragraph_texts(xml)
    expected = sorted(["before", "outer inner", "inner", "cell", ""])
    assert sorted(texts) == sorted(_whole_tree_texts(xml)) == expected


def test_the_writer_lets_go_of_its_body_once_saved(sample_document: Document) -> None:
    writer = DocxWriter(sample_document)
    data = writer.write()
    assert len(writer.docx.element.body) == 0
    assert data == write_docx(sample_document)  # and the file is the same for it

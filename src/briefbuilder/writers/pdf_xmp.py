"""The PDF's XMP metadata (PDF/A-2 and PDF/UA-1 identification) and its sRGB output profile.

The XMP packet is written from a template, from the PDF's own Info dictionary, so that the two
say the same (PDF/A requires it): dc:title = Title, dc:creator = Author, dc:description =
Subject, pdf:Keywords, pdf:Producer, xmp:CreatorTool = Creator, and the dates. pdfuaid is not a
schema PDF/A-2 predefines, so the packet declares it (pdfaExtension).
"""

from __future__ import annotations

import functools
import struct

from briefbuilder.writers.xmltext import escape

# U: every glyph drawn maps to Unicode (reportlab's subsets are built from the text's characters,
# and the canvas draws no control character); tests/test_pdf_tagging.py checks it on every build
PDFA_PART, PDFA_CONFORMANCE, PDFUA_PART = 2, "U", 1

_PACKET = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <dc:format>application/pdf</dc:format>
{properties}
   <pdfaid:part>{pdfa_part}</pdfaid:part>
   <pdfaid:conformance>{pdfa_conformance}</pdfaid:conformance>
   <pdfuaid:part>{pdfua_part}</pdfuaid:part>
   <pdfaExtension:schemas>
    <rdf:Bag>
     <rdf:li rdf:parseType="Resource">
      <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
      <pdfaSchema:property>
       <rdf:Seq>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>part</pdfaProperty:name>
         <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
         <pdfaProperty:category>internal</pdfaProperty:category>
         <pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>
        </rdf:li>
       </rdf:Seq>
      </pdfaSchema:property>
     </rdf:li>
    </rdf:Bag>
   </pdfaExtension:schemas>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""

# Info key -> (XMP property, how its value is written)
_PROPERTIES = {
    "/Title": ("dc:title", '<rdf:Alt><rdf:li xml:lang="x-default">{}</rdf:li></rdf:Alt>'),
    "/Author": ("dc:creator", "<rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq>"),
    "/Subject": ("dc:description", '<rdf:Alt><rdf:li xml:lang="x-default">{}</rdf:li></rdf:Alt>'),
    "/Keywords": ("pdf:Keywords", "{}"),
    "/Producer": ("pdf:Producer", "{}"),
    "/Creator": ("xmp:CreatorTool", "{}"),
    "/CreationDate": ("xmp:CreateDate", "{}"),
    "/ModDate": ("xmp:ModifyDate", "{}"),
}


def xmp_packet(info: dict[str, str], language: str) -> bytes:
    """The XMP packet saying what ``info`` (the Info dictionary's text entries) says."""
    lines = []
    for key, (prop, form) in _PROPERTIES.items():
        value = info.get(key)
        if not value:
            continue
        if key.endswith("Date"):
            value = xmp_date(value)
        lines.append(f"   <{prop}>{form.format(escape(value))}</{prop}>")
    if "/ModDate" in info:
        lines.append(f"   <xmp:MetadataDate>{xmp_date(info['/ModDate'])}</xmp:MetadataDate>")
    if language:
        lines.append(f"   <dc:language><rdf:Bag><rdf:li>{escape(language)}</rdf:li></rdf:Bag></dc:language>")
    packet = _PACKET.format(
        properties="\n".join(lines),
        pdfa_part=PDFA_PART,
        pdfa_conformance=PDFA_CONFORMANCE,
        pdfua_part=PDFUA_PART,
    )
    return packet.encode("utf-8")


def xmp_date(pdf_date: str) -> str:
    """A PDF date (D:YYYYMMDDHHmmSS+HH'mm', the zone optional) as an XMP date."""
    d = pdf_date.removeprefix("D:")
    out = f"{d[0:4]}-{d[4:6]}-{d[6:8]}T{d[8:10]}:{d[10:12]}:{d[12:14]}"
    zone = d[14:]
    if zone.startswith("Z"):
        return out + "Z"
    if zone[:1] in ("+", "-"):
        return out + f"{zone[0:3]}:{zone[4:6]}"
    return out


@functools.cache
def srgb_profile() -> bytes:
    """An sRGB ICC profile (lcms's, through Pillow) for the PDF/A output intent, its creation
    date fixed so the bytes are the same on every build (lcms stamps the clock's time). Kept in
    the user's cache by Pillow's version (its lcms makes it): making it imports Pillow's colour
    management, ~10 ms of every first PDF."""
    from briefbuilder.brief.image_cache import pillow_version
    from briefbuilder.cachedir import cache_folder, cached_bytes

    data = cached_bytes(cache_folder("icc"), f"srgb-pillow-{pillow_version()}.icc", _make_srgb_profile)
    if len(data) < 128 or data[36:40] != b"acsp" or int.from_bytes(data[:4], "big") != len(data):
        return _make_srgb_profile()  # a damaged cache file: not a profile whose size it tells
    return data


def _make_srgb_profile() -> bytes:
    from PIL import ImageCms

    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    data[24:36] = struct.pack(">6H", 2000, 1, 1, 0, 0, 0)
    data[84:100] = bytes(16)  # no profile ID (it would hash the date)
    return bytes(data)

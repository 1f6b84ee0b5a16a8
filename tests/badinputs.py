"""Generators for broken, hostile and odd input files (the bad-input suite's fixtures).

Bombs are built without ever holding their expanded size: a deflate stream of a repeated
block is the same few bytes over and over once the window is full, so a 1 GB expansion
costs a few hundred KB and a few milliseconds.
"""
from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

MB = 1 << 20


# -- deflate bombs ------------------------------------------------------------------------
def _repeat_deflate(prefix: bytes, block: bytes, times: int, suffix: bytes, wbits: int) -> tuple[bytes, int, int]:
    """Compressed prefix + block*times + suffix; returns (data, crc32, length) of the expansion."""
    c = zlib.compressobj(9, zlib.DEFLATED, wbits)
    parts = [c.compress(prefix) + c.flush(zlib.Z_SYNC_FLUSH)]
    outs = [c.compress(block) + c.flush(zlib.Z_SYNC_FLUSH) for _ in range(3)]
    assert outs[1] == outs[2], "deflate output of the repeated block is not stable"
    parts += [outs[0]] + [outs[1]] * (times - 1)
    crc = zlib.crc32(prefix)
    adler = zlib.adler32(prefix)
    for _ in range(times):
        crc = zlib.crc32(block, crc)
        adler = zlib.adler32(block, adler)
    crc = zlib.crc32(suffix, crc)
    adler = zlib.adler32(suffix, adler)
    # suffix as stored (uncompressed) deflate blocks, then the final empty block
    body = b"".join(parts) + _stored_block(suffix, final=False) + b"\x03\x00"
    if wbits > 0:  # zlib container: adler32 trailer
        body += struct.pack(">I", adler)
    return body, crc, len(prefix) + len(block) * times + len(suffix)


def _stored_block(data: bytes, final: bool) -> bytes:
    # Byte-aligned after a sync flush: BFINAL/BTYPE=00 header byte, then LEN/NLEN and data.
    out = b""
    for i in range(0, max(len(data), 1), 65535):
        chunk = data[i:i + 65535]
        last = final and i + 65535 >= len(data)
        out += bytes([1 if last else 0]) + struct.pack("<HH", len(chunk), 0xFFFF ^ len(chunk)) + chunk
    return out


def zlib_bomb(size_mb: int) -> bytes:
    return _repeat_deflate(b"", bytes(MB), size_mb, b"", 15)[0]


def zip_with_bomb(member: str, size_mb: int, extra: dict[str, bytes] | None = None) -> bytes:
    """A ZIP whose ``member`` expands to ~size_mb (XML prefix, spaces, XML suffix)."""
    prefix = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
              b"<w:body><w:p><w:r><w:t>")
    suffix = b"</w:t></w:r></w:p></w:body></w:document>"
    comp, crc, size = _repeat_deflate(prefix, b" " * MB, size_mb, suffix, -15)
    members = [(name, data) for name, data in (extra or {}).items()]
    buf = io.BytesIO()
    central = []
    for name, data in members:
        c = zlib.compressobj(6, zlib.DEFLATED, -15)
        cd = c.compress(data) + c.flush()
        central.append(_zip_local(buf, name.encode(), cd, zlib.crc32(data), len(data)))
    central.append(_zip_local(buf, member.encode(), comp, crc, size))
    cd_start = buf.tell()
    for entry in central:
        buf.write(entry)
    cd_size = buf.tell() - cd_start
    buf.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), cd_size, cd_start, 0))
    return buf.getvalue()


def _zip_local(buf: io.BytesIO, name: bytes, comp: bytes, crc: int, size: int) -> bytes:
    offset = buf.tell()
    buf.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(comp), size, len(name), 0))
    buf.write(name)
    buf.write(comp)
    return struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(comp), size,
                       len(name), 0, 0, 0, 0, 0, offset) + name


DOCX_PARTS = {
    "[Content_Types].xml": (
        b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        b'<Default Extension="xml" ContentType="application/xml"/>'
        b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
    "_rels/.rels": (
        b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'),
}


def docx_bomb(size_mb: int = 1024) -> bytes:
    return zip_with_bomb("word/document.xml", size_mb, DOCX_PARTS)


def zip_bomb(size_mb: int = 1024) -> bytes:
    return zip_with_bomb("data/huge.xml", size_mb)


# -- PDFs ---------------------------------------------------------------------------------
def text_pdf(lines: list[str], pages: int = 1) -> bytes:
    """A plain text-layer PDF (built-in CID font, so Chinese works without font files)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    for p in range(pages):
        c.setFont("STSong-Light", 11)
        y = 800
        for line in lines:
            c.drawString(60, y, line.replace("{page}", str(p + 1)))
            y -= 16
        c.showPage()
    c.save()
    return buf.getvalue()


def shapes_only_pdf() -> bytes:
    """Pages with vector drawing and no text layer, like a scan with its image removed."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    for _ in range(2):
        for i in range(20):
            c.rect(50 + i * 10, 100 + i * 25, 300, 12, fill=i % 2)
            c.line(50, 90 + i * 25, 500, 95 + i * 25)
        c.showPage()
    c.save()
    return buf.getvalue()


def image_only_pdf() -> bytes:
    """A 'scanned' page: one raster image, no text."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader

    img = Image.new("L", (600, 800), 255)
    d = ImageDraw.Draw(img)
    for i in range(30):
        d.rectangle([40, 40 + i * 24, 560, 52 + i * 24], fill=(i * 7) % 200)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.drawImage(ImageReader(img), 0, 0, width=A4[0], height=A4[1])
    c.showPage()
    c.save()
    return buf.getvalue()


def _pdf_from_objects(objects: list[bytes], root: int = 1, break_xref: bool = False) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % ((off * 7 + 13) if break_xref else off))
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, root, (xref + 5) if break_xref else xref))
    return out.getvalue()


def zero_page_pdf() -> bytes:
    return _pdf_from_objects([b"<< /Type /Catalog /Pages 2 0 R >>",
                              b"<< /Type /Pages /Kids [] /Count 0 >>"])


def broken_xref_pdf() -> bytes:
    """A one-page English PDF whose xref offsets and startxref all point to wrong places."""
    content = b"BT /F1 12 Tf 72 720 Td (Quarterly maintenance schedule for the north wing) Tj ET"
    return _pdf_from_objects([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ], break_xref=True)


def stream_bomb_pdf(size_mb: int = 1024) -> bytes:
    """One page whose content stream inflates to ~size_mb of zeros."""
    bomb = zlib_bomb(size_mb)
    return _pdf_from_objects([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(bomb) + bomb + b"\nendstream",
    ])


def nested_pdf(depth: int = 200_000) -> bytes:
    """An object nested ``depth`` arrays deep (recursive parsers overflow their stack)."""
    deep = b"[" * depth + b"]" * depth
    return _pdf_from_objects([
        b"<< /Type /Catalog /Pages 2 0 R /Deep 4 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Annots 4 0 R >>",
        deep,
    ])


def truncated(data: bytes, keep: float = 0.5) -> bytes:
    return data[: int(len(data) * keep)]


# -- other formats ------------------------------------------------------------------------
def deep_html(depth: int = 20_000) -> bytes:
    return (b"<!DOCTYPE html><html><body>" + b"<div>" * depth + "政府信息公开".encode() +
            b"</div>" * depth + b"</body></html>")


def script_html() -> bytes:
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>首页 - 某市人民政府</title>"
            "<script>var x = '政府信息公开工作年度报告'; for (;;) { break; }</script>"
            "<script src='/js/app.js'></script></head><body><nav>首页 | 新闻 | 政务公开</nav>"
            "<div id='app'></div><noscript>请启用 JavaScript</noscript>"
            "<footer>版权所有 某市人民政府</footer></body></html>").encode("utf-8")


def png_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 10, 10)).save(buf, format="PNG")
    return buf.getvalue()


def ole_bytes() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + b"legacy word document" * 20


def word_ole_bytes(stream: bytes = b"") -> bytes:
    """A minimal OLE compound file (MS-CFB version 3) holding one ``WordDocument`` stream:
    what the sniffer takes for a legacy Word/WPS file (``parsers.legacy.ole``), made here so
    a test of the LibreOffice path needs no LibreOffice to make its input.  The stream is
    ``stream`` padded to 4,096 bytes (the mini-stream cutoff: it then lives in ordinary
    sectors, and the file needs no mini FAT)."""
    import struct

    end, free, fat_sect, none = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    body = stream.ljust(4096, b"\0")
    n = len(body) // 512 + (len(body) % 512 > 0)
    body = body.ljust(n * 512, b"\0")
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<109I", 0, *[free] * 108))  # DIFAT: the FAT is sector 0
    fat = [fat_sect, end] + [2 + k + 1 for k in range(n - 1)] + [end]  # 0 FAT, 1 directory, 2.. the stream
    fat_sector = struct.pack(f"<{len(fat)}I", *fat).ljust(512, b"\xff")

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0" if name else b""
        return (raw.ljust(64, b"\0") + struct.pack("<HBBIII", len(raw), kind, 1, none, none, child)
                + bytes(16) + bytes(4) + bytes(16) + struct.pack("<IQ", start, size))

    directory = (entry("Root Entry", 5, 1, end, 0) + entry("WordDocument", 2, none, 2, len(stream.ljust(4096, b"\0")))
                 + entry("", 0, none, free, 0) * 2)
    return header + fat_sector + directory + body


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path

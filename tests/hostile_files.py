"""Builders of hostile documents, shared by the library and the web tests."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from docx import Document

MB = 1024 * 1024


def zeros_deflated(megabytes: int) -> bytes:
    """A raw deflate stream that inflates to ``megabytes`` MB of zero bytes, built without
    compressing them: one self-contained 1 MB piece repeated, then a final empty block."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    piece = compressor.compress(bytes(MB)) + compressor.flush(zlib.Z_FULL_FLUSH)
    return piece * megabytes + b"\x03\x00"


def small_docx() -> bytes:
    document = Document()
    document.add_paragraph("Sehr geehrter Herr Oberbürgermeister,")
    document.add_paragraph("1. Wie viele Kitas gibt es?")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def lying_docx(member: str = "word/document.xml", real_mb: int = 1536, claimed: int = 50_000) -> bytes:
    """A valid DOCX whose ``member`` is replaced by ``real_mb`` MB of deflated zeros while
    the central directory and the local header claim ``claimed`` bytes (with the checksum
    of ``claimed`` zero bytes, so even a reader that stops at the claimed size and checks
    the CRC is fooled)."""
    source = zipfile.ZipFile(io.BytesIO(small_docx()))
    stream = zeros_deflated(real_mb)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            if info.filename == member:
                archive.writestr(zipfile.ZipInfo(member), stream, compress_type=zipfile.ZIP_STORED)
            else:
                archive.writestr(info, source.read(info))
    data = bytearray(out.getvalue())
    crc = zlib.crc32(bytes(claimed))
    target = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(member)
    local = target.header_offset
    struct.pack_into("<H", data, local + 8, zipfile.ZIP_DEFLATED)
    struct.pack_into("<LLL", data, local + 14, crc, len(stream), claimed)
    central = struct.unpack_from("<L", data, data.rfind(b"PK\x05\x06") + 16)[0]
    while True:  # walk the central directory to the member's entry
        assert data[central : central + 4] == b"PK\x01\x02"
        name, extra, comment = struct.unpack_from("<HHH", data, central + 28)
        if data[central + 46 : central + 46 + name] == member.encode():
            break
        central += 46 + name + extra + comment
    struct.pack_into("<H", data, central + 10, zipfile.ZIP_DEFLATED)
    struct.pack_into("<LLL", data, central + 16, crc, len(stream), claimed)
    return bytes(data)

"""Reading the PNGs the build writes itself (`build_scripts/png_file.py`), for the unit tests."""

import struct
import zlib


def read_png_chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    """Return a PNG's chunks (kind, data), asserting the signature, each length and each CRC."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, at = [], 8
    while at < len(png):
        length, kind = struct.unpack(">I4s", png[at:at + 8])
        data = png[at + 8:at + 8 + length]
        assert len(data) == length and png[at + 8 + length:at + 12 + length] == struct.pack(
            ">I", zlib.crc32(kind + data)), kind
        chunks.append((kind, data))
        at += 12 + length
    return chunks

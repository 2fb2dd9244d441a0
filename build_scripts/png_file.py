"""The bytes of a PNG file, from pixels the build drew itself (the social cards, the rank histories).

Input: rows of 8-bit pixels (greyscale palette indices or RGB) and the chunks a file needs beside
them. Output: the file: signature, IHDR, those chunks, IDAT, IEND; no date, so the bytes depend on
the pixels only. Rows are stored unfiltered; the caller deflates them (zlib-ng, at the level and
strategy its images compress best with).
"""

from __future__ import annotations

import struct
from collections.abc import Sequence

import numpy as np
from zlib_ng import zlib_ng

SIGNATURE = b"\x89PNG\r\n\x1a\n"
# IHDR colour types.
RGB = 2
PALETTE = 3


def render_png_file(width: int, height: int, colour_type: int, deflated_rows: bytes,
                    chunks: Sequence[tuple[bytes, bytes]] = ()) -> bytes:
    """Return a PNG of 8-bit samples, not interlaced, with `chunks` (type, data) before its IDAT."""
    header = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    return b"".join((SIGNATURE, _chunk(b"IHDR", header), *(_chunk(kind, data) for kind, data in chunks),
                     _chunk(b"IDAT", deflated_rows), _chunk(b"IEND", b"")))


def unfiltered_rows(pixels: np.ndarray) -> bytes:
    """Return the rows of a (height, row bytes) uint8 array, each after its filter type 0 (none)."""
    rows = np.zeros((pixels.shape[0], pixels.shape[1] + 1), dtype=np.uint8)
    rows[:, 1:] = pixels
    return rows.tobytes()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib_ng.crc32(kind + data))

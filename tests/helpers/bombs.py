"""Zip packages that lie: a member declaring 1,000 bytes that inflates to gigabytes (with a CRC that matches
the declared bytes, so a reader that trusts the declaration sees nothing wrong)."""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

DECLARED = 1000


def lying_zip(
    path: Path, members: dict[str, bytes], bomb: str, inflated: int, declared: int = DECLARED
) -> Path:
    """``members`` as they are, plus ``bomb``: ``inflated`` zero bytes that declare ``declared`` bytes."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
        with z.open(bomb, "w", force_zip64=True) as out:
            block = b"\0" * (1 << 20)
            for _ in range(inflated >> 20):
                out.write(block)
        info = z.getinfo(bomb)
    crc = zlib.crc32(b"\0" * declared)
    data = bytearray(path.read_bytes())
    # Local header: CRC at +14, sizes at +18/+22 (zip64: 0xFFFFFFFF there and the real ones in the extra field).
    at = info.header_offset
    struct.pack_into("<I", data, at + 14, crc)
    struct.pack_into("<I", data, at + 22, declared)
    name_len, extra_len = struct.unpack_from("<HH", data, at + 26)
    _patch_zip64(data, at + 30 + name_len, extra_len, declared)
    # Central directory entry: CRC at +16, uncompressed size at +24.
    central = data.rindex(b"PK\x01\x02" + b"", 0, len(data))
    while True:
        n, e = struct.unpack_from("<HH", data, central + 28)
        if data[central + 46 : central + 46 + n].decode() == bomb:
            break
        central = data.rindex(b"PK\x01\x02", 0, central)
    struct.pack_into("<I", data, central + 16, crc)
    struct.pack_into("<I", data, central + 24, declared)
    _patch_zip64(data, central + 46 + n, e, declared)
    path.write_bytes(bytes(data))
    return path


def _patch_zip64(data: bytearray, start: int, length: int, declared: int) -> None:
    """Set the uncompressed size inside a zip64 extra field (its first 8 bytes), if there is one."""
    i = start
    while i < start + length:
        tag, size = struct.unpack_from("<HH", data, i)
        if tag == 0x0001 and size >= 8:
            struct.pack_into("<Q", data, i + 4, declared)
        i += 4 + size

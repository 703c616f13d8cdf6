"""The width of a line of text in a TrueType font, as Typst sets it: each glyph's advance plus the
font's pair kerning (its GPOS 'kern' feature, which rustybuzz applies).

Read with struct from the font file, and only what that needs: the character map (format 4), the
advance widths and the kerning pairs. A font this reader cannot follow gives None, and its callers
then leave the measuring to Typst. print_tables uses it to give a table the column widths Typst
would have measured, so that Typst does not measure them again; a test checks it against Typst.
"""

from __future__ import annotations

import struct
from functools import cache
from pathlib import Path


class Metrics:
    """Advance widths and kerning pairs of one font file."""

    def __init__(self, data: bytes):
        self._data = data
        self._tables = {data[12 + 16 * i:16 + 16 * i].decode("latin-1"): self._u32(20 + 16 * i)
                        for i in range(self._u16(4))}
        self.units_per_em = self._u16(self._tables["head"] + 18)
        long_metrics = self._u16(self._tables["hhea"] + 34)
        glyphs = self._u16(self._tables["maxp"] + 4)
        advances = [self._u16(self._tables["hmtx"] + 4 * i) for i in range(long_metrics)]
        self._advances = advances + [advances[-1]] * (glyphs - long_metrics)
        self._glyph_of = self._character_map()
        # Each kerning lookup's subtables in order: a pair list, or classes of first and second glyphs.
        self._lookups: list[list[tuple]] = []
        self._read_kerning()

    def width(self, text: str, size: float) -> float | None:
        """The text's advance width at `size` points, or None when the font lacks one of its characters."""
        glyphs = [self._glyph_of.get(ord(ch), 0) for ch in text]
        if 0 in glyphs:
            return None
        units = sum(self._advances[g] for g in glyphs)
        units += sum(self._kern(a, b) for a, b in zip(glyphs, glyphs[1:], strict=False))
        return units * size / self.units_per_em

    # --- reading -------------------------------------------------------------------------------------

    def _u16(self, at: int) -> int:
        return struct.unpack(">H", self._data[at:at + 2])[0]

    def _u32(self, at: int) -> int:
        return struct.unpack(">I", self._data[at:at + 4])[0]

    def _s16(self, at: int) -> int:
        return struct.unpack(">h", self._data[at:at + 2])[0]

    def _character_map(self) -> dict[int, int]:
        """Unicode BMP to glyph, from the Windows Unicode subtable (format 4)."""
        base = self._tables["cmap"]
        for i in range(self._u16(base + 2)):
            platform, encoding, offset = struct.unpack(">HHI", self._data[base + 4 + 8 * i:base + 12 + 8 * i])
            table = base + offset
            if (platform, encoding) != (3, 1) or self._u16(table) != 4:
                continue
            segments2 = self._u16(table + 6)
            ends = table + 14
            starts, deltas = ends + segments2 + 2, ends + 2 * segments2 + 2
            ranges = deltas + segments2
            mapping = {}
            for s in range(segments2 // 2):
                end, start = self._u16(ends + 2 * s), self._u16(starts + 2 * s)
                delta, range_offset = self._s16(deltas + 2 * s), self._u16(ranges + 2 * s)
                for code in range(start, min(end, 0xFFFE) + 1):
                    if range_offset == 0:
                        mapping[code] = (code + delta) & 0xFFFF
                    else:
                        glyph = self._u16(ranges + 2 * s + range_offset + 2 * (code - start))
                        mapping[code] = (glyph + delta) & 0xFFFF if glyph else 0
            return mapping
        raise ValueError("no Unicode character map of format 4")

    def _coverage(self, at: int) -> list[int]:
        if self._u16(at) == 1:
            return [self._u16(at + 4 + 2 * i) for i in range(self._u16(at + 2))]
        glyphs: list[int] = []
        for i in range(self._u16(at + 2)):
            start, end = self._u16(at + 4 + 6 * i), self._u16(at + 6 + 6 * i)
            glyphs.extend(range(start, end + 1))
        return glyphs

    def _class_def(self, at: int) -> dict[int, int]:
        if self._u16(at) == 1:
            first = self._u16(at + 2)
            return {first + i: self._u16(at + 6 + 2 * i) for i in range(self._u16(at + 4))}
        classes = {}
        for i in range(self._u16(at + 2)):
            start, end, value = struct.unpack(">HHH", self._data[at + 4 + 6 * i:at + 10 + 6 * i])
            classes.update(dict.fromkeys(range(start, end + 1), value))
        return classes

    def _x_advance(self, at: int, value_format: int) -> int:
        """The XAdvance of a value record (0 when the format has none)."""
        if not value_format & 0x4:
            return 0
        return self._s16(at + 2 * bin(value_format & 0x3).count("1"))

    def _read_kerning(self) -> None:
        if "GPOS" not in self._tables:
            raise ValueError("no GPOS table")
        gpos = self._tables["GPOS"]
        features, lookups = gpos + self._u16(gpos + 6), gpos + self._u16(gpos + 8)
        kern_lookups = set()
        for i in range(self._u16(features)):
            if self._data[features + 2 + 6 * i:features + 6 + 6 * i] == b"kern":
                feature = features + self._u16(features + 6 + 6 * i)
                kern_lookups.update(self._u16(feature + 4 + 2 * j) for j in range(self._u16(feature + 2)))
        if not kern_lookups and "kern" in self._tables:
            raise ValueError("kerning only in the old 'kern' table")
        for index in sorted(kern_lookups):
            lookup = lookups + self._u16(lookups + 2 + 2 * index)
            kind = self._u16(lookup)
            self._lookups.append([])
            for s in range(self._u16(lookup + 4)):
                table = lookup + self._u16(lookup + 6 + 2 * s)
                if kind == 9:  # an extension: the real subtable is further on
                    kind_here = self._u16(table + 2)
                    table += self._u32(table + 4)
                else:
                    kind_here = kind
                if kind_here == 2:
                    self._read_pairs(table)

    def _read_pairs(self, table: int) -> None:
        covered = self._coverage(table + self._u16(table + 2))
        format1, format2 = self._u16(table + 4), self._u16(table + 6)
        record = 2 * bin(format1).count("1") + 2 * bin(format2).count("1")
        if self._u16(table) == 1:
            pairs = {}
            for n, first in enumerate(covered):
                listed = table + self._u16(table + 10 + 2 * n)
                for k in range(self._u16(listed)):
                    at = listed + 2 + (2 + record) * k
                    pairs.setdefault((first, self._u16(at)), self._x_advance(at + 2, format1))
            self._lookups[-1].append(("pairs", pairs))
            return
        first_classes = self._class_def(table + self._u16(table + 8))
        second_classes = self._class_def(table + self._u16(table + 10))
        count1, count2 = self._u16(table + 12), self._u16(table + 14)
        values = {}
        for c1 in range(count1):
            for c2 in range(count2):
                value = self._x_advance(table + 16 + (c1 * count2 + c2) * record, format1)
                if value:
                    values[(c1, c2)] = value
        self._lookups[-1].append(("classes", set(covered), first_classes, second_classes, values))

    def _kern(self, first: int, second: int) -> int:
        """The pair's adjustment: in each lookup, from its first subtable that holds the pair (a class
        subtable holds every pair whose first glyph it covers), as HarfBuzz and rustybuzz apply it."""
        total = 0
        for subtables in self._lookups:
            for subtable in subtables:
                if subtable[0] == "pairs":
                    if (first, second) in subtable[1]:
                        total += subtable[1][(first, second)]
                        break
                elif first in subtable[1]:
                    _, _, first_classes, second_classes, values = subtable
                    total += values.get((first_classes.get(first, 0), second_classes.get(second, 0)), 0)
                    break
        return total


@cache
def metrics(path: str) -> Metrics | None:
    """The font file's metrics, read once per process; None when it cannot be read."""
    try:
        return Metrics(Path(path).read_bytes())
    except (OSError, ValueError, KeyError, IndexError, struct.error):
        return None

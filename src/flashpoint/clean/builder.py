"""Build cleaned text while remembering where each character came from."""

from __future__ import annotations

import bisect

from flashpoint.records import OffsetMap


class TextBuilder:
    """Append raw slices (mapped) and glue strings (unmapped); produce text + OffsetMap."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._segments: list[tuple[int, int, int]] = []
        self._length = 0

    def __len__(self) -> int:
        return self._length

    def copy(self, text: str, raw_start: int) -> None:
        """Append ``text``, which is ``raw[raw_start:raw_start+len(text)]`` verbatim."""
        if not text:
            return
        last = self._segments[-1] if self._segments else None
        if last and last[0] + last[2] == self._length and last[1] + last[2] == raw_start:
            self._segments[-1] = (last[0], last[1], last[2] + len(text))
        else:
            self._segments.append((self._length, raw_start, len(text)))
        self._parts.append(text)
        self._length += len(text)

    def glue(self, text: str) -> None:
        """Append text the cleaner made up (a space or a paragraph break)."""
        self._parts.append(text)
        self._length += len(text)

    def anchor(self, raw_start: int) -> None:
        """Say that the next glued text stands for ``raw[raw_start:...]`` (a decoded ``&amp;``):
        a zero-length segment, so the glued characters map to ``raw_start``."""
        if self._segments and self._segments[-1][0] == self._length:
            if self._segments[-1][2] == 0:
                self._segments[-1] = (self._length, raw_start, 0)
            return
        self._segments.append((self._length, raw_start, 0))

    def ends_with(self, suffix: str) -> bool:
        return "".join(self._parts[-3:]).endswith(suffix)

    def build(self) -> tuple[str, OffsetMap]:
        return "".join(self._parts), OffsetMap(tuple(self._segments))


def compose(outer: OffsetMap, inner: OffsetMap) -> OffsetMap:
    """The map clean → raw from ``outer`` (clean → middle) and ``inner`` (middle → raw).

    A verbatim run of ``outer`` stays verbatim where it falls on verbatim runs of
    ``inner``; where it falls on text ``inner`` made up (a decoded entity, a
    collapsed space) it becomes an anchor at the raw position ``inner`` gives it.
    """
    if not inner.segments:
        return outer
    segs = inner.segments
    starts = [s[0] for s in segs]

    def raw_at(p: int) -> int:
        i = bisect.bisect_right(starts, p) - 1
        if i < 0:
            return segs[0][1]
        ic, ir, k = segs[i]
        return ir + min(p - ic, k)

    out: list[tuple[int, int, int]] = []
    for c, m, n in outer.segments:
        if n == 0:
            out.append((c, raw_at(m), 0))
            continue
        p, end = m, m + n
        while p < end:
            i = bisect.bisect_right(starts, p) - 1
            if i >= 0 and segs[i][0] <= p < segs[i][0] + segs[i][2]:
                ic, ir, k = segs[i]
                q = min(end, ic + k)
                out.append((c + p - m, ir + p - ic, q - p))
            else:
                q = min(end, starts[i + 1]) if i + 1 < len(starts) else end
                q = max(q, p + 1)
                out.append((c + p - m, raw_at(p), 0))
            p = q
    return OffsetMap(_tidy(out))


def _tidy(segments: list[tuple[int, int, int]]) -> tuple[tuple[int, int, int], ...]:
    """Merge touching runs and drop an anchor that the next segment starts at the same place."""
    result: list[tuple[int, int, int]] = []
    for seg in segments:
        if result:
            c, r, n = result[-1]
            if n == 0 and seg[0] == c:
                result[-1] = seg
                continue
            if seg[2] == 0 and seg[0] < c + n:
                continue
            if n and seg[2] and c + n == seg[0] and r + n == seg[1]:
                result[-1] = (c, r, n + seg[2])
                continue
        result.append(seg)
    return tuple(result)

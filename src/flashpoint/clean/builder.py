"""Build cleaned text while remembering where each character came from."""

from __future__ import annotations

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

    def ends_with(self, suffix: str) -> bool:
        return "".join(self._parts[-3:]).endswith(suffix)

    def build(self) -> tuple[str, OffsetMap]:
        return "".join(self._parts), OffsetMap(tuple(self._segments))

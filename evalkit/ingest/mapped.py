"""Text that remembers where each of its characters came from in the raw file.

Repairs (joining lines, inserting lost hyphens, dropping a line-end hyphen)
change the text, but every segment must still point back to the exact place
in the original. Each character keeps the raw range it stands for; inserted
characters have an empty range at their insertion point.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class MappedText:
    """Characters plus, for each, the ``[start, end)`` range of raw text it stands for."""

    chars: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.chars)

    def __len__(self) -> int:
        return len(self.chars)

    def copy_raw(self, raw: str, start: int, end: int) -> None:
        """Append ``raw[start:end]`` unchanged."""
        for i in range(start, end):
            self.chars.append(raw[i])
            self.starts.append(i)
            self.ends.append(i + 1)

    def add(self, char: str, start: int, end: int) -> None:
        """Append one character standing for ``raw[start:end]`` (empty range: inserted)."""
        self.chars.append(char)
        self.starts.append(start)
        self.ends.append(end)

    def absorb(self, end: int) -> None:
        """Make the last character also stand for raw text up to ``end`` (a dropped hyphen)."""
        if self.ends:
            self.ends[-1] = max(self.ends[-1], end)

    def insert(self, index: int, char: str) -> None:
        """Insert a character before ``index``; it stands for no raw text."""
        at = self.starts[index] if index < len(self.starts) else (self.ends[-1] if self.ends else 0)
        self.chars.insert(index, char)
        self.starts.insert(index, at)
        self.ends.insert(index, at)

    def spans(self, i: int, j: int, raw: str) -> list[tuple[int, int]]:
        """Raw ranges covered by characters ``i..j-1``, merged across whitespace-only gaps."""
        out: list[list[int]] = []
        for k in range(i, j):
            s, e = self.starts[k], self.ends[k]
            if s == e:
                continue
            if out and (s <= out[-1][1] or not raw[out[-1][1] : s].strip()):
                out[-1][1] = max(out[-1][1], e)
            else:
                out.append([s, e])
        return [(s, e) for s, e in out]

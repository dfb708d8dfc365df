"""A table as a deliverable shows it: headers and cells already written out, and how wide its columns are."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = ["Measure", "Table"]

#: The width of a text in a table cell, given whether it is bold (a header).
Measure = Callable[[str, bool], float]


@dataclass(frozen=True)
class Table:
    """A table as the reader sees it: headers and cells already formatted; ``numeric`` columns align right."""

    columns: list[str]
    rows: list[list[str]]
    numeric: list[bool]

    def widths(self, total: float, measure: Measure, padding: float) -> list[float]:
        """Column widths that add up to ``total``; ``measure(text, bold)`` gives a text's width in the same unit.

        Number columns get room for their longest value and the longest word
        of their (bold) header, so they never wrap; text columns keep at least
        their longest word (header or cell: no word is broken inside itself,
        "Zorginstellinge / n") and share the rest in proportion to their
        longest text. Every text is counted up to 40 characters: a right-aligned
        column can hold a name too (a key figure's chosen segment), and a
        120-letter one would push the table off the page.
        """
        n = range(len(self.columns))
        word = [self.longest_word(c, measure) for c in n]
        longest = [max([measure(row[c][:40], False) for row in self.rows] or [0]) for c in n]
        natural = [max(word[c], longest[c]) + padding for c in n]
        if sum(natural) <= total:
            return [total * x / sum(natural) for x in natural]
        text = [c for c in n if not self.numeric[c]]
        room = total - sum(natural[c] for c in n if self.numeric[c])
        floor = {c: word[c] + padding for c in text}
        want = {c: natural[c] - floor[c] for c in text}
        spare = max(room - sum(floor.values()), 0)
        widths = [natural[c] if self.numeric[c] else floor[c] + spare * want[c] / (sum(want.values()) or 1) for c in n]
        return widths if sum(widths) <= total else [total * x / sum(widths) for x in widths]  # never wider than total

    def longest_word(self, column: int, measure: Measure) -> float:
        """The width of the widest word in ``column``: its (bold) header's or a cell's (words up to 40 characters
        count whole; a longer one is broken anyway); a number column's values count whole."""
        header = max((measure(w[:40], True) for w in self.columns[column].split()), default=0.0)
        if self.numeric[column]:  # a number and its currency sign stay on one line: "€ 25.555.576"
            cells = max((measure(row[column][:40], False) for row in self.rows), default=0.0)
        else:
            cells = max((measure(w[:40], False) for row in self.rows for w in row[column].split()), default=0.0)
        return max(header, cells)

    def fits(self, total: float, measure: Measure, padding: float) -> bool:
        """Whether every column gets at least its longest word in ``total``."""
        return sum(self.longest_word(c, measure) + padding for c in range(len(self.columns))) <= total

    def line_counts(self, widths: Sequence[float], measure: Measure, padding: float) -> list[int]:
        """How many lines each row needs when its cells wrap within ``widths`` (header first)."""
        room = [max(width - padding, 1e-9) for width in widths]
        return [
            max(1, *(math.ceil(measure(value, r == 0) / room[c]) for c, value in enumerate(row)))
            for r, row in enumerate([self.columns, *self.rows])
        ]

"""Write the file of every hostile case: ``python tests/hostile/generate.py OUTDIR``.

Each case gets its own folder ``OUTDIR/<case id>/`` holding its file under
the case's own name (spaces, Unicode and a wrong suffix included), so that a
person can open it, or run ``klantlab pyramid`` on it by hand. The test suite
writes the same files into pytest's temporary folder; nothing large is
committed (the 10 MB line, the 1 MB header and the 100,000 rows are built
here).
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from cases import CASES, KINDS, Case

__all__ = ["main", "write_all", "write_case"]


def write_case(case: Case, folder: Path, *, protect: bool = True) -> Path:
    """Write ``case``'s file into ``folder`` (created when needed); returns the path the command is given.

    With ``protect`` the file of a case without read permission is made
    unreadable (``chmod 000``; that does not stop root).
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = case.write(folder)
    if protect and case.unreadable:
        path.chmod(0)
    return path


def write_all(outdir: Path) -> dict[str, Path]:
    """Write every case into ``outdir/<case id>/``; returns the path of each case's file."""
    return {case.id: write_case(case, outdir / case.id) for case in CASES}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if len(argv) != 1:
        print("usage: python tests/hostile/generate.py OUTDIR", file=sys.stderr)
        return 2
    outdir = Path(argv[0])
    paths = write_all(outdir)
    counts = Counter(case.kind for case in CASES)
    for kind in KINDS:
        print(f"{kind:<14}{counts[kind]:>4}")
    print(f"{'total':<14}{len(CASES):>4}  cases written to {outdir} ({sum(p.exists() for p in paths.values())} files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A chart as a printable poster: PDF, SVG or PNG at A4 up to A0.

The figure is laid out once on an A4 page (landscape or portrait, at 96
pixels per inch) and scaled to the paper size, so that text and post-its grow
with the paper and stay readable from a distance. PDF and SVG stay vector; a
PNG is rendered at 150 dots per inch of the paper. Rendering uses kaleido,
which drives the chromium on this machine.
"""

from __future__ import annotations

from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio

from klantlab.errors import KlantlabError

__all__ = ["PAPER_MM", "ExportError", "poster_pixels", "write_poster"]

#: Paper sizes in millimetres, portrait (width, height).
PAPER_MM = {"A4": (210, 297), "A3": (297, 420), "A2": (420, 594), "A1": (594, 841), "A0": (841, 1189)}
FORMATS = ("pdf", "svg", "png")
_BASE_PX = (794, 1123)  # A4 portrait at 96 px per inch
_PNG_DPI = 150


class ExportError(KlantlabError):
    """An export could not be written; ``key`` says why."""

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        super().__init__(None, **params)


def poster_pixels(size: str = "A1", landscape: bool = True) -> tuple[int, int, float]:
    """Layout width and height (A4 in pixels) and the scale that makes the page ``size``."""
    if size not in PAPER_MM:
        raise ExportError("error.export.paper", size=size, sizes=", ".join(PAPER_MM))
    width, height = _BASE_PX[::-1] if landscape else _BASE_PX
    return width, height, PAPER_MM[size][0] / PAPER_MM["A4"][0]


def write_poster(fig: go.Figure, path: Path | str, size: str = "A1", landscape: bool = True) -> Path:
    """Write ``fig`` to ``path`` (.pdf, .svg or .png) as a poster of paper ``size``; returns the path."""
    path = Path(path)
    kind = path.suffix.lower().lstrip(".")
    if kind not in FORMATS:
        raise ExportError("error.export.format", path=str(path), formats=", ".join(FORMATS))
    width, height, scale = poster_pixels(size, landscape)
    if kind == "png":
        scale *= _PNG_DPI / 96
    poster = go.Figure(fig)
    poster.update_layout(width=width, height=height, autosize=False)
    try:
        image = pio.to_image(poster, format=kind, width=width, height=height, scale=scale)
    except Exception as error:  # kaleido raises its own types when no browser is found or it crashes
        raise ExportError("error.export.render", path=str(path), reason=f"{type(error).__name__}: {error}") from error
    try:
        path.write_bytes(image)
    except OSError as error:
        raise ExportError("error.export.write", path=str(path), reason=error.strerror or str(error)) from error
    return path

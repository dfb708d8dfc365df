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

from klantlab.errors import ExportError
from klantlab.io.chart_images import ImageSpec, render_images
from klantlab.io.safe_files import write_new

__all__ = ["PAPER_MM", "ExportError", "poster_spec", "write_poster"]

#: Paper sizes in millimetres, portrait (width, height).
PAPER_MM = {"A4": (210, 297), "A3": (297, 420), "A2": (420, 594), "A1": (594, 841), "A0": (841, 1189)}
FORMATS = ("pdf", "svg", "png")
_BASE_PX = (794, 1123)  # A4 portrait at 96 px per inch
_PNG_DPI = 150


def poster_spec(kind: str = "pdf", size: str = "A1", landscape: bool = True) -> ImageSpec:
    """How to render a poster: the A4 layout in pixels, scaled to paper ``size`` (PNG: at 150 dpi)."""
    if size not in PAPER_MM:
        raise ExportError("error.export.paper", size=size, sizes=", ".join(PAPER_MM))
    if kind not in FORMATS:
        raise ExportError("error.export.format", path=f"*.{kind}", formats=", ".join(FORMATS))
    width, height = _BASE_PX[::-1] if landscape else _BASE_PX
    scale = PAPER_MM[size][0] / PAPER_MM["A4"][0]
    if kind == "png":
        scale *= _PNG_DPI / 96
    return ImageSpec(kind, width, height, scale)


def write_poster(
    fig: go.Figure, path: Path | str, size: str = "A1", landscape: bool = True, *, overwrite: bool = False
) -> Path:
    """Write ``fig`` as a poster of paper ``size`` to ``path`` (.pdf, .svg or .png).

    An existing file is kept unless ``overwrite``: the poster then gets the
    first free ``name (2).pdf``. Returns the path written.
    """
    path = Path(path)
    kind = path.suffix.lower().lstrip(".")
    if kind not in FORMATS:
        raise ExportError("error.export.format", path=str(path), formats=", ".join(FORMATS))
    (image,) = render_images([fig], [poster_spec(kind, size, landscape)])
    return write_file(path, image, overwrite=overwrite)


def write_file(path: Path, data: bytes, *, overwrite: bool = False) -> Path:
    """Write a finished deliverable (never half, never over another file unasked); ExportError on failure."""
    try:
        return write_new(path, data, overwrite=overwrite)
    except OSError as error:
        raise ExportError("error.export.write", path=str(path), reason=error.strerror or str(error)) from error

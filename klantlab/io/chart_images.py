"""Charts as image bytes (PNG, PDF, SVG) through kaleido and the chromium on this machine.

Starting a browser costs seconds, so a whole deliverable is rendered in one
browser session (:func:`render_images`). When no chromium-based browser is
installed, the user gets a message that says how to install one, before any
work is done.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import kaleido
import plotly.graph_objects as go
import plotly.io as pio
from choreographer.browsers.chromium import Chromium

from klantlab.errors import ExportError

__all__ = ["ImageSpec", "find_browser", "render_images"]


@dataclass(frozen=True)
class ImageSpec:
    """How to draw one figure: format, layout size in pixels and the scale to render it at."""

    format: str = "png"
    width: int = 1200
    height: int = 700
    scale: float = 1.0


def find_browser() -> str:
    """The chromium kaleido will use (``$BROWSER_PATH`` first); ExportError when there is none."""
    path = Chromium.find_browser(skip_local=False)
    if not path or not os.path.isfile(path) or not os.access(path, os.X_OK):
        named = os.environ.get("BROWSER_PATH", "")
        raise ExportError("error.export.no_browser", path=f" (BROWSER_PATH={named})" if named else "")
    return path


def render_images(figures: Sequence[go.Figure], specs: Sequence[ImageSpec]) -> list[bytes]:
    """Draw each figure with its spec, all in one browser session; raises ExportError."""
    if not figures:
        return []
    find_browser()
    images = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # kaleido warns that per-call options are ignored by its server
        kaleido.start_sync_server(silence_warnings=True)
        try:
            for fig, spec in zip(figures, specs, strict=True):
                drawn = go.Figure(fig)
                drawn.update_layout(width=spec.width, height=spec.height, autosize=False)
                images.append(
                    pio.to_image(drawn, format=spec.format, width=spec.width, height=spec.height, scale=spec.scale)
                )
        except Exception as error:  # kaleido and choreographer raise their own types when the browser fails
            raise ExportError("error.export.render", reason=f"{type(error).__name__}: {error}") from error
        finally:
            kaleido.stop_sync_server(silence_warnings=True)
    return images

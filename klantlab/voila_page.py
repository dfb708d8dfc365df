"""What a kernel drawing a Voilà page knows of that page: whether Voilà started it, when its page arrives, and
the language it asks for (``?lang=en``).

``klantlab dashboard`` keeps a kernel warm for the next visitor (see :mod:`klantlab.dashboard_server`): Voilà
starts it with ``VOILA_PREHEAT=True`` and runs the notebook until a cell waits for the page. The wait is
Voilà's protocol: a websocket to ``voila/query/<kernel id>`` on the server, which sends the page's request
(its query string among it) as one JSON object when a page takes the kernel. Voilà's own helper
(``voila.utils.wait_for_request``) imports Voilà's whole server first: 1.6 s, 2.7 s on a busy 2-core machine,
paid by a visitor who takes a kernel still warming up. This one needs only the websockets client (0.1 s).
"""

from __future__ import annotations

import json
import os
from urllib.parse import parse_qs

from klantlab.i18n import LANGUAGES, set_language

__all__ = ["LANGUAGE_PARAMETER", "follow_the_page_language", "page_language", "served_by_voila", "wait_for_the_page"]

#: The page address's parameter choosing the language: ``…/voila/render/overzicht.ipynb?lang=en``.
LANGUAGE_PARAMETER = "lang"

#: Set by Voilà in every kernel it starts (a cell it runs first sets it).
KERNEL_ID_ENV = "VOILA_KERNEL_ID"
#: "True" in a kernel Voilà keeps warm for the next visitor.
PREHEAT_ENV = "VOILA_PREHEAT"
#: Seconds to reach the server's websocket; Voilà's helper allows as long.
CONNECT_TIMEOUT_S = 5

_arrived = False


def served_by_voila() -> bool:
    """Whether this kernel draws a Voilà page (not JupyterLab, a test or a script)."""
    return KERNEL_ID_ENV in os.environ


def _query_url() -> str:
    """Where the server tells a warm kernel about its page (the address Voilà's own helper uses)."""
    protocol = os.environ.get("VOILA_WS_PROTOCOL", "ws")
    host = os.environ.get("VOILA_APP_IP", "127.0.0.1")
    port = os.environ.get("VOILA_APP_PORT", "8866")
    base = os.environ.get("VOILA_WS_BASE_URL", os.environ.get("VOILA_SERVER_URL", "/"))
    return f"{protocol}://{host}:{port}{base}voila/query/{os.environ.get(KERNEL_ID_ENV, '')}"


def wait_for_the_page() -> None:
    """In a kernel kept warm, wait until a page takes it and take over that page's request; else return at once.

    Afterwards ``os.environ`` holds the page's request (``QUERY_STRING``, ``SCRIPT_NAME``, …), as Voilà sets it
    for a kernel started for its page. If the server cannot be reached, the page is drawn without them.
    """
    global _arrived
    if _arrived or os.environ.get(PREHEAT_ENV) != "True":
        return
    from websockets.exceptions import WebSocketException
    from websockets.sync.client import connect

    try:
        with connect(_query_url(), open_timeout=CONNECT_TIMEOUT_S) as server:
            request = json.loads(server.recv())
    except (OSError, TimeoutError, WebSocketException, ValueError):
        request = {}
    os.environ.update({str(key): str(value) for key, value in request.items()})
    _arrived = True


def page_language(query: str) -> str | None:
    """The language a page's query string asks for (``lang=en``), if klantlab speaks it; else None."""
    asked = parse_qs(query).get(LANGUAGE_PARAMETER, [""])[-1].strip().lower()
    return asked if asked in LANGUAGES else None


def follow_the_page_language() -> None:
    """On a Voilà page that asks for a language (``?lang=en``): speak it from now on. Elsewhere nothing changes.

    A kernel kept warm first waits for its page (the query string comes with it).
    """
    if not served_by_voila():
        return
    wait_for_the_page()
    asked = page_language(os.environ.get("QUERY_STRING", ""))
    if asked is not None:
        set_language(asked)

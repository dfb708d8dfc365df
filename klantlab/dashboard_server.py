"""Inside the dashboard server (Voilà): one kernel per open page, freed when the page goes, a limit on how many.

``klantlab dashboard`` starts Voilà with :class:`DashboardKernelManager` as its kernel manager (see
``klantlab.cli.dashboard_command``); only that server process imports this module.

Voilà 0.5 starts a kernel of about 210 MiB for every page view. Two things free it again:

* **The page says goodbye.** On ``beforeunload`` Voilà's page posts ``voila/api/shutdown/<kernel id>`` with the
  value of its ``_xsrf`` cookie. But Voilà streams the page and never sets that cookie: tornado sets it only
  when a handler first asks for the token, and Voilà's template asks after the headers are gone. So the post
  had no token and was refused with 403 ``'_xsrf' argument missing`` (voila-dashboards/voila#1458), and the
  kernel lived until the server stopped. :meth:`DashboardKernelManager.start_kernel` runs while the page's
  headers are still unsent; it asks the page's handler for its token there, so the cookie goes out with the
  page, and the goodbye is accepted. XSRF protection stays on: only a page of this server can stop a kernel.
* **The culler**, for a page that could not say goodbye (a crashed browser, a killed tab, a lost network):
  jupyter_server shuts down a kernel idle for a while with no page connected to it (the command line sets
  ``MappingKernelManager.cull_idle_timeout``, ``cull_interval`` and ``cull_connected=False``). A page being
  looked at keeps its websocket open, so it is never culled.

And compression: the page's scripts are ≈ 10 MB (plotly's alone 4.8 MB), ≈ 3 MB gzipped. Voilà 0.5 sets its
tornado settings only after it has built the tornado Application, so ``compress_response`` never reaches it;
:func:`compress_responses` adds tornado's gzip transform to the running application itself, once its loop runs.

And a limit: with ``max_kernels`` kernels running (or starting), a new page gets HTTP 503 and a short page
saying the dashboard is busy, instead of one more kernel; memory stays bounded however many people come.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from jupyter_server import CallContext
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado.ioloop import IOLoop
from tornado.web import Application, GZipContentEncoding, HTTPError, RequestHandler
from traitlets import Integer
from voila.handler import VoilaHandler

from klantlab.i18n import get_language, t

__all__ = [
    "RETRY_AFTER_S",
    "DashboardBusyError",
    "DashboardKernelManager",
    "KernelLimit",
    "busy_page",
    "compress_responses",
]

#: What the busy page tells the browser: ask again after this many seconds (the ``Retry-After`` header).
RETRY_AFTER_S = 30

_BUSY_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ margin: 0; font-family: system-ui, sans-serif; color: #1f2933; background: #f5f7fa; }}
main {{ max-width: 36rem; margin: 18vh auto 0; padding: 2rem 2.5rem; background: #fff; border-radius: 8px;
  border-left: 6px solid #d97706; box-shadow: 0 1px 4px rgba(0, 0, 0, 0.12); }}
h1 {{ font-size: 1.5rem; line-height: 1.35; margin: 0 0 0.75rem; }}
p {{ font-size: 1.05rem; line-height: 1.5; margin: 0; color: #3e4c59; }}
</style>
</head>
<body>
<main class="klantlab-busy" role="alert">
<h1>{message}</h1>
<p>{detail}</p>
</main>
</body>
</html>
"""  # The page's scaffolding only: every word on it comes from the catalog.


class DashboardBusyError(HTTPError):
    """All kernels the server may run are taken: HTTP 503, with the catalog key of what the visitor reads."""

    key = "cli.dashboard.busy"
    log_key = "cli.dashboard.busy_log"

    def __init__(self, limit: int) -> None:
        # The server log line says what happened and what to change; tornado formats it with %, hence "%s".
        super().__init__(503, "%s", t(self.log_key, limit=limit))
        self.limit = limit

    @property
    def message(self) -> str:
        """What the visitor reads, in the server's language."""
        return t(self.key)


@dataclass(frozen=True)
class KernelLimit:
    """At most ``maximum`` kernels at once: one more page is refused when that many are running or starting."""

    maximum: int

    def admits(self, running: int) -> bool:
        """Whether one more kernel may start while ``running`` kernels are running or starting."""
        return running < self.maximum

    def check(self, running: int) -> None:
        """Raise :class:`DashboardBusyError` unless one more kernel may start."""
        if not self.admits(running):
            raise DashboardBusyError(self.maximum)


def busy_page(limit: int) -> str:
    """The HTML page a visitor sees when the dashboard is full, in the active language."""
    return _BUSY_PAGE.format(
        lang=html.escape(get_language()),
        title=html.escape(t("cli.dashboard.busy_title"), quote=False),
        message=html.escape(t("cli.dashboard.busy"), quote=False),
        detail=html.escape(t("cli.dashboard.busy_detail", limit=limit), quote=False),
    )


def _page_asking() -> RequestHandler | None:
    """The Voilà page request this call serves, if any (jupyter_server keeps the handler in the call context)."""
    handler = CallContext.get(CallContext.JUPYTER_HANDLER)
    return handler if isinstance(handler, VoilaHandler) else None


def compress_responses(app: Application | None = None) -> bool:
    """Let ``app`` (default: the running Voilà's) gzip what it sends to browsers that accept it; True if it does."""
    if app is None:
        from voila.app import Voila

        if not Voila.initialized():
            return False
        app = getattr(Voila.instance(), "app", None)
        if app is None:
            return False
    if GZipContentEncoding not in app.transforms:
        app.transforms.append(GZipContentEncoding)
    return True


class DashboardKernelManager(AsyncMappingKernelManager):
    """Voilà's kernel manager, with a limit, and with the page's XSRF cookie so that its goodbye is accepted."""

    max_kernels = Integer(
        12,
        min=1,
        config=True,
        help="The most kernels (open pages) at once; one page more gets the busy page.",  # i18n: not user text
    )

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._reserved: set[str] = set()  # kernels being started, not yet listed as running
        self._leaving: set[str] = set()  # kernels being shut down, still listed until their process has gone
        IOLoop.current().add_callback(compress_responses)  # runs once Voilà has built its application

    @property
    def kernel_limit(self) -> KernelLimit:
        return KernelLimit(self.max_kernels)

    def occupied(self) -> int:
        """Kernels running or being started (each holds a place under the limit); one on its way out holds none.

        jupyter_client lists a kernel until its shutdown has finished (the process gone, its sockets closed), so
        counting the listed kernels refused a page for a moment after another page had left.
        """
        return len((self._reserved | set(self.list_kernel_ids())) - self._leaving)

    async def shutdown_kernel(self, kernel_id: str, now: bool = False, restart: bool = False) -> None:
        if not restart:
            self._leaving.add(kernel_id)
        try:
            await super().shutdown_kernel(kernel_id, now=now, restart=restart)
        finally:
            self._leaving.discard(kernel_id)

    async def start_kernel(self, *args, kernel_id: str | None = None, **kwargs) -> str:
        page = _page_asking()
        compress_responses()  # in case the loop ran before the application was there
        if kernel_id is None or kernel_id not in self:
            try:
                # Checked and reserved before the first await, so pages arriving together cannot overshoot.
                self.kernel_limit.check(self.occupied())
            except DashboardBusyError:
                if page is not None:
                    _answer_busy(page, self.max_kernels)
                raise
            kernel_id = kernel_id or self.new_kernel_id()
            self._reserved.add(kernel_id)
        if page is not None:
            # Voilà streams the page: ask for the XSRF token now, while tornado can still send its cookie.
            page.xsrf_token  # noqa: B018 (the property sets the cookie)
        try:
            return await super().start_kernel(*args, kernel_id=kernel_id, **kwargs)
        finally:
            self._reserved.discard(kernel_id)


def _answer_busy(page: RequestHandler, limit: int) -> None:
    """Send the busy page as the whole answer; the error raised afterwards only writes the server's log line."""
    page.clear()
    page.set_status(503)
    page.set_header("Content-Type", "text/html; charset=UTF-8")
    page.set_header("Retry-After", str(RETRY_AFTER_S))
    page.set_header("Cache-Control", "no-store")
    page.finish(busy_page(limit))

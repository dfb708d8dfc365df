"""Inside the dashboard server (Voilà): a warm kernel for the next visitor, one per open page, a limit on pages.

``klantlab dashboard`` starts Voilà with :class:`DashboardKernelManager` as its kernel manager and klantlab's
page handler (see ``klantlab.cli.dashboard_command``); only that server process imports this module.

**A warm kernel.** Voilà 0.5 starts a kernel of about 210 MiB for every page view and runs the notebook before
it sends the page: 4–5 s before a manager sees anything on this 2-core machine. With Voilà's preheated kernels
one kernel is kept ready for the next visitor, with the notebook's imports done; the dashboard's own cell waits
for the page (``voila.utils.wait_for_request``, see ``klantlab.widgets.overview``) and then builds what the
workbook holds at that moment. When a page takes the warm kernel, the next one starts.

**A page says goodbye.** On ``beforeunload`` Voilà's page posts ``voila/api/shutdown/<kernel id>`` with the
value of its ``_xsrf`` cookie. Voilà streams the page and never set that cookie (voila-dashboards/voila#1458),
so the post was refused with 403 and the kernel lived until the server stopped. :class:`DashboardPageHandler`
asks for the token before anything is written, so the cookie goes out with the page and the goodbye is
accepted. XSRF protection stays on: only a page of this server can stop a kernel.

**The culler**, for a page that could not say goodbye (a crashed browser, a killed tab, a lost network):
jupyter_server shuts down a kernel idle for a while with no page connected to it (the command line sets
``MappingKernelManager.cull_idle_timeout``, ``cull_interval`` and ``cull_connected=False``). A page being
looked at keeps its websocket open, so it is never culled; Voilà never culls the warm kernel.

**Compression**: the page's scripts are ≈ 10 MB (plotly's alone 4.8 MB), ≈ 3 MB gzipped. Voilà 0.5 sets its
tornado settings only after it has built the tornado Application, so ``compress_response`` never reaches it;
:func:`adapt_application` adds tornado's gzip transform to the running application itself, once its loop runs.

**A limit**: with ``max_kernels`` pages open (or opening), a new page gets HTTP 503 and a short page saying the
dashboard is busy, instead of one more kernel. The warm kernel is not a page: at most ``max_kernels`` + 1
kernels run, and memory stays bounded however many people come.
"""

from __future__ import annotations

import asyncio
import html
import weakref
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
    "WARM_WAIT_S",
    "DashboardBusyError",
    "DashboardKernelManager",
    "DashboardPageHandler",
    "KernelLimit",
    "adapt_application",
    "busy_page",
    "compress_responses",
    "serve_pages_with",
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


def compress_responses(app: Application) -> None:
    """Let ``app`` gzip what it sends to browsers that accept it."""
    if GZipContentEncoding not in app.transforms:
        app.transforms.append(GZipContentEncoding)


def serve_pages_with(app: Application, handler: type[RequestHandler]) -> int:
    """Let ``handler`` serve the pages Voilà's own page handler served in ``app``; returns how many routes changed.

    Voilà adds its routes to the application itself, with no way to name another handler class; the routes are
    tornado ``Rule`` objects whose ``target`` can be replaced while the server has not served a page yet.
    """
    changed = 0
    routers = [app.default_router, app.wildcard_router]
    while routers:
        for rule in routers.pop().rules:
            target = rule.target
            if hasattr(target, "rules"):  # a router of one host: look inside
                routers.append(target)
            elif isinstance(target, type) and issubclass(target, VoilaHandler) and not issubclass(target, handler):
                rule.target = type(handler.__name__, (handler, target), {})
                changed += 1
    return changed


def adapt_application(app: Application | None = None) -> bool:
    """Compression and klantlab's page handler for ``app`` (default: the running Voilà's); True once done."""
    if app is None:
        from voila.app import Voila

        if not Voila.initialized():
            return False
        app = getattr(Voila.instance(), "app", None)
        if app is None:
            return False
    compress_responses(app)
    serve_pages_with(app, DashboardPageHandler)
    return True


class DashboardPageHandler(RequestHandler):
    """Mixed into Voilà's page handler: the XSRF cookie set first, and a page beyond the limit gets the busy page.

    Both happen in ``prepare``, before Voilà writes a byte: tornado can still send a cookie, and a page refused
    has not taken the warm kernel. Between this check and Voilà taking the warm kernel nothing awaits, so two
    pages arriving together are counted one after the other.
    """

    async def prepare(self) -> None:
        await super().prepare()
        if self._finished:
            return
        self.xsrf_token  # noqa: B018 (the property sets the cookie the page's goodbye sends back)
        manager = self.kernel_manager
        if not isinstance(manager, DashboardKernelManager):
            return
        if not manager.kernel_limit.admits(manager.occupied()):
            _answer_busy(self, manager.max_kernels)
            self.log.warning("%s", t(DashboardBusyError.log_key, limit=manager.max_kernels))
            return
        if self._takes_warm_kernel():
            manager.promise_warm_kernel(self.notebook_path)

    def _takes_warm_kernel(self) -> bool:
        """Whether Voilà will serve this page from its warm kernel (its own test, with its own arguments)."""
        manager = self.kernel_manager
        notebook = self.notebook_path
        if notebook is None or not hasattr(manager, "get_rendered_notebook"):
            return False
        return self.should_use_rendered_notebook(
            manager.notebook_data.get(notebook, {}),
            manager.get_pool_size(notebook),
            self.get_argument("template", None),
            self.get_argument("theme", None),
            self.request.arguments,
        )


#: A kernel in one of these states is busy for its page (jupyter_server follows each kernel's status).
_WORKING = ("starting", "busy")
#: A warm kernel starts once no page has been drawn for this long (s), or after ``WARM_WAIT_S`` anyway.
WARM_QUIET_S = 2.0
WARM_WAIT_S = 30.0


def _is_warm_start(kwargs: dict) -> bool:
    """Whether Voilà starts this kernel to keep it warm (its environment says ``VOILA_PREHEAT=True``)."""
    return (kwargs.get("env") or {}).get("VOILA_PREHEAT") == "True"


class DashboardKernelManager(AsyncMappingKernelManager):
    """Voilà's kernel manager with a limit on open pages; the warm kernel Voilà keeps is not counted as a page.

    With preheated kernels Voilà makes a subclass of this class that keeps its pool of warm kernels in
    ``_pools`` (notebook -> list of tasks, each giving ``{"kernel_id": ...}`` when its kernel is ready).
    """

    max_kernels = Integer(
        12,
        min=1,
        config=True,
        help="The most pages at once, each with a kernel; one page more gets the busy page.",  # i18n: not user text
    )

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._reserved: set[str] = set()  # kernels being started for a page, not yet listed as running
        self._leaving: set[str] = set()  # kernels being shut down, still listed until their process has gone
        self._warm_starts: dict[asyncio.Task, str] = {}  # a warm-kernel task -> the kernel it is starting
        self._promised: weakref.WeakSet[asyncio.Task] = weakref.WeakSet()  # warm-kernel tasks a page has taken
        IOLoop.current().add_callback(adapt_application)  # runs once Voilà has built its application

    @property
    def kernel_limit(self) -> KernelLimit:
        return KernelLimit(self.max_kernels)

    def _warm_tasks(self) -> list[asyncio.Task]:
        return [task for pool in getattr(self, "_pools", {}).values() for task in pool]

    def warm_kernel_ids(self) -> set[str]:
        """The kernels kept warm for the next visitor, ready or starting, that no page has taken."""
        warm = set()
        for task in self._warm_tasks():
            if task in self._promised:
                continue
            if task.done():
                if not task.cancelled() and task.exception() is None:
                    warm.add(task.result()["kernel_id"])
            elif task in self._warm_starts:
                warm.add(self._warm_starts[task])
        return warm

    def promise_warm_kernel(self, notebook: str) -> None:
        """A page is about to take the first warm kernel of ``notebook``: it counts as that page's from now on."""
        pool = getattr(self, "_pools", {}).get(notebook) or []
        if pool:
            self._promised.add(pool[0])

    def occupied(self) -> int:
        """Open pages (each holds a kernel, running or starting); the warm kernel and one on its way out hold none.

        jupyter_client lists a kernel until its shutdown has finished (the process gone, its sockets closed), so
        counting the listed kernels refused a page for a moment after another page had left. A page that has
        taken a warm kernel still being started counts at once.
        """
        for task in [task for task in self._warm_starts if task.done()]:
            del self._warm_starts[task]  # its kernel is listed (or failed) by now
        for_pages = {kernel for task, kernel in self._warm_starts.items() if task in self._promised}
        kernels = (self._reserved | for_pages | set(self.list_kernel_ids())) - self._leaving - self.warm_kernel_ids()
        not_started = sum(1 for task in self._promised if not task.done() and task not in self._warm_starts)
        return len(kernels) + not_started

    def pages_being_drawn(self) -> bool:
        """Whether a page's kernel is starting or running its notebook (a page is waiting for it)."""
        if self._reserved or any(not task.done() for task in self._promised):
            return True
        others = set(self.list_kernel_ids()) - self._leaving - self.warm_kernel_ids()
        return any(getattr(self._kernels.get(kernel), "execution_state", "idle") in _WORKING for kernel in others)

    async def _after_the_pages(self, task: asyncio.Task | None) -> None:
        """Wait until no page has been drawn for ``WARM_QUIET_S`` in a row (at most ``WARM_WAIT_S`` in all); a
        page that takes this kernel meanwhile ends the wait.

        On two cores a warm kernel importing beside a page's own doubled that page's wait (a second visitor right
        after a first one: last chart after 10.8 s instead of 6.2 s). The page's kernel comes first; a kernel
        between two of its cells looks idle for a moment, hence the quiet spell.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + WARM_WAIT_S
        quiet_since = loop.time()
        while task not in self._promised and loop.time() < deadline:
            if self.pages_being_drawn():
                quiet_since = loop.time()
            elif loop.time() - quiet_since >= WARM_QUIET_S:
                return
            await asyncio.sleep(0.2)

    async def shutdown_kernel(self, kernel_id: str, now: bool = False, restart: bool = False) -> None:
        if not restart:
            self._leaving.add(kernel_id)
        try:
            await super().shutdown_kernel(kernel_id, now=now, restart=restart)
        finally:
            self._leaving.discard(kernel_id)

    async def start_kernel(self, *args, kernel_id: str | None = None, **kwargs) -> str:
        if kernel_id is not None and kernel_id in self:  # a restart: it keeps its place
            return await super().start_kernel(*args, kernel_id=kernel_id, **kwargs)
        kernel_id = kernel_id or self.new_kernel_id()
        if _is_warm_start(kwargs):  # for the next visitor: no page yet, so no place taken
            task = asyncio.current_task()  # Voilà's pool task: it gives the kernel once the notebook runs
            await self._after_the_pages(task)
            if task is not None:
                self._warm_starts[task] = kernel_id
            return await super().start_kernel(*args, kernel_id=kernel_id, **kwargs)
        page = _page_asking()
        try:
            # Checked and reserved before the first await, so pages arriving together cannot overshoot.
            self.kernel_limit.check(self.occupied())
        except DashboardBusyError:
            if page is not None:
                _answer_busy(page, self.max_kernels)
            raise
        self._reserved.add(kernel_id)
        try:
            return await super().start_kernel(*args, kernel_id=kernel_id, **kwargs)
        finally:
            self._reserved.discard(kernel_id)


def _page_asking() -> RequestHandler | None:
    """The Voilà page request this call serves, if it has not written anything yet."""
    handler = CallContext.get(CallContext.JUPYTER_HANDLER)
    if isinstance(handler, VoilaHandler) and not handler._headers_written and not handler._finished:
        return handler
    return None


def _answer_busy(page: RequestHandler, limit: int) -> None:
    """Send the busy page as the whole answer; the error raised afterwards only writes the server's log line."""
    page.clear()
    page.set_status(503)
    page.set_header("Content-Type", "text/html; charset=UTF-8")
    page.set_header("Retry-After", str(RETRY_AFTER_S))
    page.set_header("Cache-Control", "no-store")
    page.finish(busy_page(limit))

"""The Klantenpiramide in a notebook: choose the file and columns, the period and split; see every chart at once.

Reading the file and summing per customer happens only when the file, the
columns, the period, the basis or the look-back window change; a different
preset or threshold re-classifies the kept per-customer values, so the charts
follow a slider at once. After every successful analysis the settings and the
summary (never the customer rows) are saved in the workbook.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from typing import Any

import ipywidgets as w
import pandas as pd

from klantlab.analysis import (
    ACTIVE_LEVELS,
    PRESET_THRESHOLDS,
    TEXTBOOK_SHARES,
    CustomerValues,
    PyramidAnalysis,
    analyse_pyramid,
    columns_of,
    period_values,
)
from klantlab.analysis.customer_attributes import pyramid_extras
from klantlab.analysis.pyramid_warnings import warning_texts
from klantlab.boundary import guarded
from klantlab.charts import (
    attention_figure,
    concentration_figure,
    migration_heatmap,
    migration_sankey,
    potential_figure,
    pyramid_figure,
)
from klantlab.charts.concentration import pareto_sentence
from klantlab.charts.style import level_name
from klantlab.errors import ImportFileError, KlantlabError
from klantlab.i18n import CURRENCY_SIGNS, label, money, number, percent, set_currency, t
from klantlab.io.client_files import SourceTable, read_client_file
from klantlab.io.column_mapping import ColumnTarget, guess_mapping
from klantlab.io.pyramid_inputs import resolve
from klantlab.io.transactions_import import ImportedTable, LeftOutReason, import_table, left_out_rows
from klantlab.model import Basis, Currency, DateOrder, PyramidSettings, PyramidSummary, ThresholdPreset, Workbook
from klantlab.state import Change
from klantlab.widgets.actions import built_or_message, on_change, on_click
from klantlab.widgets.figures import show_figure
from klantlab.widgets.html import alert, escape, html_table, problem_alert
from klantlab.widgets.live import FORM_CSS, LiveForm, field_layout, live_html, number_box

__all__ = ["PyramidExplorer", "levels_html", "pyramid_explorer", "pyramid_levels"]

_WIDE = {"description_width": "190px"}
_GRID_COLUMNS = "repeat(auto-fill, minmax(360px, 1fr))"  # i18n: not user text
_SLIDER = "520px"  # description 190 px + a track of about 280 px + the readout


def _wide(max_width: str) -> w.Layout:
    return field_layout(max_width)


def _followed_settings(workbook: Workbook) -> dict[str, tuple]:
    """The pyramid settings of ``workbook`` grouped by the step that must run again when they change."""
    settings, summary = workbook.customer_pyramid.settings, workbook.customer_pyramid.summary
    return {
        "file": (settings.source_file, settings.sheet),
        "import": (tuple(sorted(settings.column_map.items())), settings.date_order, settings.decimal_comma,
                   settings.customers_file, settings.crm_file),
        "values": (settings.period_start, settings.period_end, settings.basis, settings.inactive_window_months),
        "analysis": (settings.preset, tuple(settings.thresholds), summary.pareto_threshold if summary else None,
                     settings.currency),
    }  # fmt: skip


_PROGRESS_AFTER_S = 1.0


class _Progress:
    """A progress bar that appears only when DuckDB's query takes longer than a second."""

    def __init__(self, bar: w.FloatProgress) -> None:
        self.bar = bar

    def run(self, connection: Any, work: Callable[[], Any]) -> Any:
        if connection is None or not hasattr(connection, "query_progress"):
            return work()
        done = threading.Event()
        started = time.monotonic()

        def watch() -> None:
            while not done.wait(0.2):
                if time.monotonic() - started > _PROGRESS_AFTER_S:
                    self.bar.layout.display = None
                    share = connection.query_progress()
                    self.bar.value = max(0.0, min(float(share), 100.0)) / 100 if share and share > 0 else 0.0

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        try:
            return work()
        finally:
            done.set()
            watcher.join()
            self.bar.layout.display = "none"


class PyramidExplorer(LiveForm):
    """File, columns and settings on the left of the work; charts and tables in tabs below.

    ``analysis`` holds the last :class:`PyramidAnalysis` (None before the first
    successful one). Problems with the file or the input are shown as a
    message; what the user chose stays in the controls.
    """

    def __init__(self, source: Any, read_only: bool = False, data: Any = None) -> None:
        super().__init__(source, read_only, layout=w.Layout(max_width="1100px"))
        self.analysis: PyramidAnalysis | None = None
        self.table: ImportedTable | None = None
        self.data = data
        """Transactions given as a frame (a Spark, Dask or Polars lazy frame…) instead of a file: summed in its own
        engine; only the per-customer table comes here."""
        self._source: SourceTable | None = None
        self._values: tuple[CustomerValues, CustomerValues | None] | None = None
        self._extras: tuple[pd.DataFrame | None, pd.DataFrame | None] = (None, None)
        self._left_out: tuple[CustomerValues | None, str] = (None, "")
        """The left-out table of the values it was made for: a threshold change does not read the file again."""
        self._summary: PyramidSummary | None = None
        """The summary of :attr:`analysis`, made once per analysis (tables, the save check and the save)."""
        self._busy = False
        settings = self.workbook.customer_pyramid.settings
        self.warnings = w.VBox()
        """What the figures rest on (a partly covered previous period, outlying dates…); stays beside them."""
        self.progress = w.FloatProgress(
            min=0, max=1, description=t("app.pyramid.busy"), layout=w.Layout(display="none", width="420px")
        )
        self.file = w.Text(
            value=settings.source_file,
            description=t("app.pyramid.file"),
            style=_WIDE,
            layout=_wide("560px"),
            continuous_update=False,
        )
        self.extra_files = {
            name: w.Text(
                value=getattr(settings, name),
                description=t(f"app.pyramid.{name}"),
                placeholder=t(f"app.pyramid.{name}.placeholder"),
                style=_WIDE,
                layout=_wide("560px"),
                continuous_update=False,
            )
            for name in ("customers_file", "crm_file")
        }
        self.sheet = w.Dropdown(
            options=[],
            description=t("field.sheet").capitalize(),
            style=_WIDE,
            layout=w.Layout(display="none", width="360px"),
        )
        self.read_button = w.Button(description=t("app.pyramid.read"), button_style="primary", icon="folder-open")
        self.file_info = w.HTML()
        self.columns = {
            target: w.Dropdown(
                options=[("—", "")], description=label(target).capitalize(), style=_WIDE, layout=_wide("400px")
            )
            for target in ColumnTarget
        }
        auto = [(t("app.pyramid.auto"), "")]
        self.date_order = w.Dropdown(
            options=auto + [(label(order), order.value) for order in DateOrder],
            value=settings.date_order.value if settings.date_order else "",
            description=t("field.date_order").capitalize(),
            style=_WIDE,
            layout=_wide("400px"),
        )
        self.decimal = w.Dropdown(
            options=[*auto, (t("app.pyramid.decimal_comma"), ","), (t("app.pyramid.decimal_point"), ".")],
            value="" if settings.decimal_comma is None else ("," if settings.decimal_comma else "."),
            description=t("field.decimal_comma").capitalize(),
            style=_WIDE,
            layout=_wide("400px"),
        )
        self.currency = w.Dropdown(
            options=auto + [(f"{CURRENCY_SIGNS[c.value]} {label(c)}", c.value) for c in Currency],
            value=settings.currency.value if settings.currency else "",
            description=t("field.currency").capitalize(),
            style=_WIDE,
            layout=_wide("400px"),
        )
        self.apply_columns = w.Button(
            description=t("app.pyramid.apply_columns"), icon="check", layout=w.Layout(width="auto")
        )

        self.start, self.end = (
            w.DatePicker(
                value=getattr(settings, name),
                description=t(f"field.{name}").capitalize(),
                style=_WIDE,
                layout=w.Layout(width="340px"),  # room for the whole date, year included
            )
            for name in ("period_start", "period_end")
        )
        self.basis = w.ToggleButtons(
            options=[(label(b), b.value) for b in Basis],
            value=settings.basis.value,
            description=t("field.basis").capitalize(),
            style={**_WIDE, "button_width": "auto"},
        )
        self.window = w.IntSlider(
            value=settings.inactive_window_months,
            min=1,
            max=36,
            description=t("app.pyramid.window"),
            style=_WIDE,
            layout=_wide(_SLIDER),
        )
        self.preset = w.Dropdown(
            options=[(label(p), p.value) for p in ThresholdPreset],
            value=settings.preset.value,
            description=t("field.preset").capitalize(),
            style=_WIDE,
            layout=_wide("560px"),
        )
        shares = [*settings.thresholds, None, None][:3]
        self.thresholds: list[w.Text] = []
        self._threshold_reader = []
        for i, share in enumerate(shares):
            box, parse, show = number_box(t(f"app.pyramid.threshold.{i}"), minimum=0, maximum=99.99, example=12.5,
                                          style={"description_width": "130px"}, layout=_wide("260px"))  # fmt: skip
            box.value = show(round(100 * share, 4)) if share else ""
            self.thresholds.append(box)
            self._threshold_reader.append((parse, show))
        summary = self.workbook.customer_pyramid.summary
        self.pareto_share = w.IntSlider(
            value=round(100 * (summary.pareto_threshold if summary else 0.8)),
            min=50,
            max=95,
            step=5,
            description=t("app.pyramid.pareto_share"),
            style=_WIDE,
            layout=_wide(_SLIDER),
        )

        self.outputs = {
            name: w.Output(layout=w.Layout(width="100%"))
            for name in ("pyramid", "concentration", "heatmap", "sankey", "potential", "attention")
        }
        self.tables = {
            name: w.HTML() for name in ("pyramid", "concentration", "migration", "potential", "attention", "left_out")
        }
        self.tabs = w.Tab(
            children=[
                w.VBox([self.outputs["pyramid"], self.tables["pyramid"]]),
                w.VBox([self.outputs["concentration"], self.tables["concentration"]]),
                w.VBox([self.tables["migration"], self.outputs["heatmap"], self.outputs["sankey"]]),
                w.VBox([self.outputs["potential"], self.tables["potential"]]),
                w.VBox([self.outputs["attention"], self.tables["attention"]]),
                w.VBox([self.tables["left_out"]]),
            ]
        )
        for index, name in enumerate(("pyramid", "concentration", "migration", "potential", "attention", "left_out")):
            self.tabs.set_title(index, t(f"app.pyramid.tab.{name}"))
        self._tab_drawers = [self._draw_levels, self._draw_concentration, self._draw_migration,
                             self._draw_potential, self._draw_attention, self._draw_left_out]  # fmt: skip
        self._stale_tabs: set[int] = set()
        on_change(self.tabs, "redraw", self._tab_opened, self._fail, names="selected_index")

        file_step = w.VBox(
            [
                w.HTML(f"<h4 style='margin:4px 0'>{escape(t('app.pyramid.step.file'))}</h4>"),
                w.HBox([self.file, self.read_button], layout=w.Layout(flex_flow="row wrap")),
                self.sheet,
                self.file_info,
                *self.extra_files.values(),
                w.HTML(f"<h4 style='margin:8px 0 4px'>{escape(t('app.pyramid.step.columns'))}</h4>"),
                w.GridBox(
                    [*self.columns.values(), self.date_order, self.decimal, self.currency],
                    layout=w.Layout(grid_template_columns=_GRID_COLUMNS, width="100%"),
                ),
                self.apply_columns,
            ]
        )
        if data is not None:  # the frame is in klantlab's columns already: no file, no columns to choose
            file_step.children = [self.file_info, self.currency]
        controls = w.VBox(
            [
                file_step,
                w.HTML(f"<h4 style='margin:8px 0 4px'>{escape(t('app.pyramid.step.split'))}</h4>"),
                w.HBox([self.start, self.end], layout=w.Layout(flex_flow="row wrap")),
                self.basis,
                self.window,
                self.preset,
                w.HBox(self.thresholds, layout=w.Layout(flex_flow="row wrap")),
                self.pareto_share,
            ]
        )
        self.children = [
            w.HTML(FORM_CSS),
            controls,
            self.progress,
            self.messages,
            self.warnings,
            *([self.undo_bar] if self.undo_bar else []),
            self.tabs,
        ]
        if read_only:
            for control in self._controls():
                control.disabled = True
        else:
            self._connect()
        self._show_threshold_boxes()
        self._followed = _followed_settings(self.workbook)
        if data is not None:
            guarded("analyse", self._fail)(self.use_data)()
        elif settings.source_file:
            guarded("read_file", self._fail)(self.load)()
        else:
            self._draw_empty()

    # --- wiring ---------------------------------------------------------------------------------------------------

    def _controls(self) -> list[w.Widget]:
        return [
            self.file,
            self.sheet,
            self.read_button,
            *self.extra_files.values(),
            *self.columns.values(),
            self.date_order,
            self.decimal,
            self.currency,
            self.apply_columns,
            self.start,
            self.end,
            self.basis,
            self.window,
            self.preset,
            *self.thresholds,
            self.pareto_share,
        ]

    def _connect(self) -> None:
        on_click(self.read_button, "read_file", self.load, self._fail)
        on_change(self.file, "read_file", lambda _: self.load(), self._fail)
        on_change(self.sheet, "read_file", lambda _: self.load(keep_sheet=True), self._fail)
        on_click(self.apply_columns, "read_file", self.run_import, self._fail)
        for box in self.extra_files.values():
            on_change(box, "read_file", lambda _: self.reload_extras(), self._fail)
        for control in (self.start, self.end, self.basis, self.window):
            on_change(control, "analyse", lambda _: self.run_values(), self._fail)
        on_change(self.preset, "analyse", self._preset_changed, self._fail)
        for control in (*self.thresholds, self.pareto_share, self.currency):
            on_change(control, "analyse", lambda _: self.run_analysis(), self._fail)

    def _show_threshold_boxes(self) -> None:
        custom = self.preset.value == ThresholdPreset.custom.value
        for box in self.thresholds:
            box.layout.display = None if custom else "none"

    def _preset_changed(self, _: object) -> None:
        preset = ThresholdPreset(self.preset.value)
        if preset in PRESET_THRESHOLDS:
            self._busy = True  # one analysis for the whole change, not one per box
            shares = [*PRESET_THRESHOLDS[preset], 0.0, 0.0][:3]
            for box, (_, show), share in zip(self.thresholds, self._threshold_reader, shares, strict=True):
                box.value = show(round(100 * share, 4)) if share else ""
            self._busy = False
        self._show_threshold_boxes()
        self.run_analysis()

    def _fail(self, error: KlantlabError) -> None:
        """Show what went wrong (also the boundary's report for every control of the explorer)."""
        self._busy = False  # an error halfway through a step must not leave the controls deaf
        self.progress.layout.display = "none"
        self.messages.children = [problem_alert(error)]

    # --- steps ----------------------------------------------------------------------------------------------------

    def load(self, keep_sheet: bool = False) -> None:
        """Open the file named in the file box and take its columns; then import and analyse."""
        if self._busy or not self.file.value.strip():
            return
        path = resolve(self.file.value.strip(), self.state.path.parent)
        try:
            sheet = self.sheet.value if keep_sheet and self.sheet.value else None
            self._source = read_client_file(path, sheet=sheet, progress=self._excel_progress)
        except ImportFileError as error:
            self._fail(error)
            if error.key == "error.import.sheet_empty":  # offer the sheets that have data, none chosen yet
                self._busy = True
                self.sheet.options = [("—", ""), *((name, name) for name in error.params["sheets_with_data"])]
                self.sheet.value = ""
                self.sheet.layout.display = None
                self._busy = False
            return
        finally:
            self.progress.layout.display = "none"
        source = self._source
        self._busy = True
        if source.sheets:
            self.sheet.options = list(source.sheets)
            self.sheet.value = source.sheet
            self.sheet.layout.display = None
        else:
            self.sheet.layout.display = "none"
        saved = self.workbook.customer_pyramid.settings.column_map
        mapping = saved if saved and set(saved.values()) <= set(source.columns) else guess_mapping(source.columns)
        options = [("—", ""), *[(column, column) for column in source.columns]]
        for target, dropdown in self.columns.items():
            dropdown.options = options
            dropdown.value = mapping.get(target.value, "")
        self._busy = False
        details = [t("app.pyramid.columns_found", columns=", ".join(source.columns))]
        if source.encoding:
            details.append(t("app.pyramid.csv_dialect", encoding=source.encoding, separator=repr(source.separator)))
        if source.renamed_duplicates:
            details.append(t("app.pyramid.duplicates", columns=", ".join(source.renamed_duplicates)))
        self.file_info.value = "<br>".join(escape(line) for line in details)
        self.run_import()

    def _excel_progress(self, share: float) -> None:
        self.progress.layout.display = None
        self.progress.value = share

    def run_import(self) -> None:
        """Read the values with the chosen columns and formats; then sum per customer."""
        if self._busy or self._source is None:
            return
        mapping = {target.value: dropdown.value for target, dropdown in self.columns.items() if dropdown.value}
        try:
            self.table = import_table(
                self._source, mapping, date_order=self.date_order.value or None, decimal=self.decimal.value or None
            )
            self._extras = self._load_extras(self.table)
        except KlantlabError as error:
            self._fail(error)
            return
        self._offer_margin(ColumnTarget.margin.value in self.table.mapping)

    def _load_extras(self, table: ImportedTable) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
        """The CRM leads and customer attributes from the files in the boxes (or found in the table itself)."""
        folder = self.state.path.parent

        def read(box: w.Text) -> ImportedTable | None:
            name = box.value.strip()
            return import_table(read_client_file(resolve(name, folder)), needs_revenue=False) if name else None

        return pyramid_extras(table, read(self.extra_files["customers_file"]), read(self.extra_files["crm_file"]))

    def reload_extras(self) -> None:
        """Read the customers file and the CRM list again (a box changed) and split the customers anew."""
        if self._busy or self.table is None:
            return
        try:
            self._extras = self._load_extras(self.table)
        except KlantlabError as error:
            self._fail(error)
            return
        self.run_analysis()

    def use_data(self) -> None:
        """Take the transactions from :attr:`data` (in klantlab's columns) and analyse them where they are."""
        try:
            columns = columns_of(self.data)
            self._extras = pyramid_extras(self.data)
        except KlantlabError as error:
            self._fail(error)
            return
        engine = type(self.data).__module__.split(".")[0]
        self.file_info.value = escape(t("app.pyramid.frame_info", engine=engine, columns=", ".join(columns)))
        self._offer_margin(ColumnTarget.margin.value in columns)

    def _offer_margin(self, has_margin: bool) -> None:
        """Let the user split on margin only when the data have it; then sum per customer."""
        self.basis.disabled = self.read_only or not has_margin
        if not has_margin and self.basis.value == Basis.margin.value:
            self._busy = True
            self.basis.value = Basis.revenue.value
            self._busy = False
        self.run_values()

    def run_values(self) -> None:
        """Sum the rows per customer for the period (and the one before, for the migration)."""
        transactions = self.data if self.data is not None else self.table
        if self._busy or transactions is None:
            return
        start, end = self.start.value, self.end.value
        if start and end and start > end:
            self._fail(ImportFileError("error.import.bad_period", None, start=start, end=end))
            return
        basis = Basis(self.basis.value)
        connection = self._source.keep_alive[0] if self._source and self._source.keep_alive else None

        def work() -> tuple[CustomerValues, CustomerValues | None]:
            return period_values(transactions, start, end, basis=basis, inactive_window_months=self.window.value)

        try:
            self._values = _Progress(self.progress).run(connection, work)
        except KlantlabError as error:
            self._fail(error)
            return
        current = self._values[0]
        if current.period_start and (start, end) != (current.period_start, current.period_end):
            self._busy = True  # show the period the analysis chose, without analysing twice
            self.start.value, self.end.value = current.period_start, current.period_end
            self._busy = False
        self.run_analysis()

    def _threshold_shares(self) -> list[float] | None:
        if self.preset.value != ThresholdPreset.custom.value:
            return None
        percentages = [parse(box.value) for box, (parse, _) in zip(self.thresholds, self._threshold_reader,
                                                                     strict=True)]  # fmt: skip
        shares = [value / 100 for value in percentages if value]
        if not shares or shares != sorted(set(shares)) or any(not 0 < x < 1 for x in shares):
            text = " / ".join(box.value.strip() or "—" for box in self.thresholds)
            raise ImportFileError("error.import.bad_thresholds", None, thresholds=text)
        return shares

    def run_analysis(self) -> None:
        """Split into levels with the chosen preset, draw and save settings and summary.

        After new values (a file, period or basis) every tab is drawn; after a
        change of the split only the tab on screen, the others when opened.
        """
        if self._busy or self._values is None:
            return
        same_values = self.analysis is not None and self.analysis.result.values is self._values[0]
        try:
            thresholds = self._threshold_shares()
            crm, attributes = self._extras
            self.analysis = analyse_pyramid(
                *self._values,
                preset=self.preset.value,
                thresholds=thresholds,
                pareto_threshold=self.pareto_share.value / 100,
                crm=crm,
                attributes=attributes,
            )
        except KlantlabError as error:
            self._fail(error)
            return
        found = self.table.currency if self.table is not None else None
        currency = Currency(self.currency.value or found or Currency.eur.value)
        set_currency(currency.value)  # the charts and tables below write amounts in it
        self._summary = self.analysis.summary(dt.datetime.now(dt.UTC).replace(microsecond=0)).model_copy(
            update={"currency": currency}
        )
        self.messages.children = []
        self.warnings.children = [alert(text, kind="warning") for text in warning_texts(self._summary.warnings)]
        self.draw(visible_only=same_values)
        if not self.read_only and self._differs_from_workbook():
            self.messages.outcome(self.state.apply(self._store, Change("change.pyramid.analysis"), source=self))
        self._followed = _followed_settings(self.workbook)

    def refresh(self) -> None:
        """Follow the workbook when its settings changed elsewhere (undo, another notebook): show and run them."""
        with self.state.lock:
            self._follow()

    def _follow(self) -> None:
        if self._busy:
            return
        wanted = _followed_settings(self.workbook)
        if wanted == self._followed:
            return
        stage = next(key for key in wanted if wanted[key] != self._followed[key])
        self._followed = wanted
        self._show_settings(self.workbook.customer_pyramid.settings)
        if self.data is not None and stage == "analysis":
            self.run_analysis()
        elif self.data is not None:
            self.run_values()
        elif not self.file.value.strip():
            self.analysis, self.table, self._source, self._values = None, None, None, None
            self._draw_empty()
        elif stage == "file" or self.table is None:
            self.load()
        elif stage == "import":
            self.run_import()
        elif stage == "values":
            self.run_values()
        else:
            self.run_analysis()

    def _show_settings(self, settings: PyramidSettings) -> None:
        """Put ``settings`` into the controls without starting anything."""
        self._busy = True
        try:
            self.file.value = settings.source_file
            for name, box in self.extra_files.items():
                box.value = getattr(settings, name)
            self.date_order.value = settings.date_order.value if settings.date_order else ""
            self.decimal.value = "" if settings.decimal_comma is None else ("," if settings.decimal_comma else ".")
            self.currency.value = settings.currency.value if settings.currency else ""
            for target, dropdown in self.columns.items():
                wanted = settings.column_map.get(target.value, "")
                if wanted in [value for _, value in dropdown.options]:
                    dropdown.value = wanted
            self.start.value, self.end.value = settings.period_start, settings.period_end
            self.basis.value = settings.basis.value
            self.window.value = settings.inactive_window_months
            self.preset.value = settings.preset.value
            shares = [*settings.thresholds, None, None][:3]
            for box, (_, show), share in zip(self.thresholds, self._threshold_reader, shares, strict=True):
                box.value = show(round(100 * share, 4)) if share else ""
            summary = self.workbook.customer_pyramid.summary
            self.pareto_share.value = round(100 * (summary.pareto_threshold if summary else 0.8))
        finally:
            self._busy = False
        self._show_threshold_boxes()

    def _draw_empty(self) -> None:
        """Every tab says what to do first: read a file in step 1."""
        self.warnings.children = []
        for output in self.outputs.values():
            output.outputs = ()
        first = f"<p style='color:#6b7280'>{escape(t('app.pyramid.read_first'))}</p>"
        for table in self.tables.values():
            table.value = first

    def _differs_from_workbook(self) -> bool:
        """Whether the analysis differs from what the workbook holds (opening a notebook should not rewrite it)."""
        section = self.workbook.customer_pyramid
        if section.summary is None:
            return True
        ignore = {"computed_at"}
        new = self._summary.model_dump(exclude=ignore)
        return new != section.summary.model_dump(exclude=ignore) or self._settings() != section.settings

    def _store(self, workbook: Workbook) -> None:
        """Put the settings and the summary of the current analysis into ``workbook``."""
        section = workbook.customer_pyramid
        section.settings = self._settings()
        section.summary = self._summary

    def _settings(self) -> PyramidSettings:
        """The settings of the current analysis, validated."""
        section = self.workbook.customer_pyramid
        table, result = self.table, self.analysis.result
        settings = section.settings.model_copy(
            update={
                "source_file": self.file.value.strip(),
                "customers_file": self.extra_files["customers_file"].value.strip(),
                "crm_file": self.extra_files["crm_file"].value.strip(),
                "sheet": self.sheet.value or "" if self._source and self._source.sheets else "",
                "column_map": dict(table.mapping) if table is not None else {},
                "date_order": DateOrder(self.date_order.value) if self.date_order.value else None,
                "decimal_comma": None if not self.decimal.value else self.decimal.value == ",",
                "currency": Currency(self.currency.value) if self.currency.value else None,
                "basis": result.basis,
                "period_start": result.period_start,
                "period_end": result.period_end,
                "inactive_window_months": self.window.value,
                "preset": result.preset,
                "thresholds": [round(x, 6) for x in result.thresholds],
            }
        )
        return PyramidSettings.model_validate(settings.model_dump())

    # --- drawing --------------------------------------------------------------------------------------------------

    def draw(self, visible_only: bool = False) -> None:
        """Redraw the tabs from :attr:`analysis`: every tab, or (``visible_only``) the one on screen, the others
        when they are opened (a threshold change answers at once, also with a million customers)."""
        tabs = [self.tabs.selected_index or 0] if visible_only else range(len(self._tab_drawers))
        self._stale_tabs = set(range(len(self._tab_drawers))) - set(tabs)
        for index in tabs:
            self._tab_drawers[index]()

    def _tab_opened(self, change: dict) -> None:
        if self.analysis is not None and change["new"] in self._stale_tabs:
            self._stale_tabs.discard(change["new"])
            self._tab_drawers[change["new"]]()

    def _draw_levels(self) -> None:
        show_figure(self.outputs["pyramid"], pyramid_figure(self.analysis.result))
        self.tables["pyramid"].value = self._levels_table()

    def _draw_concentration(self) -> None:
        show_figure(self.outputs["concentration"], concentration_figure(self.analysis.pareto,
                                                                        self.analysis.result.basis))  # fmt: skip
        self.tables["concentration"].value = self._pareto_text()

    def _draw_migration(self) -> None:
        analysis = self.analysis
        if analysis.migration is not None:
            show_figure(self.outputs["heatmap"], migration_heatmap(analysis.migration, analysis.result.preset))
            show_figure(self.outputs["sankey"], migration_sankey(analysis.migration, analysis.result.preset))
            self.tables["migration"].value = self._churn_table()
        else:
            self.outputs["heatmap"].outputs = self.outputs["sankey"].outputs = ()
            self.tables["migration"].value = escape(t("app.pyramid.no_migration"))

    def _draw_potential(self) -> None:
        analysis = self.analysis
        if analysis.potential is not None:
            show_figure(self.outputs["potential"], potential_figure(analysis.potential, analysis.result.preset))
            self.tables["potential"].value = self._potential_table()
        else:
            self.outputs["potential"].outputs = ()
            self.tables["potential"].value = escape(t("app.pyramid.no_potential"))

    def _draw_attention(self) -> None:
        analysis = self.analysis
        if analysis.attention is not None:
            result = analysis.result
            show_figure(self.outputs["attention"], attention_figure(analysis.attention, result.basis, result.preset))
            self.tables["attention"].value = self._attention_table()
        else:
            self.outputs["attention"].outputs = ()
            self.tables["attention"].value = escape(t("app.pyramid.no_attention"))

    def _draw_left_out(self) -> None:
        self.tables["left_out"].value = self._left_out_table()

    def _levels_table(self) -> str:
        result = self.analysis.result
        return levels_html(self._summary, result.basis, result.preset)

    def _pareto_text(self) -> str:
        pareto = self.analysis.pareto
        text = pareto_sentence(pareto, self.analysis.result.basis)
        first = ", ".join(pareto.customer_ids[:15]) + (" …" if len(pareto.customer_ids) > 15 else "")
        return f"<p>{escape(text)}</p><p style='color:#6b7280'>{escape(t('app.pyramid.pareto_who', ids=first))}</p>"

    def _churn_table(self) -> str:
        analysis = self.analysis
        churn, previous = analysis.migration.churn, analysis.previous
        rows = [
            [t("migration.move.lost"), number(churn.lost), money(churn.lost_value)],
            [t("migration.move.new"), number(churn.new), money(churn.new_value)],
            [t("migration.move.reactivated"), number(churn.reactivated), money(churn.reactivated_value)],
            *([[t("migration.move.unknown"), number(churn.unknown), money(churn.unknown_value)]] * bool(churn.unknown)),
            [t("migration.move.up"), number(churn.up), ""],
            [t("migration.move.down"), number(churn.down), ""],
            [t("migration.move.same"), number(churn.same), ""],
        ]
        intro = t(
            "app.pyramid.churn_intro",
            start=previous.period_start,
            end=previous.period_end,
            rate=percent(churn.churn_rate),
            before=number(churn.previous_active),
        )
        header = [t("app.pyramid.col.move"), t("app.pyramid.col.customers"), label(analysis.result.basis)]
        return f"<p>{escape(intro)}</p>" + html_table(header, rows)

    def _potential_table(self) -> str:
        potential = self.analysis.potential
        preset = self.analysis.result.preset
        rows = [
            [
                row.customer_id,
                level_name(row.level, preset),
                level_name(row.potential_level, preset),
                money(row.value),
                money(row.potential),
                money(row.headroom),
            ]
            for row in potential.highlighted.head(15).itertuples()
        ]
        header = [
            t("app.pyramid.col.customer"),
            t("app.pyramid.col.level"),
            t("app.pyramid.col.potential_level"),
            t("app.pyramid.col.value"),
            t("app.pyramid.col.potential"),
            t("app.pyramid.col.headroom"),
        ]
        intro = t("app.pyramid.potential_intro", count=number(len(potential.highlighted)))
        return f"<p>{escape(intro)}</p>" + html_table(header, rows, align_right_from=3)

    def _attention_table(self) -> str:
        attention, preset = self.analysis.attention, self.analysis.result.preset
        rows = [
            [
                level_name(row.level, preset),
                number(row.customers),
                percent(row.value_share),
                percent(row.contact_share),
                number(row.contacts_per_customer, 1) if pd.notna(row.contacts_per_customer) else "",
                number(row.account_managers),
            ]
            for row in attention.itertuples()
        ]
        header = [
            t("app.pyramid.col.level"),
            t("app.pyramid.col.customers"),
            t("app.pyramid.col.share"),
            t("app.pyramid.col.contact_share"),
            t("app.pyramid.col.contacts_per_customer"),
            t("app.pyramid.col.account_managers"),
        ]
        return html_table(header, rows)

    def _left_out_table(self) -> str:
        result = self.analysis.result
        if self._left_out[0] is not result.values:
            self._left_out = (result.values, self._left_out_html())
        return self._left_out[1]

    def _left_out_html(self) -> str:
        result = self.analysis.result
        counts = [[label(LeftOutReason(reason)), number(count)] for reason, count in result.rows_left_out.items()]
        if not counts:
            return f"<p>{escape(t('app.pyramid.nothing_left_out', total=number(result.rows_total)))}</p>"
        head = html_table([t("import.column.reason"), t("app.pyramid.col.rows")], counts)
        if self.table is None:  # the rows are in the frame's engine: counted there, not brought here
            return head + f"<p>{escape(t('app.pyramid.frame_left_out'))}</p>"
        listed = left_out_rows(self.table, result.values.reason_sql, limit=50)
        rows = [[str(value) if pd.notna(value) else "" for value in row] for row in listed.itertuples(index=False)]
        intro = t("app.pyramid.left_out_intro", shown=number(len(rows)))
        return head + f"<p>{escape(intro)}</p>" + html_table(list(listed.columns), rows, align_right_from=99)


def levels_html(summary: PyramidSummary | None, basis: Basis, preset: ThresholdPreset) -> str:
    """The levels as a table: customers, value, share and the textbook share; the same texts as deck and report."""
    if summary is None:
        return f"<p style='color:#6b7280'>{escape(t('app.pyramid.read_first'))}</p>"
    textbook = list(TEXTBOOK_SHARES.get(preset, (None,) * 4)) + [None] * 3
    rows = [
        [
            level_name(row.level, preset),
            number(row.customers),
            money(row.revenue if basis == Basis.revenue else row.margin),
            percent(row.revenue_share) if row.level in ACTIVE_LEVELS else "",
            percent(book, 0) if book is not None else "",
        ]
        for row, book in zip(summary.levels, textbook, strict=True)
    ]
    header = [t("app.pyramid.col.level"), t("app.pyramid.col.customers"), label(basis), t("app.pyramid.col.share"),
              t("app.pyramid.col.textbook")]  # fmt: skip
    used = summary.rows_total - sum(summary.rows_left_out.values())
    note = t("app.pyramid.rows_note", used=number(used), total=number(summary.rows_total))
    return html_table(header, rows) + f"<p style='color:#6b7280'>{escape(note)}</p>"


@built_or_message
def pyramid_levels(source: Any) -> w.HTML:
    """The levels of the customer pyramid as saved in the workbook, as a table that follows every change."""

    def render(workbook: Workbook) -> str:
        section = workbook.customer_pyramid
        return levels_html(section.summary, section.settings.basis, section.settings.preset)

    return live_html(source, render)


@built_or_message
def pyramid_explorer(source: Any, read_only: bool = False, data: Any = None) -> PyramidExplorer:
    """The Klantenpiramide of a workbook (its live state, open file or path).

    ``data``: the transactions as a frame in klantlab's columns (``customer_id``,
    ``revenue``, optional ``margin`` and ``date``) instead of the file the
    workbook names — a PySpark, Dask or Polars lazy frame is summed per
    customer in its own engine.
    """
    return PyramidExplorer(source, read_only=read_only, data=data)

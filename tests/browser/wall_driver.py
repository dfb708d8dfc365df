"""Working on klantlab's wall in the browser as a team does: click an empty spot, type, Tab, Enter, drag, keys.

:class:`WallDriver` drives one wall on a page and counts what a person does:
every click (a drag is one) and every key press, the characters of a typed
text aside (the same text has to be typed into a form too). The scenarios
below are shared by the JupyterLab and the Voilà tests; after every action
they read the saved workbook back.
"""

from __future__ import annotations

import re
from pathlib import Path

from lab_session import saved, wait_until
from playwright.sync_api import Error as PlaywrightError

#: What the workshop scores on a touchpoint, in this order.
SCORED = ("expectation", "performance", "moment_of_truth_inside_out", "outside_in_mentions")


class WallDriver:
    """One wall (``root``: its ``.kl-wall`` element) on ``page``."""

    def __init__(self, page, root) -> None:
        self.page = page
        self.root = root
        self.clicks = 0
        self.keys = 0

    # --- where things are ------------------------------------------------------------------------------------------

    def cell(self, lane: str, side: str | None = None):
        side_part = f"[data-side='{side}']" if side else ""
        return self.root.locator(f".kl-cell[data-lane='{lane}']{side_part}")

    def note(self, text: str):
        exact = re.compile(rf"^\s*{re.escape(text)}\s*$")
        return self.root.locator(".kl-note[data-id]").filter(has=self.page.locator(".kl-note-text", has_text=exact))

    def notes_in(self, lane: str, side: str | None = None) -> list[str]:
        return self.cell(lane, side).locator(".kl-note[data-id] .kl-note-text").all_inner_texts()

    def focused_note(self) -> str:
        return self.page.evaluate("() => document.activeElement?.closest('.kl-note')?.querySelector('.kl-note-text')"
                                  "?.textContent ?? ''")  # fmt: skip

    def curve(self) -> str:
        return self.root.locator(".kl-curve").get_attribute("data-emotions") or ""

    # --- what a person does ----------------------------------------------------------------------------------------

    def click(self, locator) -> None:
        locator.click()
        self.clicks += 1

    def press(self, key: str, times: int = 1) -> None:
        for _ in range(times):
            self.page.keyboard.press(key)
            self.keys += 1

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)

    def box(self, locator, scroll: bool = True) -> dict:
        """Where ``locator`` is on the screen now (scrolled into view); the wall is drawn anew after every change,
        so an element found a moment ago may have been replaced: ask again."""
        for _attempt in range(10):
            try:
                if scroll:
                    locator.scroll_into_view_if_needed(timeout=5_000)
                box = locator.bounding_box(timeout=5_000)
                if box:
                    return box
            except PlaywrightError:
                pass
            self.page.wait_for_timeout(300)
        raise AssertionError(f"{locator} is not on the screen")

    def click_empty_spot(self, lane: str, side: str | None = None) -> None:
        """Click the empty corner of a layer's side (or a phase): a new post-it opens there, the cursor in it."""
        box = self.box(self.cell(lane, side))
        self.page.mouse.click(box["x"] + box["width"] - 6, box["y"] + box["height"] - 6)
        self.clicks += 1
        self.root.locator(".kl-editing input").first.wait_for(timeout=10_000)

    def stick(self, lane: str, side: str | None, text: str, sub: str = "") -> None:
        """A new post-it by the mouse and the keyboard: click the spot, type, Tab, type, Enter."""
        self.click_empty_spot(lane, side)
        self.finish(text, sub)

    def finish(self, text: str, sub: str = "") -> None:
        """Type the open post-it's text (and second line) and press Enter; wait until it is on the wall."""
        self.type(text)
        if sub:
            self.press("Tab")
            self.type(sub)
        self.press("Enter")
        self.note(text).wait_for(timeout=20_000)
        wait_until(lambda: self.root.locator(".kl-editing").count() == 0, 20, f"'{text}' saved and closed")

    def drag(self, text: str, lane: str, side: str | None = None) -> None:
        """Drag the post-it ``text`` into a layer's side (or a phase), behind the post-its there."""
        self.box(self.cell(lane, side))
        start, target = self.box(self.note(text)), self.box(self.cell(lane, side), scroll=False)
        self.page.mouse.move(start["x"] + 12, start["y"] + 8)
        self.page.mouse.down()
        end_x, end_y = target["x"] + target["width"] - 10, target["y"] + target["height"] - 10
        self.page.mouse.move(end_x, end_y, steps=12)
        self.page.mouse.up()
        self.clicks += 1

    def drag_before(self, text: str, other: str) -> None:
        """Drag the post-it ``text`` onto the left half of the post-it ``other``: it goes in front of it."""
        self.box(self.note(other))
        start, end = self.box(self.note(text)), self.box(self.note(other), scroll=False)
        self.page.mouse.move(start["x"] + 12, start["y"] + 8)
        self.page.mouse.down()
        self.page.mouse.move(end["x"] + 6, end["y"] + end["height"] / 2, steps=12)
        self.page.mouse.up()
        self.clicks += 1

    def open_menu(self, text: str) -> None:
        self.click(self.note(text).locator(".kl-menu-button"))
        self.root.locator(".kl-menu").wait_for(timeout=10_000)

    def menu_choice(self, label: str) -> None:
        """Press a button of the open menu by its accessible name ("Houding: Voorstander", "Emotie: positief")."""
        self.click(self.root.locator(".kl-menu").get_by_role("button", name=label, exact=True))

    def focus(self, locator) -> None:
        """Tab to a control of the wall (done here in one step; the wall's own keys take over from there)."""
        locator.focus()
        self.keys += 1


def entries(workbook: Path) -> list[tuple]:
    """The stakeholder entries as saved: name, organisation, klanttype, side."""
    return [(e["name"], e["organisation"], e["role"], e["side"]) for e in saved(workbook)["stakeholder_pyramid"]
            ["stakeholders"]]  # fmt: skip


def list_options(scope) -> list[str]:
    """The options of every list and dropdown in ``scope``, as a person reads them."""
    texts = scope.locator(".widget-select select option, .widget-dropdown select option").all_inner_texts()
    return [text.replace("\xa0", " ") for text in texts]


def fields(record: dict, *names: str) -> tuple:
    """Some values of a saved record, in the order named."""
    return tuple(record[name] for name in names)


def entry(workbook: Path, name: str) -> dict:
    return next(e for e in saved(workbook)["stakeholder_pyramid"]["stakeholders"] if e["name"] == name)


def touchpoint(workbook: Path, description: str) -> dict:
    return next(tp for tp in saved(workbook)["journey"]["touchpoints"] if tp["description"] == description)


def add_segment(page, scope, name: str) -> None:
    """Make the first segment from the klanttype-piramide form (a new workbook has none)."""
    box = scope.get_by_role("textbox", name="Nieuw segment")
    box.fill(name)
    scope.get_by_role("button", name=re.compile("Voeg segment toe")).click()
    wait_until(lambda: scope.locator(".kl-wall .kl-add").count() == 12, 30, "the wall's twelve spots")


# --- the scenarios: each action, then the saved file -----------------------------------------------------------------


def stakeholders_by_mouse(wall: WallDriver, workbook: Path, form) -> None:
    """Add, edit in place, drag Beïnvloeder → Aanbeveler and inside → outside, set attitude and influence."""
    wall.stick("influencer", "inside", "Vakblad Zuivelzicht", "Uitgeverij Agrimedia")
    assert entries(workbook)[-1] == ("Vakblad Zuivelzicht", "Uitgeverij Agrimedia", "influencer", "inside")
    wait_until(lambda: "Beïnvloeder · Vakblad Zuivelzicht (Uitgeverij Agrimedia)" in list_options(form), 20,
               "the form's list shows the new post-it")  # fmt: skip
    wall.click(wall.note("Vakblad Zuivelzicht").locator(".kl-note-text"))  # edit in place
    box = wall.root.locator(".kl-editing input").first
    assert box.input_value() == "Vakblad Zuivelzicht"
    wall.press("Control+a")
    wall.finish("Redactie Vakblad Zuivelzicht")
    wait_until(lambda: entries(workbook)[-1][0] == "Redactie Vakblad Zuivelzicht", 20, "renamed in the file")
    wall.drag("Redactie Vakblad Zuivelzicht", "recommender", "inside")
    wait_until(lambda: entries(workbook)[-1][2:] == ("recommender", "inside"), 20, "dragged to Aanbeveler")
    wait_until(lambda: wall.notes_in("recommender", "inside") == ["Redactie Vakblad Zuivelzicht"], 20, "on the wall")
    wall.drag("Redactie Vakblad Zuivelzicht", "recommender", "outside")
    wait_until(lambda: entries(workbook)[-1][2:] == ("recommender", "outside"), 20, "dragged outside")
    wall.open_menu("Redactie Vakblad Zuivelzicht")
    wall.menu_choice("Houding: Voorstander")
    wait_until(lambda: entry(workbook, "Redactie Vakblad Zuivelzicht")["attitude"] == "supporter", 20, "attitude")
    wall.click(wall.note("Redactie Vakblad Zuivelzicht").locator(".kl-dot[aria-label='Invloed 5 van 5']"))
    wait_until(lambda: entry(workbook, "Redactie Vakblad Zuivelzicht")["influence"] == 5, 20, "influence")
    wall.click(wall.note("Redactie Vakblad Zuivelzicht").locator(".kl-ver"))
    wait_until(lambda: entry(workbook, "Redactie Vakblad Zuivelzicht")["verified"] is True, 20, "checked")
    wait_until(lambda: "kl-att-supporter" in wall.note("Redactie Vakblad Zuivelzicht").get_attribute("class"), 20,
               "the post-it's colour")  # fmt: skip


def stakeholders_by_keys(wall: WallDriver, workbook: Path) -> None:
    """The same without a mouse: Enter on a spot, type, Tab, Enter; Alt+arrows move; keys set; Delete."""
    wall.focus(wall.cell("influencer", "inside").locator(".kl-add"))
    wall.press("Enter")
    wall.root.locator(".kl-editing input").first.wait_for(timeout=10_000)
    wall.finish("Brancheorganisatie NZO", "Nederlandse Zuivel Organisatie")
    wait_until(lambda: wall.focused_note() == "Brancheorganisatie NZO", 20, "the new post-it has the focus")
    assert entries(workbook)[-1] == ("Brancheorganisatie NZO", "Nederlandse Zuivel Organisatie", "influencer", "inside")
    wall.press("Alt+ArrowUp")  # one layer up: Aanbeveler
    wait_until(lambda: entry(workbook, "Brancheorganisatie NZO")["role"] == "recommender", 20, "Alt+Up: Aanbeveler")
    wall.press("Alt+ArrowRight")  # outside
    wait_until(lambda: entry(workbook, "Brancheorganisatie NZO")["side"] == "outside", 20, "Alt+Right: outside")
    wait_until(lambda: wall.focused_note() == "Brancheorganisatie NZO", 20, "the focus stays on the moved post-it")
    wall.press("+")
    wall.press("4")
    wall.press("v")
    wait_until(lambda: fields(entry(workbook, "Brancheorganisatie NZO"), "attitude", "influence", "verified")
               == ("supporter", 4, True), 20, "+, 4 and V")  # fmt: skip
    wall.press("Enter")  # edit in place
    wall.root.locator(".kl-editing input").first.wait_for(timeout=10_000)
    wall.press("End")
    wall.type(" (NZO)")
    wall.press("Enter")
    wait_until(lambda: entries(workbook)[-1][0] == "Brancheorganisatie NZO (NZO)", 20, "edited by keys")
    wait_until(lambda: wall.focused_note() == "Brancheorganisatie NZO (NZO)", 20, "focus back on the post-it")
    wall.press("n")  # a new post-it next to it, same layer and side
    wall.root.locator(".kl-editing input").first.wait_for(timeout=10_000)
    wall.finish("Adviseur", "Ingenieursbureau Van Dijk")
    assert entries(workbook)[-1] == ("Adviseur", "Ingenieursbureau Van Dijk", "recommender", "outside")
    wall.press("ArrowLeft")  # arrow keys go from post-it to post-it
    wait_until(lambda: wall.focused_note() == "Brancheorganisatie NZO (NZO)", 10, "ArrowLeft")
    wait_until(lambda: "Brancheorganisatie NZO (NZO)" in wall.root.locator(".kl-note.kl-selected").all_inner_texts()[0],
               10, "the post-it with the focus is the one the form shows")  # fmt: skip
    wall.press("Alt+Shift+ArrowRight")  # later in its layer
    wait_until(lambda: [e[0] for e in entries(workbook)][-2:] == ["Adviseur", "Brancheorganisatie NZO (NZO)"], 20,
               "reordered by keys")  # fmt: skip
    wall.press(".")  # the menu, by keys
    wall.root.locator(".kl-menu").wait_for(timeout=10_000)
    wait_until(lambda: wall.page.evaluate("() => document.activeElement.getAttribute('aria-label')")
               == "Houding: Voorstander", 10, "the menu's first choice has the focus")  # fmt: skip
    wall.press("Tab", 2)
    wall.press("Enter")
    wait_until(lambda: entry(workbook, "Brancheorganisatie NZO (NZO)")["attitude"] == "opponent", 20, "menu by keys")
    wall.press("Escape")
    wait_until(lambda: wall.root.locator(".kl-menu").count() == 0, 10, "Escape closes the menu")
    wait_until(lambda: wall.focused_note() == "Brancheorganisatie NZO (NZO)", 10, "focus back from the menu")
    wall.press("Delete")
    wait_until(lambda: "Brancheorganisatie NZO (NZO)" not in [e[0] for e in entries(workbook)], 20, "Delete")
    wait_until(lambda: wall.focused_note() == "Adviseur", 10, "the focus goes to the neighbour")
    before = entries(workbook)
    wall.press("n")  # the same party twice: refused, said on the post-it, what was typed kept
    wall.root.locator(".kl-editing input").first.wait_for(timeout=10_000)
    wall.type("Adviseur")
    wall.press("Tab")
    wall.type("Ingenieursbureau Van Dijk")
    wall.press("Enter")
    message = wall.root.locator(".kl-editing .kl-note-msg")
    message.wait_for(timeout=20_000)
    assert "'Adviseur' staat al in dit segment met dezelfde organisatie" in message.inner_text()
    boxes = wall.root.locator(".kl-editing input")
    assert [boxes.nth(0).input_value(), boxes.nth(1).input_value()] == ["Adviseur", "Ingenieursbureau Van Dijk"]
    assert entries(workbook) == before
    wall.press("Escape")
    wait_until(lambda: wall.root.locator(".kl-editing").count() == 0, 10, "Escape lets the refused post-it go")


def journey_by_mouse(wall: WallDriver, workbook: Path) -> None:
    """A touchpoint clicked onto Oriëntatie, dragged to Keuze; emotion, scores, moment and mentions on it."""
    wall.stick("orientation", None, "Ik google naar kaasmachines", "Google")
    point = touchpoint(workbook, "Ik google naar kaasmachines")
    assert (point["phase_id"], point["channel"]) == ("orientation", "Google")
    before = wall.curve()
    wall.drag("Ik google naar kaasmachines", "choice")
    wait_until(lambda: touchpoint(workbook, "Ik google naar kaasmachines")["phase_id"] == "choice", 20, "to Keuze")
    wait_until(lambda: "Ik google naar kaasmachines" in wall.notes_in("choice"), 20, "the wall shows it in Keuze")
    wall.open_menu("Ik google naar kaasmachines")
    wall.menu_choice("Emotie: zeer positief")
    wait_until(lambda: touchpoint(workbook, "Ik google naar kaasmachines")["emotion"] == 2, 20, "emotion saved")
    wait_until(lambda: wall.curve() != before and "2" in wall.curve().split(","), 20, "the curve follows")
    wall.menu_choice("Verwachting: 4")
    wall.menu_choice("Prestatie: 2")
    wall.click(wall.root.locator(".kl-menu").get_by_role("switch", name="Moment van de waarheid (team)"))
    count = wall.root.locator(".kl-menu").get_by_role("textbox", name="Genoemd door klanten (outside-in)")
    wall.click(count)
    count.fill("7")
    wall.press("Enter")  # saves the count and closes the menu
    wall.open_menu("Ik google naar kaasmachines")
    wait_until(lambda: fields(touchpoint(workbook, "Ik google naar kaasmachines"), *SCORED) == (4, 2, True, 7), 20,
               "scores, moment and mentions")  # fmt: skip
    count = wall.root.locator(".kl-menu").get_by_role("textbox", name="Genoemd door klanten (outside-in)")
    count.fill("veel")
    wall.press("Enter")
    wait_until(lambda: "'veel' is geen heel getal" in wall.root.inner_text(), 20, "a refused count is told")
    count = wall.root.locator(".kl-menu").get_by_role("textbox", name="Genoemd door klanten (outside-in)")
    assert count.input_value() == "veel"  # and kept as typed, in the menu opened again
    assert touchpoint(workbook, "Ik google naar kaasmachines")["outside_in_mentions"] == 7
    wall.press("Escape")  # not typed after all: the menu closes, the message goes
    wait_until(lambda: wall.root.locator(".kl-menu, .kl-note-msg").count() == 0, 10, "menu and message gone")


def journey_by_keys(wall: WallDriver, workbook: Path) -> None:
    """The same by keys: Enter on a phase's spot, type, Enter; Alt+→ to Keuze; − − emotion; 4 2; M; K 5 Enter."""
    wall.focus(wall.cell("orientation").locator(".kl-add"))
    wall.press("Enter")
    wall.root.locator(".kl-editing input").first.wait_for(timeout=10_000)
    wall.finish("Ik vraag een offerte aan", "e-mail")
    wait_until(lambda: wall.focused_note() == "Ik vraag een offerte aan", 20, "focus on the new touchpoint")
    wall.press("Alt+ArrowRight")
    wait_until(lambda: touchpoint(workbook, "Ik vraag een offerte aan")["phase_id"] == "choice", 20, "Alt+Right")
    before = wall.curve()
    wall.press("-", 2)
    wait_until(lambda: touchpoint(workbook, "Ik vraag een offerte aan")["emotion"] == -2, 20, "− −")
    wait_until(lambda: wall.curve() != before and "-2" in wall.curve().split(","), 20, "the curve follows the keys")
    wall.press("4")
    wall.press("2")
    wall.press("m")
    wait_until(lambda: fields(touchpoint(workbook, "Ik vraag een offerte aan"), *SCORED[:3]) == (4, 2, True), 20,
               "4 2 and M")  # fmt: skip
    wall.press("k")  # the count in the menu, selected: what is typed replaces it
    wall.type("5")
    wall.press("Enter")
    wait_until(lambda: touchpoint(workbook, "Ik vraag een offerte aan")["outside_in_mentions"] == 5, 20, "K 5 Enter")
    wait_until(lambda: wall.focused_note() == "Ik vraag een offerte aan", 10, "back on the post-it after the count")


def journey_reorder_by_mouse(wall: WallDriver, workbook: Path) -> None:
    """Drag a touchpoint in front of another in the same phase: the journey's order changes, nothing else."""

    def order() -> list[str]:
        return [tp["description"] for tp in saved(workbook)["journey"]["touchpoints"]]

    assert order() == ["Ik google naar kaasmachines", "Ik vraag een offerte aan"]
    wall.drag_before("Ik vraag een offerte aan", "Ik google naar kaasmachines")
    wait_until(
        lambda: order() == ["Ik vraag een offerte aan", "Ik google naar kaasmachines"], 20, "reordered by a drag"
    )
    wait_until(lambda: wall.notes_in("choice") == ["Ik vraag een offerte aan", "Ik google naar kaasmachines"], 20,
               "the wall shows the new order")  # fmt: skip
    assert wall.root.locator(".kl-editing").count() == 0  # the drop is no click on an empty spot
    assert {tp["phase_id"] for tp in saved(workbook)["journey"]["touchpoints"]} == {"choice"}

"""A workbook with hostile names: 120-character words, a pasted vertical tab, a right-to-left override.

Built from the sample so that every model has content; shared by the fast
tests (charts, deliverables) and the browser test of the dashboard.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from klantlab.io import WorkbookFile, sample_workbook_path

#: The longest name the model takes, as one word (a Dutch compound made longer).
LONG_WORD = ("Verpakkingsmachinefabrikantenbelangenvereniging" * 3)[:120]
#: One letter 120 times: no syllable, no hyphen, nothing a browser could break at.
LETTERS = "A" * 120
#: A name pasted from Word with a vertical tab (Shift+Enter) inside it.
PASTED = "Henk\x0bBosman, directeur-eigenaar"
#: A name with a right-to-left override (and its end): shown as typed, never reordered.
OVERRIDE = ("Hoofd inkoop \u202ekoopt niets\u202c en nog een lange naam: " + "Productiemanagementsteam" * 3)[:120]
#: How the model keeps it: the two direction characters dropped, nothing else changed.
OVERRIDE_SHOWN = OVERRIDE.replace("\u202e", "").replace("\u202c", "")
#: Free text of the longest length the model takes, as few long words.
LONG_TEXT = ("Inkoopafdelingsvergaderingsverslaglegging" * 3 + " ") * 32


def hostile_workbook(folder: Path) -> Path:
    """The sample copied to ``folder`` with long, pasted and reversed names in every model; its path.

    The pasted and reversed names are written into the file directly, as another program could, so that
    opening it is what neutralises them.
    """
    path = folder / "lange-namen.klantlab.json"
    shutil.copyfile(sample_workbook_path(), path)
    handle = WorkbookFile.open(path)
    workbook = handle.workbook
    workbook.client.name = LONG_WORD
    workbook.client.consultant = LETTERS
    segments = workbook.segmentation.segments
    segments[0].name = LETTERS  # the chosen one: on the card, the wall titles and the charts
    segments[1].name = LONG_WORD
    workbook.segmentation.persona.name = LONG_WORD
    workbook.segmentation.choice_reason = LONG_TEXT[:4000]
    stakeholders = workbook.stakeholder_pyramid.stakeholders
    stakeholders[1].name = LONG_WORD
    stakeholders[1].organisation = LETTERS
    saboteur = next(s for s in stakeholders if s.role.value == "saboteur")
    saboteur.name = LETTERS
    saboteur.approach = LONG_TEXT[:4000]
    journey = workbook.journey
    journey.phases[0].name = LONG_WORD
    journey.touchpoints[0].description = LETTERS
    journey.touchpoints[0].channel = LONG_WORD
    journey.touchpoints[1].description = LONG_WORD
    moment = next(tp for tp in journey.touchpoints if tp.moment_of_truth_inside_out and tp.outside_in_mentions)
    moment_id = moment.id
    handle.save()
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["stakeholder_pyramid"]["stakeholders"][0]["name"] = PASTED
    raw["stakeholder_pyramid"]["stakeholders"][2]["name"] = OVERRIDE
    next(tp for tp in raw["journey"]["touchpoints"] if tp["id"] == moment_id)["description"] = OVERRIDE
    path.write_text(json.dumps(raw, ensure_ascii=False, indent=1), encoding="utf-8")
    return path

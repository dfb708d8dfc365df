"""Customer journey: phases, touchpoints, experience and moments of truth."""

from __future__ import annotations

from pydantic import Field

from klantlab.i18n import LANGUAGES, catalog, t
from klantlab.model.base import LongText, Name, Record, Score, ShortText, new_id

__all__ = [
    "DEFAULT_PHASES",
    "Journey",
    "Phase",
    "Touchpoint",
    "default_phases",
]

#: The five lifecycle phases a journey starts with (their ids).
DEFAULT_PHASES = ("awareness", "orientation", "choice", "use", "reorientation")


class Phase(Record):
    """A phase of the customer lifecycle with the customer's own sentence.

    A default phase keeps the name and sentence it was made with, in the language of that moment; as long as
    the team did not change them, every view shows them in the reader's language (:attr:`shown_name`).
    """

    id: str = Field(default_factory=new_id)
    name: Name
    customer_sentence: LongText = ""

    def _default(self, part: str, text: str) -> str | None:
        """The catalog key of ``part`` of this default phase if ``text`` is still its default, in any language."""
        if self.id not in DEFAULT_PHASES:
            return None
        key = f"phase.{self.id}{part}"
        return key if text in {catalog(language)[key] for language in LANGUAGES} else None

    @property
    def shown_name(self) -> str:
        """The name as the reader sees it: a default name in the reader's language, a team's own as typed."""
        key = self._default("", self.name)
        return t(key) if key else self.name

    @property
    def shown_sentence(self) -> str:
        """The customer's sentence as the reader sees it (a default one in the reader's language)."""
        key = self._default(".sentence", self.customer_sentence)
        return t(key) if key else self.customer_sentence


def default_phases() -> list[Phase]:
    """The five default phases, named in the active language."""
    return [
        Phase(id=key, name=t(f"phase.{key}"), customer_sentence=t(f"phase.{key}.sentence")) for key in DEFAULT_PHASES
    ]


class Touchpoint(Record):
    """A moment the customer meets the company, in the customer's words."""

    id: str = Field(default_factory=new_id)
    phase_id: str
    description: Name
    channel: ShortText = ""
    means: ShortText = ""
    fixed: bool = False
    expectation: Score | None = None
    performance: Score | None = None
    #: -2 (very negative) .. +2 (very positive).
    emotion: int = Field(default=0, ge=-2, le=2)
    intensity: Score | None = None
    moment_of_truth_inside_out: bool = False
    outside_in_mentions: int = Field(default=0, ge=0)
    notes: LongText = ""


class Journey(Record):
    """The customer journey of one segment (or its persona)."""

    segment_id: str | None = None
    phases: list[Phase] = Field(default_factory=default_phases)
    touchpoints: list[Touchpoint] = Field(default_factory=list)
    channels: list[ShortText] = Field(default_factory=list)
    means: list[ShortText] = Field(default_factory=list)
    outside_in_interviews: int = Field(default=0, ge=0)
    outside_in_threshold: int | None = Field(default=None, ge=1)
    """How many interviewed customers must name a touchpoint before it counts outside-in (None: a quarter)."""

    def in_phase(self, phase_id: str) -> list[Touchpoint]:
        """The touchpoints of one phase, in journey order."""
        return [tp for tp in self.touchpoints if tp.phase_id == phase_id]

"""The kinds of deliverable, poster and canvas sizes, and the canvases: what the command line offers, without
loading klantlab.report or any writer."""

KINDS = ("pptx", "pdf", "xlsx")
POSTER_SIZES = ("A1", "A0")
CANVAS_MODELS = ("stakeholders", "journey", "persona")
CANVAS_SIZES = ("A4", "A3", "A1", "A0")

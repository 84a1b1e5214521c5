"""AI transparency scorecards: collect, validate, score and publish evidence-backed scorecards."""

__version__ = "0.1.0"

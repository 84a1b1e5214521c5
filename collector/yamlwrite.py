"""The one way the project writes YAML: plain documents, without anchors or aliases.

A YAML dumper gives a value it meets twice (the same ``date`` object as an assessment's date and as an evidence's
``retrieved``, one list under two keys) an anchor ``&id001`` and an alias ``*id001``.  In a file people edit, that
ties the two places together: changing one silently changes the other.  Every writer of scorecards, rubrics,
imports and lists goes through this module, whose dumpers never share a value.
"""

from __future__ import annotations

from typing import Any

import yaml
from ruamel.yaml import YAML


class _PlainDumper(yaml.SafeDumper):
    """PyYAML's safe dumper, writing every value out in full."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump_plain(data: Any, *, width: int = 100) -> str:
    """``data`` as YAML: keys in the order given, Unicode as is, no anchors."""
    return yaml.dump(data, Dumper=_PlainDumper, sort_keys=False, allow_unicode=True, width=width)


def round_trip_yaml() -> YAML:
    """A round-trip (comment-keeping) YAML loader and dumper for files people also edit; it writes no anchors."""
    round_trip = YAML()
    round_trip.preserve_quotes = True
    round_trip.width = 4096
    round_trip.indent(mapping=2, sequence=4, offset=2)
    round_trip.representer.ignore_aliases = lambda *_: True
    return round_trip

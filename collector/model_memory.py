"""Validated models, kept with less memory.

pydantic gives every model instance its own ``set`` of the fields that were
given: about 300 bytes each, a third of what a loaded scorecard holds (a
scorecard has ~100 instances: claims, evidence, provenance).  Instances with
the same given fields share one set instead.  That is safe because pydantic
changes the set only on assignment, which our frozen models refuse first,
and on a copy (``model_copy``), which gets a set of its own.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

_SHARED: dict[frozenset[str], set[str]] = {}


def share_field_sets(model: BaseModel) -> None:
    """Replace the given-fields set of ``model`` and of every (frozen) model inside it by a shared one."""
    stack: list[Any] = [model]
    while stack:
        value = stack.pop()
        if isinstance(value, BaseModel):
            if value.model_config.get("frozen"):
                given = frozenset(value.__pydantic_fields_set__)
                object.__setattr__(value, "__pydantic_fields_set__", _SHARED.setdefault(given, set(given)))
            stack.extend(value.__dict__.values())
        elif isinstance(value, list | tuple):
            stack.extend(value)
        elif isinstance(value, dict):
            stack.extend(value.values())

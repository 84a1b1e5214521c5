"""Validated models, kept with less memory.

pydantic gives every model instance its own ``set`` of the fields that were
given: about 300 bytes each, a third of what a loaded scorecard holds (a
scorecard has ~100 instances: claims, evidence, provenance).  Instances with
the same given fields share one set instead.  That is safe because pydantic
changes the set only on assignment, which our frozen models refuse first,
and on a copy (``model_copy``), which gets a set of its own.
"""

from __future__ import annotations

from functools import cache
from typing import Any, get_args

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
                shared = _SHARED.get(given)
                if shared is None:
                    shared = _SHARED[given] = set(given)
                object.__setattr__(value, "__pydantic_fields_set__", shared)
            fields = value.__dict__
            stack.extend(fields[name] for name in _fields_with_models(type(value)) if fields.get(name) is not None)
        elif isinstance(value, list | tuple):
            stack.extend(value)
        elif isinstance(value, dict):
            stack.extend(value.values())


@cache
def _fields_with_models(cls: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``cls`` whose type can hold a model (directly, or in a list, dict or union)."""
    return tuple(name for name, field in cls.model_fields.items() if _holds_a_model(field.annotation))


def _holds_a_model(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_holds_a_model(argument) for argument in get_args(annotation))

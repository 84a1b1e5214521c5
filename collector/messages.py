"""Turn pydantic's validation errors into located problems a contributor can act on.

pydantic says ``Extra inputs are not permitted`` at ``('assessments', 0, 'indicators',
'license', 'evidance')``.  A contributor needs: the line, the field path, what is
wrong in plain words, what is expected, and a suggestion where one is likely
("did you mean 'evidence'?").
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from collector.problems import MAX_PROBLEMS_PER_FILE, Problem, format_path
from collector.schema import HUB_REPO_PATTERN, SLUG_PATTERN
from collector.yamlsource import YamlDocument

_PATTERN_HINTS = {
    SLUG_PATTERN: "lowercase letters, digits, '-' and '.' only, like 'llama-3.1-8b-instruct'",
    HUB_REPO_PATTERN: "a Hub repo id like 'meta-llama/Llama-3.1-8B-Instruct'",
    r"^https?://": "an http(s) URL like https://example.com/page",
}


def problems_from_validation(error: ValidationError, doc: YamlDocument, model: type[BaseModel]) -> list[Problem]:
    """One :class:`Problem` per pydantic error, located in ``doc``.

    Only the errors a file can show (:data:`MAX_PROBLEMS_PER_FILE`) are explained with suggestions;
    the rest keep pydantic's own words: each suggestion is a fuzzy match against the allowed names,
    and a hostile file holds a hundred thousand errors.
    """
    return [
        _problem(detail, doc, model, explain=index < MAX_PROBLEMS_PER_FILE)
        for index, detail in enumerate(error.errors(include_url=False))
    ]


def _problem(detail: ErrorDetails, doc: YamlDocument, model: type[BaseModel], *, explain: bool = True) -> Problem:
    loc = tuple(detail["loc"])
    is_key_error = bool(loc) and loc[-1] == "[key]"
    if is_key_error:
        loc = loc[:-1]
    kind = detail["type"]
    if kind == "missing":
        position = doc.locate(loc[:-1], key=True)
    else:
        position = doc.locate(loc, key=is_key_error or kind == "extra_forbidden")
    message = _describe(detail, loc, model, is_key_error) if explain else str(detail["msg"])
    return Problem(doc.file, position.line, position.column, format_path(loc), message)


def _describe(detail: ErrorDetails, loc: tuple[Any, ...], model: type[BaseModel], is_key: bool) -> str:
    kind = detail["type"]
    value = detail.get("input")
    ctx = detail.get("ctx") or {}
    field = str(loc[-1]) if loc else "document"
    if kind == "extra_forbidden":
        allowed = _allowed_fields(model, loc[:-1])
        return f"unknown field {field!r}" + _suggest(field, allowed) + _expected_fields(allowed)
    if kind == "missing":
        return f"missing required field {field!r}" + _field_help(model, loc)
    if kind == "enum":
        allowed = [item.strip("'") for item in str(ctx.get("expected", "")).replace(" or ", ", ").split(", ")]
        return (
            f"{value!r} is not allowed here"
            + _suggest(str(value), allowed)
            + f"; expected one of: {', '.join(allowed)}"
        )
    if kind == "literal_error":
        return f"{value!r} is not allowed here; expected {ctx.get('expected')}"
    if kind == "string_type":
        hint = f'; put it in quotes: "{value}"' if isinstance(value, int | float | bool) else ""
        return f"expected text, got {_describe_value(value)}{hint}"
    if kind == "string_pattern_mismatch":
        what = "key" if is_key else "value"
        expected = _PATTERN_HINTS.get(str(ctx.get("pattern")), f"text matching {ctx.get('pattern')}")
        return f"the {what} {value!r} is not valid; expected {expected}"
    if kind == "string_too_long" and field == "quote":
        return (
            f"the quote is {len(str(value)):,} characters; at most {ctx.get('max_length')}: quote the words that "
            "support the claim and elide the rest with '...' (each part must still be in the source)"
        )
    if kind in {"string_too_long", "too_long"}:
        return f"too long: at most {ctx.get('max_length')} {'characters' if kind == 'string_too_long' else 'items'}"
    if kind in {"string_too_short", "too_short"}:
        if kind == "string_too_short" and ctx.get("min_length") == 1:
            return "must not be empty"
        return f"too short: at least {ctx.get('min_length')} {'characters' if kind == 'string_too_short' else 'items'}"
    if kind in {"model_type", "model_attributes_type"}:
        return f"expected a mapping of fields (name: value), got {_describe_value(value)}" + _field_help(model, loc)
    if kind == "dict_type":
        return f"expected a mapping (name: value), got {_describe_value(value)}"
    if kind == "list_type":
        return f"expected a list (lines starting with '- '), got {_describe_value(value)}"
    if kind in {"float_type", "float_parsing", "int_type", "int_parsing"}:
        return f"expected a number, got {_describe_value(value)}"
    if kind in {"bool_type", "bool_parsing"}:
        return f"expected true or false, got {_describe_value(value)}"
    if kind in {"greater_than", "less_than_equal", "greater_than_equal", "less_than"}:
        return f"{value!r} is out of range: {detail['msg'].lower()}"
    message = str(detail["msg"])
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    if message.startswith("Assertion failed, "):
        message = message[len("Assertion failed, ") :]
    return message


def _describe_value(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()} (YAML reads yes/no/on/off as booleans; quote the text)"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    text = repr(value)
    return f"the text {text[:60]}{'...' if len(text) > 60 else ''}"


def _suggest(word: str, candidates: list[str]) -> str:
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _expected_fields(allowed: list[str]) -> str:
    return f"; allowed fields here: {', '.join(allowed)}" if allowed else ""


def _field_help(model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    owner = _model_at(model, loc[:-1])
    if owner is None or not loc:
        return ""
    info = owner.model_fields.get(str(loc[-1]))
    if info is not None and info.description:
        return f" ({info.description})"
    if info is None and owner.model_fields:
        return ""
    return ""


def _allowed_fields(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    owner = _model_at(model, loc)
    return list(owner.model_fields) if owner is not None else []


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The pydantic model class that describes the value at ``loc``, if one does."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(str(part))
            if info is None:
                return None
            current = info.annotation
            continue
        origin = typing.get_origin(current)
        args = typing.get_args(current)
        if origin is list and args:
            current = args[0]
        elif origin is dict and len(args) == 2:
            current = args[1]
        else:
            return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated[...] and Optional[...] down to the type that matters."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(options) != 1:
                return annotation
            annotation = options[0]
        else:
            return annotation

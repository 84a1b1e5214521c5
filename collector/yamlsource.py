"""Safe, bounded YAML reading that remembers where every value came from.

Scorecards arrive in pull requests from strangers, so a YAML file is hostile
until proven otherwise.  This module:

* refuses files over a size limit before parsing them;
* parses with PyYAML's safe composer (libyaml when available), so no tag can
  build a Python object;
* builds plain Python values itself, counting every node it creates, so that
  an alias bomb ("billion laughs") is stopped after a fixed number of nodes,
  and nesting deeper than a fixed limit is refused;
* rejects duplicate mapping keys, which YAML parsers otherwise accept silently
  (the second value wins and a contributor's edit vanishes);
* keeps the source, composed again only when a later stage (pydantic, a
  check) finds a problem, so that any field path can be turned back into a
  line and column.

Nothing here makes a Python call per node beyond what PyYAML itself makes
(see :class:`_Loader`), and no field path is built unless a node is refused:
reading is most of what ``scorecards validate`` costs.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import yaml

from collector import safefiles
from collector.problems import DataError, Problem, format_path

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 32
MAX_NODES = 200_000

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVE_CACHE_LIMIT = 50_000
_RESOLVE_CACHE_VALUE_CHARS = 40
_STR_TAG = "tag:yaml.org,2002:str"


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """The safe loader, with the per-node Python calls of the composer made cheap.

    LibYAML parses and composes in C, but calls back into Python three times for
    every node: to resolve a plain scalar's tag (a list of regular expressions),
    and to descend into and ascend from the node for path resolvers, which this
    project never registers.  Those calls cost as much as the parsing itself.
    """

    # No path resolvers are registered, so these hooks have nothing to do: builtins that accept the
    # same arguments and do nothing run in C, without a Python frame per node.
    descend_resolver = slice  # called as (parent, index)
    ascend_resolver = tuple  # called with no argument

    # A plain scalar's tag depends on its text only; scorecards repeat the same short keys and values
    # (``status``, ``disclosed``, dates) thousands of times.  Bounded, so hostile files cannot grow it.
    _resolved: ClassVar[dict[str, str]] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is not yaml.ScalarNode:  # an untagged list or mapping: what the resolver answers without paths
            return _DEFAULT_COLLECTION_TAGS.get(kind) or super().resolve(kind, value, implicit)
        if not implicit[0]:  # quoted (or tagged '!'): a string, as the resolver would say
            return _STR_TAG
        tag = self._resolved.get(value)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(value) <= _RESOLVE_CACHE_VALUE_CHARS and len(self._resolved) < _RESOLVE_CACHE_LIMIT:
                self._resolved[value] = tag
        return tag


_DEFAULT_COLLECTION_TAGS = {yaml.SequenceNode: "tag:yaml.org,2002:seq", yaml.MappingNode: "tag:yaml.org,2002:map"}
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
# Short non-string scalars (dates above all: every evidence item has one) are constructed once per text: the
# values (None, bools, numbers, dates) are immutable, so sharing them also saves memory.  Bounded like the tags.
_constructed: dict[tuple[str, str], Any] = {}

PathParts = tuple[str | int, ...]

# Only plain lists and mappings: no !!set, !!omap, !!python/... or custom tags.
_COLLECTION_TAGS: dict[type[yaml.Node], set[str]] = {
    yaml.SequenceNode: {"tag:yaml.org,2002:seq"},
    yaml.MappingNode: {"tag:yaml.org,2002:map"},
}


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based


_PACK_ABOVE = 4096  # bytes of source; below, compressing saves little


class YamlDocument:
    """A parsed document: its plain data, and a way back to source positions.

    The node tree is not kept: thousands of trees would cost memory and slow the
    garbage collector, and positions are only needed when a problem is found.
    The source is kept instead, as the file's UTF-8 bytes (a text with one
    character beyond Latin-1 would take two or four bytes per character as a
    Python string), and composed again on the first :meth:`locate`.  A large
    source is kept compressed (zlib's fastest level: a fifth of the size, for
    a tenth of a millisecond per scorecard), since most are never located:
    at 5,000 scorecards the plain sources were a quarter of the dataset.
    """

    def __init__(self, file: str, data: Any, source: str | bytes, root: yaml.Node | None = None) -> None:
        self.file = file
        self.data = data
        self._packed = isinstance(source, bytes) and len(source) > _PACK_ABOVE
        self._source = zlib.compress(source, 1) if self._packed and isinstance(source, bytes) else source
        self._root = root
        # Each mapping's keys, indexed on first use: a file with thousands of problems in one mapping
        # (10,000 unknown indicator ids) is located in linear time, not by a scan of the mapping each.
        self._keys: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = {}

    @property
    def root(self) -> yaml.Node | None:
        if self._root is None and self._source:
            source = zlib.decompress(self._source) if self._packed and isinstance(self._source, bytes) else self._source
            text = source.decode("utf-8-sig") if isinstance(source, bytes) else source  # decoded once already
            self._root = yaml.compose(text, Loader=_Loader)
        return self._root

    def locate(self, path: PathParts, *, key: bool = False) -> Position:
        """Position of the value at ``path`` (or of its key, with ``key=True``).

        A path that goes further than the document (a missing field) resolves
        to the deepest node that exists, which is where the field belongs.
        """
        node = self.root
        key_node: yaml.Node | None = None
        if node is None:
            return Position(1, 1)
        for part in path:
            child = self._child(node, part)
            if child is None:
                break
            key_node, node = child
        # A problem with a whole block (a claim, a list) reads best at its key's line.
        is_block = isinstance(node, yaml.MappingNode | yaml.SequenceNode)
        target = key_node if key_node is not None and (key or is_block) else node
        mark = target.start_mark
        return Position(mark.line + 1, mark.column + 1)

    def _child(self, node: yaml.Node, part: str | int) -> tuple[yaml.Node | None, yaml.Node] | None:
        if isinstance(node, yaml.MappingNode):
            keys = self._keys.get(id(node))  # the tree is kept alive by self._root, so ids stay unique
            if keys is None:
                keys = {}
                for key_node, value_node in node.value:
                    if isinstance(key_node, yaml.ScalarNode):
                        keys.setdefault(key_node.value, (key_node, value_node))
                self._keys[id(node)] = keys
            return keys.get(str(part))
        if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            return None, node.value[part]
        return None


def read_yaml(path: Path, *, display_name: str | None = None) -> YamlDocument:
    """Read and parse one YAML file; raise :class:`DataError` on any problem."""
    name = display_name or str(path)
    try:
        raw = safefiles.read_bytes(path, limit=MAX_FILE_BYTES)
    except safefiles.TooLargeError:
        raise DataError(
            [
                Problem(
                    name,
                    1,
                    1,
                    "",
                    f"the file is over the limit of {MAX_FILE_BYTES:,} bytes. "
                    "Split it, or move long texts into the evidence archive.",
                )
            ]
        ) from None
    except safefiles.RefusedPathError as exc:
        raise DataError([Problem(name, 1, 1, "", str(exc).replace(str(path), "this file", 1))]) from None
    except OSError as exc:
        raise DataError([Problem(name, 1, 1, "", f"cannot read the file: {exc.strerror}")]) from None
    return parse_yaml(raw, name)


def parse_yaml(raw: bytes, name: str) -> YamlDocument:
    """Parse YAML bytes into a :class:`YamlDocument`; raise :class:`DataError` on any problem."""
    if len(raw) > MAX_FILE_BYTES:
        raise DataError([Problem(name, 1, 1, "", f"the file is over {MAX_FILE_BYTES:,} bytes")])
    text = _decode(raw, name)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise DataError([_syntax_problem(name, exc, text)]) from None
    except yaml.YAMLError as exc:
        raise DataError([Problem(name, 1, 1, "", f"YAML syntax error: {exc}")]) from None
    except RecursionError:  # the pure-Python composer (without libyaml) recurses once per nesting level
        raise DataError([Problem(name, 1, 1, "", f"nesting is deeper than {MAX_DEPTH} levels")]) from None
    if root is None:
        raise DataError(
            [Problem(name, 1, 1, "", "the file is empty; expected a YAML mapping (see the example in README.md)")]
        )
    try:
        data = _Builder().build(root, 0)
    except _RefusedError as refused:
        mark = refused.node.start_mark
        path = format_path(tuple(reversed(refused.path)))
        raise DataError([Problem(name, mark.line + 1, mark.column + 1, path, refused.message)]) from None
    return YamlDocument(name, data, raw)


def _decode(raw: bytes, name: str) -> str:
    if b"\x00" in raw:
        raise DataError([Problem(name, 1, 1, "", "the file contains NUL bytes; it looks binary, not YAML text")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            [Problem(name, line, 1, "", f"the file is not valid UTF-8 (byte {exc.start}); save it as UTF-8 text")]
        ) from None
    return text


def _syntax_problem(name: str, exc: yaml.MarkedYAMLError, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = exc.problem or "invalid YAML"
    context = f" ({exc.context})" if exc.context else ""
    hint = ""
    if "\t" in what or "tab" in what or _is_tab_at(text, line, column):
        hint = " YAML does not allow tabs for indentation; use spaces."
    elif "mapping values are not allowed" in what:
        hint = " A value containing ': ' must be quoted, e.g. note: \"Section: Training\"."
    return Problem(name, line, column, "", f"YAML syntax error: {what}{context}.{hint}")


def _is_tab_at(text: str, line: int, column: int) -> bool:
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return False
    return "\t" in lines[line - 1][:column]


class _RefusedError(Exception):
    """A node the builder will not turn into a value; the path is filled in while unwinding,
    so the walk itself never builds a path for the nodes that are fine."""

    def __init__(self, node: yaml.Node, message: str, path: list[str | int] | None = None) -> None:
        super().__init__(message)
        self.node = node
        self.message = message
        self.path: list[str | int] = path or []  # innermost part first


_TOO_MANY = (
    f"the document expands to more than {MAX_NODES:,} values "
    "(too large, or an alias bomb); anchors and aliases should be avoided in scorecards"
)
_TOO_DEEP = f"nesting is deeper than {MAX_DEPTH} levels"
_PLAIN_KEYS = "keys must be plain names (no merge keys '<<' or complex keys)"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_SCALAR, _SEQUENCE, _MAPPING = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode


class _Builder:
    """Plain values from a composed tree, counting every value built (aliases expand, so a bomb
    is stopped at ``MAX_NODES``) and refusing nesting deeper than ``MAX_DEPTH``."""

    __slots__ = ("nodes", "strings")

    def __init__(self) -> None:
        self.nodes = 0
        # One object per distinct string of the document: a scorecard cites the same URL, archive path and
        # quote many times, and the validated model keeps the very strings built here.
        self.strings: dict[str, str] = {}

    def build(self, node: yaml.Node, depth: int) -> Any:
        self._count(node)
        if depth > MAX_DEPTH:
            raise _RefusedError(node, _TOO_DEEP)
        kind = type(node)
        if kind is _SCALAR:
            if node.tag == _STR_TAG:
                return self.strings.setdefault(node.value, node.value)
            return _scalar(node)  # type: ignore[arg-type]
        if node.tag not in _COLLECTION_TAGS.get(kind, {node.tag}):
            raise _RefusedError(node, f"the tag {node.tag!r} is not allowed; write a plain value")
        if kind is _MAPPING:
            return self._mapping(node, depth)  # type: ignore[arg-type]
        if kind is _SEQUENCE:
            result = []
            for index, item in enumerate(node.value):
                try:
                    result.append(self.build(item, depth + 1))
                except _RefusedError as refused:
                    refused.path.append(index)
                    raise
            return result
        raise _RefusedError(node, "unsupported YAML node")  # pragma: no cover

    def _mapping(self, node: yaml.MappingNode, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not _SCALAR or key_node.tag == _MERGE_TAG:
                raise _RefusedError(key_node, _PLAIN_KEYS)
            key = key_node.value if key_node.tag == _STR_TAG else _scalar(key_node)
            if not isinstance(key, str):
                key = str(key_node.value)
            if key in result:
                raise _RefusedError(
                    key_node,
                    f"the key {key!r} appears twice in this mapping; "
                    "YAML keeps only the last one, so remove or merge the duplicate",
                    [key],
                )
            if type(value_node) is _SCALAR and value_node.tag == _STR_TAG and depth < MAX_DEPTH:
                self._count(value_node)  # the common case, without a call of build per value
                result[key] = self.strings.setdefault(value_node.value, value_node.value)
                continue
            try:
                result[key] = self.build(value_node, depth + 1)
            except _RefusedError as refused:
                refused.path.append(key)
                raise
        return result

    def _count(self, node: yaml.Node) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _RefusedError(node, _TOO_MANY)


def _scalar(node: yaml.ScalarNode) -> Any:
    key = (node.tag, node.value)
    value = _constructed.get(key, _constructed)
    if value is not _constructed:
        return value
    value = _construct(node)
    if len(node.value) <= _RESOLVE_CACHE_VALUE_CHARS and len(_constructed) < _RESOLVE_CACHE_LIMIT:
        _constructed[key] = value
    return value


def _construct(node: yaml.ScalarNode) -> Any:
    construct = _CONSTRUCTOR.yaml_constructors.get(node.tag)
    if construct is None or node.tag in {"tag:yaml.org,2002:binary", "tag:yaml.org,2002:set"}:
        raise _RefusedError(node, f"the tag {node.tag!r} is not allowed; write a plain value")
    try:
        return construct(_CONSTRUCTOR, node)
    except (ValueError, yaml.constructor.ConstructorError) as exc:
        hint = "; expected a real date like 2025-01-31" if node.tag == "tag:yaml.org,2002:timestamp" else ""
        raise _RefusedError(node, f"cannot read the value {node.value!r}: {exc}{hint}") from None

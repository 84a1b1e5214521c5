"""Text from cards and vendor pages in a pull request body: shown, never acted on.

GitHub acts on some plain text of a pull request body: ``@name`` notifies a person or a team, ``#12``,
``GH-12`` and ``owner/repo#12`` link issues (and after "Fixes", "Closes" or "Resolves" close them when the pull
request is merged, as does an issue's URL), and bare URLs become links. A model card or a vendor page can say any
of that, so every field that comes from them goes through :func:`cell` (text) or :func:`code` (a value shown as it
is, in a code span, where GitHub does none of it). :func:`cell` puts a zero-width joiner where GitHub would start a
mention, a reference or an autolink: the text reads the same, and no longer matches. Nothing else builds the body.
"""

from __future__ import annotations

import re

JOINER = "\u200d"
_TRIGGERS = re.compile(
    r"(?P<at>@)(?=[A-Za-z0-9])"  # @user, @org/team, and the @ of an e-mail address
    r"|(?P<hash>#)(?=[0-9])"  # #12, owner/repo#12
    r"|(?<![A-Za-z0-9])(?P<gh>GH)(?=-[0-9])"  # GH-12
    r"|(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*:)(?=//)"  # https://..., ftp://...
    r"|(?<![A-Za-z0-9])(?P<www>www)(?=\.)",  # www.example.com
    re.IGNORECASE,
)
_BACKTICKS = re.compile(r"`+")


def neutral(text: str) -> str:
    """``text`` with a zero-width joiner after each ``@``, ``#`` and ``GH`` that would refer, and in each URL."""
    return _TRIGGERS.sub(lambda m: m.group() + JOINER, text)


def cell(text: str) -> str:
    """Untrusted text for a table cell or a line: one line, no pipes, no HTML, no links, no mentions or references."""
    escaped = (
        text.replace("&", "&amp;")  # an entity (&#64;) would become an @ after GitHub decodes it
        .replace("\\", "\\\\")
        .replace("[", "\\[")
        .replace("]", "\\]")
        .replace("|", "\\|")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\r", " ")
        .replace("\n", " ")
        .strip()
    )
    return neutral(escaped)


def code(text: str) -> str:
    """A value as a code span, which GitHub shows literally; a fence longer than any run of backticks inside."""
    text = text.replace("\r", " ").replace("\n", " ")
    fence = "`" * (longest_backtick_run(text) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""  # else the fence would run into the text
    return f"{fence}{pad}{text}{pad}{fence}"


def longest_backtick_run(text: str) -> int:
    return max((len(run) for run in _BACKTICKS.findall(text)), default=0)


def truncated(text: str, limit: int, note: str) -> str:
    """``text`` cut to ``limit`` characters at a line's end (never inside a code span, whose text would then show
    as plain text and link), followed by ``note``."""
    if len(text) <= limit:
        return text
    cut = text[: limit - len(note)]
    return cut[: cut.rfind("\n") + 1] + note

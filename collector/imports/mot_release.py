"""Reading one Model Openness Tool file (``models/<name>.yml``) into a :class:`Release`.

Quirks of the files handled here by name:

* ``huggingface`` and ``repository`` occur although the schema does not define them; the
  ``huggingface`` value is sometimes a URL with " · Hugging Face" appended (a copied page title), a bare
  repo id, a collection URL or free text: only a repo id is kept (:func:`hub_repo_id`).
* A component's ``license`` omitted (or null) and ``license: ''`` differ: the first inherits the
  release's license, the second is no license (:mod:`collector.imports.mot_inheritance`).
* ``release.date`` is the date of the tool's entry, not the model's release: the tool's
  ``ModelSerializer.php`` writes it from the entry's last-changed time, and ``ModelUpdater.php`` reads
  it back into that field.  It is kept as :attr:`Release.date` and never used as a release date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import yaml
from pydantic import TypeAdapter, ValidationError

from collector.imports.mot_inheritance import ReleaseLicenses, release_licenses
from collector.imports.mot_licenses import name_key
from collector.schema import HUB_REPO_PATTERN, HttpUrl

SOURCE_REPOSITORY = "https://github.com/lfai/model_openness_tool"
SOURCE_COMMIT = "8b5d30e90a7c62d7d6ece48b91e69ff495920a4d"
MODELS_DIR = "models"


def source_url(file: str) -> str:
    return f"{SOURCE_REPOSITORY}/blob/{SOURCE_COMMIT}/{MODELS_DIR}/{quote(file)}"


@dataclass
class Component:
    id: str
    name: str
    license: str | None  # as written; None when omitted (it then inherits), "" when written empty
    license_path: str | None
    component_path: str | None
    description: str | None = None


@dataclass
class Release:
    file: str
    framework_version: str
    framework_date: str
    name: str
    producer: str
    date: str  # the tool's entry date, as written
    data: dict[str, Any]
    licenses: ReleaseLicenses = field(default_factory=ReleaseLicenses)
    components: dict[str, Component] = field(default_factory=dict)  # component id -> as listed

    def entry_date(self, problems: list[str]) -> dt.date | None:
        """The date of the tool's entry, or None (reported when it is written but not a date)."""
        if not self.date:
            return None
        try:
            return dt.date.fromisoformat(self.date) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", self.date) else None
        except ValueError:
            problems.append(f"{self.file}: release.date {self.date!r} is not a calendar date; left out")
            return None


def slug(value: str) -> str:
    """A subject id: "+" is spelled out so that Command-R+ and Command-R stay apart."""
    return re.sub(r"[^a-z0-9]+", "-", value.lower().replace("+", " plus ")).strip("-")


_HTTP_URL: TypeAdapter[str] = TypeAdapter(HttpUrl)


def is_http(value: str) -> bool:
    """Whether ``value`` passes the schema's own test of an evidence URL."""
    try:
        _HTTP_URL.validate_python(value)
    except ValidationError:
        return False
    return True


def hub_repo_id(value: str) -> str | None:
    """The Hub repo id in a ``huggingface`` value: a huggingface.co model URL (a copied page title such as
    " · Hugging Face" and any /blob/... path dropped) or a bare ``org/name``; None for anything else."""
    text = value.split(" · ", 1)[0].strip()
    if re.fullmatch(HUB_REPO_PATTERN, text):
        return text
    parts = urlsplit(text)
    if parts.scheme not in {"http", "https"} or parts.netloc.lower() not in {"huggingface.co", "www.huggingface.co"}:
        return None
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) < 2 or segments[0] in {"collections", "datasets", "spaces", "papers", "docs", "blog"}:
        return None
    repo = f"{segments[0]}/{segments[1]}"
    return repo if re.fullmatch(HUB_REPO_PATTERN, repo) else None


def text_of(value: Any) -> str | None:
    """A scalar as stripped text, None when empty or not a scalar."""
    if value is None:
        return None
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        text = str(value).strip()
        return text or None
    return None


def _own_license(value: Any) -> str | None:
    """A component's ``license`` as written: None when omitted or null, kept even when empty."""
    if value is None:
        return None
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value).strip()
    return None


def read_release(path: Path, names: dict[str, str], problems: list[str]) -> Release | None:
    """One model file, or None (with the reason in ``problems``); ``names`` maps component name key -> id."""
    file = path.name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        problems.append(f"{file}: not readable YAML ({' '.join(str(exc).split())[:300]}); skipped")
        return None
    if not isinstance(data, dict) or not isinstance(data.get("release"), dict):
        problems.append(f"{file}: no release mapping; skipped")
        return None
    framework: dict[str, Any] = data["framework"] if isinstance(data.get("framework"), dict) else {}
    release = data["release"]
    name = text_of(release.get("name"))
    if name is None:
        problems.append(f"{file}: release has no name; skipped")
        return None
    found = Release(
        file,
        text_of(framework.get("version")) or "",
        text_of(framework.get("date")) or "",
        name,
        text_of(release.get("producer")) or "",
        text_of(release.get("date")) or "",
        release,
        release_licenses(release.get("license"), file, "license" in release, problems),
    )
    components = release.get("components")
    if not isinstance(components, list):
        problems.append(f"{file}: release.components is not a list; every component is not-disclosed")
        components = []
    for entry in components:
        component = _component(file, entry, names, problems)
        if component is None:
            continue
        if component.id in found.components:
            problems.append(f"{file}: component {component.name!r} is listed twice; the first is used")
            continue
        found.components[component.id] = component
    return found


def _component(file: str, entry: Any, names: dict[str, str], problems: list[str]) -> Component | None:
    if not isinstance(entry, dict) or text_of(entry.get("name")) is None:
        problems.append(f"{file}: a component without a name ({str(entry)[:100]}); ignored")
        return None
    component_name = str(entry["name"]).strip()
    component_id = names.get(name_key(component_name))
    if component_id is None:
        problems.append(f"{file}: component {component_name!r} is none of the 17 MOF components; ignored")
        return None
    paths = {}
    for key in ("license_path", "component_path"):
        value = text_of(entry.get(key))
        if value is not None and not is_http(value):
            problems.append(f"{file}: {component_name}: {key} {value!r} is not an http(s) URL")
        paths[key] = value
    return Component(
        component_id,
        component_name,
        _own_license(entry.get("license")),
        paths["license_path"],
        paths["component_path"],
        text_of(entry.get("description")),
    )

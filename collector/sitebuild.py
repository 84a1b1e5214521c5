"""Run mkdocs for the CLI: build (strict by default) and serve, with short errors."""

from __future__ import annotations

import logging
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from collector.dataset import ProjectPaths, symlink_problems


@dataclass(frozen=True)
class BuildResult:
    site_dir: Path
    seconds: float
    error: str | None = None


def build(root: Path, *, site_dir: Path | None = None, strict: bool = True) -> BuildResult:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    _quiet_mkdocs_info()
    started = time.perf_counter()
    links = symlink_problems(ProjectPaths(root))
    if links:  # mkdocs would copy a linked page or asset, publishing whatever it points to
        where = ", ".join(p.file for p in links[:5]) + (f" and {len(links) - 5} more" if len(links) > 5 else "")
        return BuildResult(
            Path(site_dir or root / "build" / "site"),
            time.perf_counter() - started,
            f"symbolic links in the project ({where}); the site is not built, so that nothing they point to is "
            "published. Replace each with the file itself",
        )
    overrides: dict[str, Any] = {"strict": strict}
    if site_dir is not None:
        overrides["site_dir"] = str(site_dir)
    try:
        config = load_config(config_file=str(root / "mkdocs.yml"), **overrides)
        mkdocs_build(config)
    except MkDocsException as exc:
        return BuildResult(Path(site_dir or root / "build" / "site"), time.perf_counter() - started, str(exc))
    return BuildResult(Path(config.site_dir), time.perf_counter() - started)


def serve(root: Path, *, dev_addr: str) -> int:
    from mkdocs.commands.serve import serve as mkdocs_serve

    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    # mkdocs serves from a temporary folder that it empties and refills on every save: thousands of files. In
    # memory that takes a fraction of the time it takes on disk, where it also slows down from save to save.
    tempfile.tempdir = serve_folder_parent()
    mkdocs_serve(config_file=str(root / "mkdocs.yml"), dev_addr=dev_addr, livereload=True, watch=[])
    return 0


def serve_folder_parent() -> str | None:
    """Where `serve` builds: a memory file system when there is one to write to, else the usual temporary folder."""
    memory = Path("/dev/shm")  # noqa: S108 (only the parent: mkdtemp makes a private, randomly named folder in it)
    return str(memory) if memory.is_dir() and os.access(memory, os.W_OK) else None


def _quiet_mkdocs_info() -> None:
    """Show mkdocs' warnings and errors (data problems among them), not its chatter."""
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.WARNING, format="%(levelname)-7s -  %(message)s")

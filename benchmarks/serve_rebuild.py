"""Benchmark: how long `scorecards serve` takes to rebuild after one scorecard is saved.

Usage:  python benchmarks/serve_rebuild.py [N ...]      (default: 1000)

For each N, a project of N models (``build_site.make_ours``) is built as
``mkdocs serve`` builds it: one plugin object kept across builds, started for
serving, so the scorecard and output caches live between builds.  Printed:
the first (cold) build, then three rebuilds after saving one scorecard with a
changed description (what a contributor's edit does), with how many model
pages and files were rendered again and how many reused, and the ratio of the
cold build to a rebuild.  The time is mkdocs' whole build, the theme's files
and the navigation pages included: what stands between a save and the
browser's reload (mkdocs' file watcher adds its own short delay).  The site
is built where ``scorecards serve`` builds it (in memory when /dev/shm exists).
"""

from __future__ import annotations

import logging
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_site import make_ours

from collector.sitebuild import serve_folder_parent


def measure(count: int) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    with tempfile.TemporaryDirectory(prefix=f"serve-rebuild-{count}-") as tmp:
        root = make_ours(Path(tmp) / "project", count)
        served = tempfile.TemporaryDirectory(prefix="mkdocs_", dir=serve_folder_parent())  # where serve builds
        site_dir = Path(served.name)

        def build() -> float:
            config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site_dir))
            started = time.perf_counter()
            mkdocs_build(config)
            return time.perf_counter() - started

        plugin = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site_dir)).plugins["scorecards"]
        plugin.on_startup(command="serve", dirty=False)
        cold = build()
        print(f"N={count:>5}  cold build {cold:6.2f} s", flush=True)
        edited = sorted((root / "scorecards").rglob("*.yaml"))[count // 2]
        for attempt in range(1, 4):
            text = edited.read_text(encoding="utf-8")
            edited.write_text(text.replace("\n  name: ", f"\n  description: Edit {attempt}.\n  name: ", 1))
            cache = plugin.output_cache
            before = (cache.rendered, cache.reused)
            seconds = build()
            print(
                f"N={count:>5}  rebuild {attempt} after saving {edited.name}: {seconds:6.2f} s  "
                f"({cache.rendered - before[0]} model pages and files rendered, {cache.reused - before[1]} reused; "
                f"cold/rebuild {cold / seconds:.1f}x; {'meets' if seconds < 2 else 'MISSES'} < 2 s)",
                flush=True,
            )
            edited.write_text(text, encoding="utf-8")
        plugin.on_shutdown()
        served.cleanup()


def main(argv: list[str]) -> None:
    logging.basicConfig(level=logging.ERROR)
    for count in [int(a) for a in argv] or [1000]:
        measure(count)


if __name__ == "__main__":
    main(sys.argv[1:])

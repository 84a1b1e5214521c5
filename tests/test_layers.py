"""Data flows one way: sources -> collectors -> scorecards -> validation -> scoring -> site.

The site renderer reads the loaded dataset; it never imports a collector or an importer, so that a change in
how documents are fetched or cards are parsed cannot change what the site shows except through the data.
"""

from __future__ import annotations

import ast
from pathlib import Path

import collector

PACKAGE = Path(collector.__file__).parent
COLLECTOR_PACKAGES = ("collector.docs", "collector.hf", "collector.imports")


def imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    return modules


def test_the_site_renderer_imports_no_collector_or_importer():
    offenders = {
        f"{path.relative_to(PACKAGE.parent)} imports {module}"
        for path in sorted((PACKAGE / "render").glob("*.py"))
        for module in imported_modules(path)
        if module.startswith(COLLECTOR_PACKAGES)
    }
    assert not offenders, sorted(offenders)


def test_the_import_check_sees_a_collector_import(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text("from collector.docs.archive import all_records\nimport collector.hf.collect\n")
    assert {"collector.docs.archive", "collector.hf.collect"} <= imported_modules(planted)

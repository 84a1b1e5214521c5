"""The watched vendor documents as the dataset reports them: declared, archived, last checked."""

from __future__ import annotations

import json

from collector.dataset import load_dataset
from tests.conftest import copy_shipped_project


def test_every_declared_document_is_reported_with_its_developer(tmp_path):
    dataset = load_dataset(copy_shipped_project(tmp_path), check_archive=False)
    reported = {(d.developer_key, d.id) for d in dataset.tracked_documents()}
    declared = {
        (loaded.path.stem, document.id)
        for loaded in dataset.sources
        if loaded.model is not None
        for document in loaded.model.documents
    }
    assert declared and reported == declared


def test_a_document_whose_last_check_failed_is_reported_failing_with_the_reason(tmp_path):
    root = copy_shipped_project(tmp_path)
    (root / "state").mkdir(exist_ok=True)
    state = {
        "documents": {
            "meta/responsible-use-guide": {"status": "http-error", "detail": "HTTP 503", "checked": "2026-12-01"}
        }
    }
    (root / "state" / "documents.json").write_text(json.dumps(state), encoding="utf-8")

    documents = {d.id: d for d in load_dataset(root, check_archive=False).tracked_documents()}

    guide = documents["responsible-use-guide"]
    assert (guide.failing, guide.last_detail, guide.last_checked) == (True, "HTTP 503", "2026-12-01")
    assert not documents["llama-3-1-model-card-and-prompt-formats"].failing  # never checked is not failing

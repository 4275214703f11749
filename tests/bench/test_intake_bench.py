"""bench/intake.py's scorer on a corpus of two texts whose figures are worked out by hand."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench import intake as bench

REGISTRY = {
    "parties": [
        {
            "slug": "cas",
            "name": "Chinese Academy of Sciences",
            "name_local": "中国科学院",
            "abbreviation": "CAS",
            "aliases": [],
            "kind": "academy",
            "country": "CN",
            "parent": None,
        },
        {
            "slug": "kiz",
            "name": "Kunming Institute of Zoology",
            "name_local": "",
            "abbreviation": "KIZ",
            "aliases": [],
            "kind": "research_institute",
            "country": "CN",
            "parent": "cas",
        },
    ],
    "people": [{"slug": "bai-chunli", "name": "BAI Chunli", "name_local": "白春礼"}],
}
SIGNING = (
    "On Aug 9, 2009, the Chinese Academy of Sciences and the University of Nairobi signed a "
    "memorandum of understanding in Nairobi. The MoU was signed by Bai Chunli and Jane Wambui."
)
VISIT = "A delegation of the Kunming Institute of Zoology visited Nairobi. No agreement was signed."


def write_corpus(root: Path) -> Path:
    (root / "texts").mkdir(parents=True)
    (root / "registry.json").write_text(json.dumps(REGISTRY), encoding="utf-8")
    gold_signing = {
        "language": "en",
        "published_on": "2009-08-10",
        "publisher": None,
        "url": None,
        "agreements": [
            {
                "title": None,
                "title_local": None,
                # Annotated as a framework agreement, in Mombasa, on another day: the extractor's
                # kind, place and date are each one false positive and one false negative.
                "kind": "framework_agreement",
                "signed_on": "2009-08-08",
                "signed_place": "Mombasa",
                "parties": [
                    {"name": "Chinese Academy of Sciences", "party": "cas", "parent_name": None},
                    {"name": "University of Nairobi", "party": None, "parent_name": None},
                    {"name": "Kenya Wildlife Service", "party": None, "parent_name": None},
                ],
                "signatories": [
                    {
                        "name": "Bai Chunli",
                        "person": "bai-chunli",
                        "on_behalf_of_name": None,
                        "title": None,
                    }
                ],
                "witnesses": [{"name": "Peter Kamau", "person": None, "title": None}],
                "fields": [],
                "regions": [],
            }
        ],
    }
    gold_visit: dict[str, Any] = {
        "language": "en",
        "published_on": None,
        "publisher": None,
        "url": None,
        "agreements": [],
    }
    for name, text, gold in (
        ("01-signing", SIGNING, gold_signing),
        ("02-visit", VISIT, gold_visit),
    ):
        (root / "texts" / f"{name}.txt").write_text(text, encoding="utf-8")
        (root / "texts" / f"{name}.json").write_text(json.dumps(gold), encoding="utf-8")
    return root


def figures(score: bench.Score) -> dict[str, tuple[int, int, int]]:
    return {fact: (t.tp, t.fp, t.fn) for fact, t in score.tallies.items()}


def test_it_scores_each_fact_against_the_annotation(db: None, tmp_path: Path) -> None:
    score = bench.run(write_corpus(tmp_path / "corpus"))
    assert figures(score) == {
        "parties": (2, 0, 1),  # CAS by slug, Nairobi by name; the third annotated is missed
        "date": (0, 1, 1),
        "place": (0, 1, 1),
        "kind": (0, 1, 1),
        "signatories": (1, 1, 0),  # Bai by slug; Jane Wambui is not annotated
        "witnesses": (0, 0, 1),
    }
    assert score.tallies["parties"].precision() == 1.0
    assert round(score.tallies["parties"].recall(), 3) == 0.667
    assert round(score.tallies["parties"].f1(), 3) == 0.8
    assert (score.without_passage, score.bad_quotes) == (0, 0)
    assert (score.no_signing_texts, score.false_agreement_texts) == (1, 0)
    assert dict(score.texts_by_language) == {"en": 2}


def test_unaligned_agreements_count_all_their_facts() -> None:
    score = bench.Score()
    gold: dict[str, Any] = {
        "language": "en",
        "agreements": [
            {
                "kind": "framework_agreement",
                "signed_on": "2020",
                "signed_place": None,
                "parties": [{"name": "A Institute", "party": None}],
                "signatories": [],
                "witnesses": [],
            }
        ],
    }
    predicted = [
        {
            "kind": None,
            "signed_on": None,
            "signed_place": "Paris",
            "parties": [{"name": "B Institute", "party": None}],
            "signatories": [],
            "claims": [],
        }
    ]
    bench.score_text(score, "text", gold, predicted)
    assert figures(score)["parties"] == (0, 1, 1)
    assert figures(score)["kind"] == (0, 0, 1)
    assert figures(score)["place"] == (0, 1, 0)
    # The prediction's place and party have no passage.
    assert score.without_passage == 2


def test_a_claim_that_misquotes_the_text_is_counted() -> None:
    score = bench.Score()
    predicted = {
        "parties": [],
        "signatories": [],
        "claims": [
            {"path": "kind", "quote": "MoU", "start": 0, "end": 3},
            {"path": "title", "quote": "xyz", "start": 0, "end": 3},
        ],
        "kind": "memorandum_of_understanding",
    }
    bench.check_passages(score, "MoU signed", predicted)
    assert (score.bad_quotes, score.without_passage) == (1, 0)


def test_write_docs_replaces_only_its_section(tmp_path: Path, monkeypatch: Any) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "benchmarks.md").write_text(
        "# B\n\n## Press-release intake\n\nold\n\n## Other\n\nkept\n"
    )
    monkeypatch.setattr(bench, "ROOT", tmp_path)
    score = bench.Score()
    score.texts_by_language["en"] = 1
    bench.write_docs(score, tmp_path / "corpus")
    written = (docs / "benchmarks.md").read_text()
    assert "old" not in written and "## Other\n\nkept" in written
    assert written.count("## Press-release intake") == 1 and "| parties |" in written


def test_the_verbose_diff_names_each_fact_that_differs() -> None:
    gold = {
        "agreements": [
            {
                "kind": "framework_agreement",
                "signed_on": "2009-08-08",
                "signed_place": "Nairobi",
                "parties": [{"name": "CAS", "party": "cas"}, {"name": "Univ", "party": None}],
                "signatories": [{"name": "Bai Chunli", "person": "bai-chunli"}],
                "witnesses": [],
            }
        ]
    }
    predicted = {
        "kind": "framework_agreement",
        "signed_on": None,
        "signed_place": "Nairobi",
        "parties": [{"name": "CAS", "party": "cas"}, {"name": "Univ", "party": None}],
        "signatories": [{"name": "Bai Chunli", "person": "bai-chunli", "role": "witness"}],
    }
    assert bench.diff_text(gold, [predicted]) == [
        "  #0 date: want '2009-08-08' got None",
        "  #0 signatories: want ['bai chunli'] got []",
        "  #0 witnesses: want [] got ['bai chunli']",
    ]
    assert bench.diff_text(gold, [gold["agreements"][0]]) == []


def test_a_held_out_set_not_written_yet_is_skipped_with_a_message(
    tmp_path: Path, capsys: Any
) -> None:
    (tmp_path / "texts").mkdir()
    assert bench.score_held_out(tmp_path) is None
    assert f"{bench.HELD_OUT} does not exist" in capsys.readouterr().err


def test_the_spent_held_out_sets_are_tuning_data() -> None:
    assert bench.TUNING[-1] == "heldout5" and bench.HELD_OUT == "heldout6"

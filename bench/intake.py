"""Score the press-release extractor against a hand-annotated corpus.

    .venv/bin/python bench/intake.py [--corpus DIR] [--set NAME ...] [--write-docs] [--verbose]

The corpus (default: bench/intake next to this script) holds ``registry.json`` (parties
with parents and aliases, people) and ``texts/NN-name.txt`` each with ``NN-name.json``
(metadata and the annotated agreements; see its README). The script migrates a throwaway
SQLite database, loads the registry, runs ``propose()`` on every text and scores it.

Scoring. Per text, predicted agreements are aligned to annotated ones by the most parties
in common (greedily, best pair first); an agreement left unaligned counts all its facts as
false positives (predicted) or false negatives (annotated). Per fact kind, over all texts:

- parties: a predicted party matches an annotated one by slug when the annotation has
  one, else by normalised name (Simplified, case-folded, spaces collapsed);
- date (``signed_on``): value and precision equal is a true positive; a value against a
  null annotation is a false positive, a null against a value a false negative, two
  different values both; two nulls count nothing;
- place: normalised names, one containing the other; nulls as for dates;
- kind: exact, nulls as for dates;
- signatories and witnesses: by person slug when the annotation has one, else by
  normalised name (one containing the other, for "Bai Chunli" against "President Bai").

Also counted: facts proposed without a passage (must be 0), claims whose quote is not
``text[start:end]`` (must be 0), and texts annotated with no signing that got a proposal.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FACTS = ["parties", "date", "place", "kind", "signatories", "witnesses"]
SECTION = "## Press-release intake"


def norm(value: str | None) -> str:
    """Simplified, case-folded, spaces collapsed."""
    from kernel.text import to_simplified

    return re.sub(r"\s+", " ", to_simplified(value or "")).casefold().strip()


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def f1(self) -> float:
        p, r = self.precision(), self.recall()
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Score:
    tallies: dict[str, Tally] = field(default_factory=lambda: {f: Tally() for f in FACTS})
    without_passage: int = 0
    bad_quotes: int = 0
    no_signing_texts: int = 0
    false_agreement_texts: int = 0
    texts_by_language: Counter[str] = field(default_factory=Counter)


def _party_matches(gold: dict[str, Any], predicted: dict[str, Any]) -> bool:
    if gold.get("party"):
        return bool(predicted.get("party") == gold["party"])
    return norm(predicted.get("name")) == norm(gold.get("name"))


def _person_matches(gold: dict[str, Any], predicted: dict[str, Any]) -> bool:
    if gold.get("person") and predicted.get("person"):
        return bool(predicted["person"] == gold["person"])
    a, b = norm(gold.get("name")), norm(predicted.get("name"))
    return bool(a and b and (a in b or b in a))


def _match_lists(tally: Tally, gold: list[Any], predicted: list[Any], same: Any) -> int:
    left = list(predicted)
    matched = 0
    for item in gold:
        hit = next((p for p in left if same(item, p)), None)
        if hit is not None:
            left.remove(hit)
            matched += 1
    tally.tp += matched
    tally.fp += len(predicted) - matched
    tally.fn += len(gold) - matched
    return matched


def _single(tally: Tally, gold: str | None, predicted: str | None, same: Any) -> None:
    if gold is None and predicted is None:
        return
    if gold is not None and predicted is not None and same(gold, predicted):
        tally.tp += 1
        return
    tally.fp += predicted is not None
    tally.fn += gold is not None


def _place_same(a: str, b: str) -> bool:
    a, b = norm(a), norm(b)
    return bool(a and b and (a in b or b in a))


def _people(agreement: dict[str, Any], role: str) -> list[dict[str, Any]]:
    if "signatories" in agreement and "witnesses" in agreement:  # an annotation
        return list(agreement["signatories" if role == "signatory" else "witnesses"])
    return [s for s in agreement.get("signatories", []) if s.get("role") == role]


def score_pair(score: Score, gold: dict[str, Any] | None, predicted: dict[str, Any] | None) -> None:
    """Add one aligned pair (either side may be missing) to the tallies."""
    g, p = gold or {}, predicted or {}
    t = score.tallies
    _match_lists(t["parties"], g.get("parties", []), p.get("parties", []), _party_matches)
    _single(t["date"], g.get("signed_on"), p.get("signed_on"), lambda a, b: a == b)
    _single(t["place"], g.get("signed_place"), p.get("signed_place"), _place_same)
    _single(t["kind"], g.get("kind"), p.get("kind"), lambda a, b: a == b)
    for fact, role in (("signatories", "signatory"), ("witnesses", "witness")):
        people_g = _people(g, role) if gold else []
        people_p = _people(p, role) if predicted else []
        _match_lists(t[fact], people_g, people_p, _person_matches)


def align(
    gold: list[dict[str, Any]], predicted: list[dict[str, Any]]
) -> list[tuple[dict[str, Any] | None, dict[str, Any] | None]]:
    """Pairs by most parties in common, best first; the rest alone."""
    overlaps = []
    for i, g in enumerate(gold):
        for j, p in enumerate(predicted):
            common = sum(
                any(_party_matches(gp, pp) for pp in p.get("parties", []))
                for gp in g.get("parties", [])
            )
            overlaps.append((common, -abs(i - j), i, j))
    pairs: list[tuple[dict[str, Any] | None, dict[str, Any] | None]] = []
    used_g: set[int] = set()
    used_p: set[int] = set()
    for common, _, i, j in sorted(overlaps, reverse=True):
        if common and i not in used_g and j not in used_p:
            pairs.append((gold[i], predicted[j]))
            used_g.add(i)
            used_p.add(j)
    pairs += [(g, None) for i, g in enumerate(gold) if i not in used_g]
    pairs += [(None, p) for j, p in enumerate(predicted) if j not in used_p]
    return pairs


def check_passages(score: Score, text: str, predicted: dict[str, Any]) -> None:
    """Count facts without a claim and claims that do not quote the text."""
    paths = {claim["path"] for claim in predicted.get("claims", [])}
    for claim in predicted.get("claims", []):
        if text[claim["start"] : claim["end"]] != claim["quote"]:
            score.bad_quotes += 1
    needed = [name for name in ("title", "title_local", "kind", "signed_on", "signed_place")]
    needed = [name for name in needed if predicted.get(name) is not None]
    for listed in ("parties", "signatories", "fields", "regions"):
        needed += [f"{listed}[{i}]" for i in range(len(predicted.get(listed, [])))]
    score.without_passage += sum(path not in paths for path in needed)


def score_text(
    score: Score, text: str, gold: dict[str, Any], predicted: list[dict[str, Any]]
) -> None:
    score.texts_by_language[gold.get("language") or "?"] += 1
    if not gold.get("agreements"):
        score.no_signing_texts += 1
        score.false_agreement_texts += bool(predicted)
    for proposal in predicted:
        check_passages(score, text, proposal)
    for g, p in align(gold.get("agreements", []), predicted):
        score_pair(score, g, p)


def _brief(agreement: dict[str, Any] | None) -> dict[str, Any]:
    """The scored facts of one agreement, names only, for a side-by-side diff."""
    if not agreement:
        return {fact: None for fact in FACTS}
    people = {
        fact: sorted(norm(p.get("name")) for p in _people(agreement, role))
        for fact, role in (("signatories", "signatory"), ("witnesses", "witness"))
    }
    return {
        "parties": sorted(p.get("party") or norm(p.get("name")) for p in agreement["parties"]),
        "date": agreement.get("signed_on"),
        "place": agreement.get("signed_place"),
        "kind": agreement.get("kind"),
        **people,
    }


def diff_text(gold: dict[str, Any], predicted: list[dict[str, Any]]) -> list[str]:
    """One line per aligned pair and fact where annotation and proposal differ."""
    lines = []
    for number, (g, p) in enumerate(align(gold.get("agreements", []), predicted)):
        want, got = _brief(g), _brief(p)
        for fact in FACTS:
            if want[fact] != got[fact]:
                lines.append(f"  #{number} {fact}: want {want[fact]!r} got {got[fact]!r}")
    return lines


def load_registry(data: dict[str, Any]) -> None:
    """The corpus's parties (parents first) and people, in the current database."""
    from parties.models import Party, PartyAlias, Person

    by_slug: dict[str, Party] = {}
    pending = list(data.get("parties", []))
    while pending:
        ready = [p for p in pending if not p.get("parent") or p["parent"] in by_slug]
        if not ready:
            raise ValueError(f"parents not found: {[p['slug'] for p in pending]}")
        for row in ready:
            party = Party.objects.create(
                slug=row["slug"],
                name=row["name"],
                name_local=row.get("name_local") or "",
                abbreviation=row.get("abbreviation") or "",
                kind=row.get("kind") or "other",
                country=row.get("country") or "",
                parent=by_slug.get(row.get("parent") or ""),
            )
            by_slug[party.slug] = party
            for alias in row.get("aliases") or []:
                PartyAlias.objects.get_or_create(party=party, name=alias)
            pending.remove(row)
    for row in data.get("people", []):
        Person.objects.create(
            slug=row["slug"], name=row["name"], name_local=row.get("name_local") or ""
        )


# The texts the rules were tuned on (heldout/ to heldout5/ were the first five held-out
# sets: each was used for tuning once the next one was written), and the texts they never
# saw.
TUNING = ("texts", "heldout", "heldout2", "heldout3", "heldout4", "heldout5")
HELD_OUT = "heldout6"


def run(
    corpus: Path,
    *,
    directory: str | tuple[str, ...] = "texts",
    load: bool = True,
    verbose: bool = False,
) -> Score:
    """Load the registry into the current database (unless ``load`` is false: it is there
    already) and score every text of ``corpus/directory``; ``verbose`` prints, per text,
    each fact where a proposal and the annotation differ."""
    from intake.pressrelease import propose
    from kernel.partial_date import PartialDate

    if load:
        load_registry(json.loads((corpus / "registry.json").read_text(encoding="utf-8")))
    score = Score()
    directories = (directory,) if isinstance(directory, str) else directory
    paths = [path for name in directories for path in sorted((corpus / name).glob("*.txt"))]
    for path in paths:
        text = path.read_text(encoding="utf-8")
        gold = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        published = gold.get("published_on")
        proposals = propose(
            text=text,
            url=gold.get("url"),
            publisher=gold.get("publisher"),
            published_on=PartialDate.parse(published) if published else None,
            language=gold.get("language"),
        )
        predicted = [p.as_dict() for p in proposals]
        score_text(score, text, gold, predicted)
        if verbose:
            lines = diff_text(gold, predicted)
            if lines:
                print(path.stem, *lines, sep="\n")
    return score


def score_held_out(corpus: Path, *, verbose: bool = False) -> Score | None:
    """The held-out set's score (the registry loaded already), or None with a message when
    its directory is not written yet."""
    if not (corpus / HELD_OUT).is_dir():
        print(
            f"\nHeld-out set: {corpus / HELD_OUT} does not exist; only the tuning set was "
            "scored (write the held-out texts there to measure the extractor on unseen "
            "releases).",
            file=sys.stderr,
        )
        return None
    return run(corpus, directory=HELD_OUT, load=False, verbose=verbose)


def table(score: Score) -> str:
    rows = [
        "| fact | TP | FP | FN | precision | recall | F1 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for fact, tally in score.tallies.items():
        rows.append(
            f"| {fact} | {tally.tp} | {tally.fp} | {tally.fn} | {tally.precision():.2f} | "
            f"{tally.recall():.2f} | {tally.f1():.2f} |"
        )
    rows += [
        "",
        f"- facts without a passage: {score.without_passage}",
        f"- claims whose quote is not text[start:end]: {score.bad_quotes}",
        f"- texts reporting no signing that got a proposal: {score.false_agreement_texts} "
        f"of {score.no_signing_texts}",
    ]
    return "\n".join(rows)


def write_docs(score: Score, corpus: Path, heldout: Score | None = None) -> None:
    docs = ROOT / "docs" / "benchmarks.md"
    lines = [
        SECTION,
        "",
        f"Run on {dt.date.today().isoformat()} with `.venv/bin/python bench/intake.py "
        "--write-docs`; scoring rules in the script's docstring.",
        "",
        f"**Tuning set** (`{corpus.name}/texts/` and the earlier held-out sets "
        f"{_retired(corpus)}, retired into tuning; {corpus_size(score)}): the "
        "extractor's rules were developed against these texts, so they flatter it.",
        "",
        table(score),
        "",
    ]
    if heldout is not None:
        lines += [
            f"**Held-out set** (`{corpus.name}/{HELD_OUT}/`, {corpus_size(heldout)}): written "
            "after the rules were tuned, by someone who did not read them, and never used to "
            "tune them; the figures to expect on new releases.",
            "",
            table(heldout),
            "",
        ]
    else:
        lines += [
            f"**Held-out set** (`{corpus.name}/{HELD_OUT}/`): not scored, the directory is "
            "missing; no figures to expect on new releases until it is written.",
            "",
        ]
    section = "\n".join(lines)
    current = docs.read_text(encoding="utf-8") if docs.exists() else "# Benchmarks\n"
    if SECTION in current:
        before, rest = current.split(SECTION, 1)
        following = re.search(r"^## ", rest, re.MULTILINE)
        after = rest[following.start() :] if following else ""
        current = before + section + ("\n" + after if after else "")
    else:
        current = current.rstrip("\n") + "\n\n" + section
    docs.write_text(current, encoding="utf-8")


def _retired(corpus: Path) -> str:
    """ "`intake/heldout/`, `intake/heldout2/`": the held-out sets now in the tuning set."""
    return ", ".join(f"`{corpus.name}/{name}/`" for name in TUNING if name != "texts")


def corpus_size(score: Score) -> str:
    languages = ", ".join(f"{lang}: {n}" for lang, n in sorted(score.texts_by_language.items()))
    return f"{sum(score.texts_by_language.values())} texts; {languages}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parent / "intake")
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument(
        "--verbose", action="store_true", help="print each text's facts that differ"
    )
    parser.add_argument(
        "--set",
        dest="sets",
        action="append",
        metavar="NAME",
        help="score only this directory of the corpus (repeatable), e.g. --set heldout3",
    )
    args = parser.parse_args()
    if args.sets and args.write_docs:
        parser.error("--write-docs scores the whole corpus; leave out --set")
    missing = [name for name in args.sets or () if not (args.corpus / name).is_dir()]
    if missing:
        parser.error(f"no such corpus directory: {', '.join(missing)} (in {args.corpus})")
    database = Path(tempfile.mkdtemp()) / "intake-bench.sqlite3"
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if args.sets:
        for number, name in enumerate(args.sets):
            alone = run(args.corpus, directory=name, load=not number, verbose=args.verbose)
            print(f"\n{name}/\n", table(alone), sep="\n")
        return
    tuning = tuple(name for name in TUNING if (args.corpus / name).is_dir())
    score = run(args.corpus, directory=tuning, verbose=args.verbose)
    print("Tuning set\n", table(score), sep="\n")
    heldout = score_held_out(args.corpus, verbose=args.verbose)
    if heldout is not None:
        print("\nHeld-out set\n", table(heldout), sep="\n")
    if args.write_docs:
        write_docs(score, args.corpus, heldout)


if __name__ == "__main__":
    main()

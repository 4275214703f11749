"""propose(): one draft per signing, each fact with its passage, nothing guessed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from intake.pressrelease import AgreementProposal, propose
from kernel.partial_date import PartialDate
from tests.intake.proposals import one

SEED = Path("/work/shared/seed/cas-shenzhen-2017-press-release.txt")
NAIROBI = (
    "NAIROBI, Aug. 9 (Xinhua) -- The Chinese Academy of Sciences and the Kenya Medical "
    "Research Institute (KEMRI) on Monday signed a memorandum of understanding in Nairobi. "
    "The MoU was signed by CAS President Bai Chunli and KEMRI Director-General Solomon Mpoke "
    "in the presence of Kenyan Health Minister Sicily Kariuki."
)


def quotes(proposal: AgreementProposal, path: str) -> list[str]:
    return [claim.quote for claim in proposal.claims if claim.path == path]


def test_every_claim_quotes_the_text_at_its_offsets(registry_world: dict[str, Any]) -> None:
    for text in (NAIROBI, "中國科學院與深圳市人民政府12月12日簽署合作備忘錄。"):
        for proposal in propose(text=text, published_on=dt.date(2020, 1, 5)):
            assert proposal.claims
            for claim in proposal.claims:
                assert text[claim.start : claim.end] == claim.quote


def test_it_matches_parties_and_people_and_tells_signatories_from_witnesses(
    registry_world: dict[str, Any],
) -> None:
    proposal = one(NAIROBI, published_on=dt.date(2019, 8, 10))
    assert [(p.party, p.name) for p in proposal.parties] == [
        ("cas", "Chinese Academy of Sciences"),
        ("kemri", "Kenya Medical Research Institute"),
    ]
    people = [(s.name, s.person, s.role, s.title, s.on_behalf_of) for s in proposal.signatories]
    assert people == [
        ("Bai Chunli", "bai-chunli", "signatory", "President", "cas"),
        ("Solomon Mpoke", None, "signatory", "Director-General", "kemri"),
        ("Sicily Kariuki", None, "witness", "Minister", None),
    ]
    assert proposal.kind == "memorandum_of_understanding"
    assert proposal.signed_place == "Nairobi"
    assert quotes(proposal, "parties[1]") == ["Kenya Medical Research Institute"]


def test_a_weekday_is_the_last_such_day_on_or_before_the_dateline(
    registry_world: dict[str, Any],
) -> None:
    # The dateline says Friday 9 August 2019: the Monday before is the 5th.
    proposal = one(NAIROBI, published_on=dt.date(2019, 8, 10))
    assert proposal.signed_on == "2019-08-05"
    assert quotes(proposal, "signed_on") == ["monday".title()]


def test_a_weekday_without_a_publication_date_stays_unknown(
    registry_world: dict[str, Any],
) -> None:
    assert one(NAIROBI).signed_on is None


def test_dates_keep_the_precision_the_text_gives(registry_world: dict[str, Any]) -> None:
    base = "the Chinese Academy of Sciences and KEMRI signed an agreement"
    published = PartialDate.parse("2021-06-30")
    cases = {
        f"On Aug 9, 2009, {base}.": "2009-08-09",
        f"On 3 March {base}.": "2021-03-03",
        f"In May 2021 {base}.": "2021-05",
        f"In 2021 {base}.": "2021",
        f"Yesterday {base}.": None,
    }
    for text, expected in cases.items():
        assert one(text, published_on=published).signed_on == expected, text


def test_a_day_without_a_year_after_publication_is_last_year(
    registry_world: dict[str, Any],
) -> None:
    text = "中國科學院與深圳市人民政府12月12日簽署合作備忘錄。"
    proposal = one(text, published_on=dt.date(2020, 1, 5))
    assert proposal.signed_on == "2019-12-12"
    assert [p.party for p in proposal.parties] == ["cas", "shenzhen"]
    assert proposal.kind == "memorandum_of_understanding"


def test_chinese_signatories_titles_place_and_quoted_title(registry_world: dict[str, Any]) -> None:
    text = (
        "2019年9月2日，中国科学院与深圳市人民政府在北京签署《战略合作框架协议》。"
        "中国科学院院长白春礼和深圳市市长王伟中代表双方签署协议。"
    )
    proposal = one(text)
    assert proposal.signed_on == "2019-09-02"
    assert proposal.signed_place == "北京"
    assert proposal.title_local == "战略合作框架协议"
    assert proposal.kind == "strategic_cooperation_agreement"
    assert [(s.person, s.title, s.role) for s in proposal.signatories] == [
        ("bai-chunli", "院长", "signatory"),
        ("wang-weizhong", "市长", "signatory"),
    ]


def test_a_chinese_witness_clause(registry_world: dict[str, Any]) -> None:
    text = "在白春礼的见证下，中国科学院与深圳市人民政府签署合作协议。"
    proposal = one(text)
    assert [(s.person, s.role) for s in proposal.signatories] == [("bai-chunli", "witness")]


def test_an_unknown_institute_of_a_known_party_gets_it_as_parent(
    registry_world: dict[str, Any],
) -> None:
    text = "中国科学院昆明植物研究所与云南大学签署框架协议。"
    proposal = one(text)
    first = proposal.parties[0]
    assert (first.party, first.name, first.parent) == (None, "中国科学院昆明植物研究所", "cas")
    assert proposal.parties[1].name == "云南大学"
    assert proposal.kind == "framework_agreement"


def test_small_spelling_differences_still_match(registry_world: dict[str, Any]) -> None:
    text = "The Chinese Acadamy of Sciences and the Kenya Medical Research Institute signed an MoU."
    assert [p.party for p in one(text).parties] == ["cas", "kemri"]


def test_several_signings_are_several_proposals(registry_world: dict[str, Any]) -> None:
    text = (
        "On Aug 9, 2009, the University of Nairobi and the Chinese Academy of Science signed "
        "an agreement on health. In May 2021 CAS and the Shenzhen government signed a letter "
        "of intent."
    )
    first, second = propose(text=text)
    assert [p.name for p in first.parties] == [
        "University of Nairobi",
        "Chinese Academy of Science",
    ]
    assert [p.party for p in first.parties] == [None, "cas"]
    assert (first.signed_on, first.kind, first.fields) == (
        "2009-08-09",
        "cooperation_agreement",
        ["health"],
    )
    assert [p.party for p in second.parties] == ["cas", "shenzhen"]
    assert (second.signed_on, second.kind) == ("2021-05", "letter_of_intent")


def test_visits_and_signings_to_come_propose_nothing(registry_world: dict[str, Any]) -> None:
    for text in (
        "CAS will sign an agreement with KEMRI next month.",
        "CAS and KEMRI are negotiating a memorandum of understanding.",
        "A KEMRI delegation visited CAS. No agreement was signed during the visit.",
        "中国科学院与深圳市人民政府将签署合作协议。",
    ):
        assert propose(text=text) == [], text


def test_a_renewal_is_proposed_as_a_relation(registry_world: dict[str, Any]) -> None:
    text = "CAS and KEMRI renewed their cooperation agreement in Nairobi in 2021."
    proposal = one(text)
    assert [(r.kind, r.note) for r in proposal.relations] == [("renews", text)]
    assert proposal.signed_on == "2021"


def test_the_seed_release_proposes_cas_and_shenzhen_without_signatories_or_date(
    registry_world: dict[str, Any],
) -> None:
    text = SEED.read_text(encoding="utf-8")
    proposal = one(text, published_on=dt.date(2017, 12, 5))
    assert [p.party for p in proposal.parties] == ["cas", "shenzhen"]
    assert proposal.signatories == []
    assert proposal.signed_on is None
    paths = {claim.path for claim in proposal.claims}
    assert {"parties[0]", "parties[1]"} <= paths


def test_the_proposal_as_a_dict_has_the_api_shape(registry_world: dict[str, Any]) -> None:
    data = one(NAIROBI).as_dict()
    assert set(data) >= {
        "title",
        "title_local",
        "kind",
        "signed_on",
        "signed_place",
        "parties",
        "signatories",
        "fields",
        "regions",
        "claims",
    }
    assert data["parties"][0] == {
        "party": "cas",
        "name": "Chinese Academy of Sciences",
        "parent": None,
        "parent_name": None,
    }


def test_a_headline_does_not_add_a_signing_the_body_reports(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "CAS signs two agreements in Kenya\n\n"
        "On 4 May the Chinese Academy of Sciences and the Kenya Medical Research Institute "
        "signed a memorandum of understanding in Nairobi."
    )
    (proposal,) = propose(text=text, published_on=dt.date(2021, 5, 10))
    assert [p.party for p in proposal.parties] == ["cas", "kemri"]


def test_an_unknown_name_written_with_a_known_abbreviation_is_that_party(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "La Universidad de Lima (UL) y la Academia China de Ciencias (CAS) firmaron un "
        "memorando de entendimiento. El rector de la UL presentó el acuerdo."
    )
    proposal = one(text, published_on=dt.date(2021, 5, 10))
    assert [(p.party, p.name) for p in proposal.parties] == [
        (None, "Universidad de Lima"),
        ("cas", "Academia China de Ciencias"),
    ]


def test_both_organisations_in_german_are_the_parties_named_before(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "Die Universität Jena und die Chinesische Akademie der Wissenschaften (CAS) wollen "
        "enger zusammenarbeiten. Am 3. Mai 2021 unterzeichneten beide Organisationen in Jena "
        "eine Absichtserklärung."
    )
    proposal = one(text)
    assert [p.name for p in proposal.parties] == [
        "Universität Jena",
        "Chinesische Akademie der Wissenschaften",
    ]
    assert proposal.signed_on == "2021-05-03"


def test_agreements_told_one_by_one_after_a_summary_share_its_date_place_and_witnesses(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "The Chinese Academy of Sciences (CAS) on Tuesday signed two cooperation documents "
        "in Nairobi, in the presence of Kenyan Minister Jane Otieno.\n\n"
        "A memorandum of understanding between CAS and the Kenya Medical Research Institute "
        "covers joint malaria studies.\n\n"
        "A framework agreement between CAS and the University of Mombasa will fund exchanges."
    )
    proposals = propose(text=text, published_on=dt.date(2022, 3, 10))
    assert [[p.name for p in x.parties] for x in proposals] == [
        ["CAS", "Kenya Medical Research Institute"],
        ["CAS", "University of Mombasa"],
    ]
    assert [x.kind for x in proposals] == ["memorandum_of_understanding", "framework_agreement"]
    for proposal in proposals:
        assert (proposal.signed_on, proposal.signed_place) == ("2022-03-08", "Nairobi")
        assert [(s.name, s.role) for s in proposal.signatories] == [("Jane Otieno", "witness")]
        assert quotes(proposal, "signed_on") == ["Tuesday"]


def test_a_sentence_with_two_agreements_between_different_parties_is_two_proposals(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "On 2 May 2022 the delegation witnessed the signing of a cooperation agreement between "
        "the University of Lima and the Kenya Medical Research Institute, as well as of a "
        "memorandum of understanding between CAS and the Lima Institute of Physics."
    )
    proposals = propose(text=text)
    assert [[p.name for p in x.parties] for x in proposals] == [
        ["University of Lima", "Kenya Medical Research Institute"],
        ["CAS", "Lima Institute of Physics"],
    ]
    assert [x.kind for x in proposals] == ["cooperation_agreement", "memorandum_of_understanding"]


def test_an_agreement_between_two_parties_without_a_signing_in_the_text_is_not_proposed(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "A memorandum of understanding between CAS and the Kenya Medical Research Institute "
        "is under discussion. Both sides hope to conclude it next year."
    )
    assert propose(text=text, published_on=dt.date(2022, 3, 10)) == []


def test_spanish_and_german_verb_first_signatories_and_a_witness(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "La Universidad de Lima y el Kenya Medical Research Institute firmaron el 4 de mayo de "
        "2021 un convenio de colaboración. Firmaron el documento Ana María Pérez, rectora de la "
        "Universidad de Lima, y John Mwangi, director del instituto, en presencia del embajador "
        "de Kenia, Álvaro Ruiz de Arana."
    )
    proposal = one(text)
    people = [(s.name, s.role) for s in proposal.signatories]
    assert people == [
        ("Ana María Pérez", "signatory"),
        ("John Mwangi", "signatory"),
        ("Álvaro Ruiz de Arana", "witness"),
    ]
    german = (
        "Die Universität Jena und die Chinesische Akademie der Wissenschaften (CAS) haben am "
        "3. Mai 2021 eine Kooperationsvereinbarung unterzeichnet. Für die Universität "
        "unterschrieb Rektorin Prof. Dr. Anna Weber."
    )
    assert [(s.name, s.role) for s in one(german).signatories] == [("Anna Weber", "signatory")]


def test_chinese_names_after_a_title_or_before_professor_and_no_verbs_as_names(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "中國科學院與深圳市人民政府週二簽署合作備忘錄，由中國科學院副院長（國際）張明遠教授與"
        "深圳市副市長李華先生代表簽署，院士及專家出席。"
    )
    proposal = one(text, published_on=dt.date(2024, 6, 13))
    assert [s.name for s in proposal.signatories] == ["張明遠", "李華"]


def test_company_names_french_names_and_units_of_a_known_body(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "On Friday the CAS School of Engineering signed a letter of intent with Lakeside "
        "Photonics Co., Ltd., a Shenzhen maker of sensors."
    )
    proposal = one(text, published_on=dt.date(2023, 11, 20))
    assert [(p.party, p.name) for p in proposal.parties] == [
        (None, "School of Engineering"),
        (None, "Lakeside Photonics Co., Ltd."),
    ]
    assert proposal.signed_place is None
    french = (
        "L'Institut de recherche médicale (KEMRI) et l'Université de Lyon ont signé le 4 mai "
        "un accord de coopération."
    )
    proposal = one(french, published_on=dt.date(2023, 5, 20))
    assert [(p.party, p.name) for p in proposal.parties] == [
        ("kemri", "Institut de recherche médicale"),
        (None, "Université de Lyon"),
    ]


def test_a_unit_of_the_body_after_it_is_the_party_not_the_body(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "The Kenya Medical Research Institute signed a cooperation agreement with the Lakeside "
        "Manufacturing Group of the University of Mombasa on 4 May 2021."
    )
    assert [p.name for p in one(text).parties] == [
        "Kenya Medical Research Institute",
        "Lakeside Manufacturing Group",
    ]


def test_places_not_taken_from_an_envoys_post_or_a_partys_home_town(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "On 4 May 2021 the Kenya Medical Research Institute signed a memorandum of "
        "understanding with the University of Lyon in Lyon, in the presence of the ambassador "
        "of Kenya in France, Jane Otieno."
    )
    assert one(text).signed_place is None
    venue = (
        "Le 4 mai 2021, le Kenya Medical Research Institute et l'Université de Lyon ont signé "
        "un accord de coopération au siège du KEMRI à Nairobi."
    )
    assert one(venue).signed_place == "Nairobi"
    spanish = (
        "La Universidad de Lima y el Kenya Medical Research Institute firmaron el 4 de mayo de "
        "2021 en la Ciudad de México un convenio marco."
    )
    proposal = one(spanish)
    assert (proposal.signed_place, proposal.kind) == ("Ciudad de México", "framework_agreement")
    chinese = "中国科学院与深圳市人民政府12月12日签署合作备忘录。签约仪式在深圳湾实验室报告厅举行。"
    assert one(chinese, published_on=dt.date(2020, 1, 5)).signed_place == "深圳湾实验室报告厅"


def test_a_german_agreement_concluded_names_the_university_not_the_vice_president(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "Die Universität Jena und die Chinesische Akademie der Wissenschaften (CAS) haben im "
        "Mai 2021 eine Kooperationsvereinbarung geschlossen. Unterzeichnet wurde die "
        "Vereinbarung vom Vizepräsidenten der Akademie-Universität, Li Wei."
    )
    proposal = one(text)
    assert [p.name for p in proposal.parties] == [
        "Universität Jena",
        "Chinesische Akademie der Wissenschaften",
    ]
    assert (proposal.signed_on, proposal.kind) == ("2021-05", "cooperation_agreement")


def test_a_unit_named_with_its_body_before_a_german_verb_at_the_end(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "Die KEMRI School of Public Health der Universität Nairobi und die Chinesische Akademie "
        "der Wissenschaften (CAS) haben im Mai 2021 in Nairobi eine Kooperationsvereinbarung "
        "über einen gemeinsamen Studiengang geschlossen."
    )
    assert [p.name for p in one(text).parties] == [
        "KEMRI School of Public Health",
        "Chinesische Akademie der Wissenschaften",
    ]


def test_a_signing_during_a_visit_of_several_days_is_dated_to_the_month(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "A CAS delegation visited Kenya from March 3 to 9.\n\n"
        "In Nairobi, the delegation signed a memorandum of understanding between the Chinese "
        "Academy of Sciences and the Kenya Medical Research Institute."
    )
    proposal = one(text, published_on=dt.date(2022, 4, 1))
    assert proposal.signed_on == "2022-03"
    assert quotes(proposal, "signed_on") == ["March 3 to 9"]
    chinese = (
        "1月8日至12日，中国科学院代表团访问深圳。访问期间，中国科学院与深圳市人民政府签署合作协议。"
    )
    assert one(chinese, published_on=dt.date(2021, 2, 1)).signed_on == "2021-01"
    french = (
        "Du 3 au 5 mai, le CNRS et l'Université de Lyon ont signé à Lyon un accord de coopération."
    )
    assert one(french, published_on=dt.date(2021, 6, 1)).signed_on == "2021-05"


def test_a_plan_in_a_partys_name_does_not_make_the_signing_a_plan(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "2021年5月，中国科学院（CAS）人与自然计划秘书处与深圳市人民政府签署合作意向书，"
        "双方将开展合作。"
    )
    proposal = one(text, published_on=dt.date(2021, 6, 30))
    assert [(p.party, p.name) for p in proposal.parties] == [
        (None, "人与自然计划秘书处"),
        ("shenzhen", "深圳市人民政府"),
    ]
    assert (proposal.signed_on, proposal.kind) == ("2021-05", "letter_of_intent")


def test_the_center_is_the_center_the_text_named_before(registry_world: dict[str, Any]) -> None:
    text = (
        "The Lakeside Research Center of the Chinese Academy of Sciences had a busy year.\n\n"
        "In 2018, the center signed a cooperation agreement with the Kenya Wildlife Service."
    )
    proposal = one(text)
    assert [p.name for p in proposal.parties] == [
        "Lakeside Research Center",
        "Kenya Wildlife Service",
    ]
    assert quotes(proposal, "parties[0]") == ["Lakeside Research Center"]
    assert proposal.signed_on == "2018"


def test_witnesses_told_right_after_a_summary_witnessed_every_signing(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "12月30日，中国科学院与深圳市人民政府举行系列合作协议签约仪式。深圳市市长王明出席并见证签约。\n\n"
        "会上，中国科学院与深圳市人民政府签署合作协议。\n\n"
        "同日，中国科学院大学与深圳市人民政府签署框架协议。"
    )
    proposals = propose(text=text, published_on=dt.date(2020, 1, 3))
    assert [x.kind for x in proposals] == ["cooperation_agreement", "framework_agreement"]
    for proposal in proposals:
        assert [(s.name, s.role) for s in proposal.signatories] == [("王明", "witness")]
        assert proposal.signed_on == "2019-12-30"


def test_a_paragraph_opening_on_a_place_places_the_signing_it_tells(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "The CAS delegation toured East Africa in May 2021.\n\n"
        "In Kenya, the delegation visited three research stations. It witnessed the signing of "
        "a memorandum of understanding between CAS and the Kenya Medical Research Institute."
    )
    proposal = one(text, published_on=dt.date(2021, 6, 1))
    assert proposal.signed_place == "Kenya"
    own = (
        "In Kenya, the delegation visited three stations. At Kisumu the Kenya Medical Research "
        "Institute signed a cooperation agreement with CAS."
    )
    assert one(own, published_on=dt.date(2021, 6, 1)).signed_place == "Kisumu"


def test_a_name_after_a_title_is_kept_even_when_it_looks_like_an_adjective(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "On 4 May 2021 CAS and the Kenya Medical Research Institute signed a memorandum of "
        "understanding. The ceremony was attended by Kenyan President Hassan Mwangi and "
        "Chinese Ambassador Li Wei."
    )
    people = [(s.name, s.role) for s in one(text).signatories]
    assert people == [("Hassan Mwangi", "witness"), ("Li Wei", "witness")]


def test_roles_follow_the_clause_each_name_stands_in(registry_world: dict[str, Any]) -> None:
    text = (
        "On 4 May 2021 CAS and the Kenya Medical Research Institute signed a memorandum of "
        "understanding. It was signed by Li Wei, vice president of CAS, and Jane Otieno, "
        "director of research, while Peter Kamau witnessed."
    )
    people = [(s.name, s.role) for s in one(text).signatories]
    assert people == [
        ("Li Wei", "signatory"),
        ("Jane Otieno", "signatory"),
        ("Peter Kamau", "witness"),
    ]
    presence = (
        "On 4 May 2021, in the presence of Minister Peter Kamau, Li Wei and Jane Otieno "
        "signed a memorandum of understanding between CAS and the Kenya Medical Research "
        "Institute."
    )
    people = [(s.name, s.role) for s in one(presence).signatories]
    assert people == [
        ("Peter Kamau", "witness"),
        ("Li Wei", "signatory"),
        ("Jane Otieno", "signatory"),
    ]


def test_an_agreement_still_under_negotiation_after_a_signing_is_not_proposed(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "CAS and the Kenya Medical Research Institute signed a memorandum of understanding on "
        "4 May 2021. A framework agreement between CAS and the University of Lima is under "
        "negotiation."
    )
    assert [[p.name for p in x.parties] for x in propose(text=text)] == [
        ["CAS", "Kenya Medical Research Institute"]
    ]


def test_signers_introduced_earlier_bring_the_bodies_they_head(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "Li Wei, President of the Kenya Medical Research Institute, visited Lyon in May 2021.\n\n"
        "In Lyon, Wei and Anne Moreau, Director of the Lyon Institute of Physics, then signed a "
        "document on cooperation between the two institutes."
    )
    proposal = one(text, published_on=dt.date(2021, 6, 1))
    assert [p.name for p in proposal.parties] == [
        "Lyon Institute of Physics",
        "Kenya Medical Research Institute",
    ]
    assert (proposal.kind, proposal.signed_place) == (None, "Lyon")


def test_a_name_before_and_a_known_one_and_a_german_subject_are_parties(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "Two agreements were signed at the forum in Astana on 5 June 2023. A memorandum of "
        "understanding between the Kazakh National University and the Kenya Medical Research "
        "Institute covers student exchanges. The second, a framework agreement between the "
        "Kazakh Academy of Sciences and CAS, sets up a joint laboratory."
    )
    proposals = propose(text=text)
    assert [[p.name for p in x.parties] for x in proposals] == [
        ["Kazakh National University", "Kenya Medical Research Institute"],
        ["Kazakh Academy of Sciences", "CAS"],
    ]
    assert {(x.signed_on, x.signed_place) for x in proposals} == {("2023-06-05", "Astana")}
    german = (
        "Die Universität Wien hat im März 2022 eine Absichtserklärung mit der "
        "Fudan-Universität unterzeichnet."
    )
    assert [p.name for p in one(german).parties] == ["Universität Wien", "Fudan-Universität"]


def test_a_minguo_year_counts_from_1912(registry_world: dict[str, Any]) -> None:
    text = "甲大學與乙研究院於民國112年3月9日在臺北簽署合作備忘錄。"
    proposal = one(text, published_on=dt.date(2023, 3, 10))
    assert proposal.signed_on == "2023-03-09"
    assert quotes(proposal, "signed_on") == ["民國112年3月9日"]


def test_a_part_of_a_month_dates_to_the_month(registry_world: dict[str, Any]) -> None:
    text = "3月下旬，中国科学院与深圳市人民政府签署合作协议。"
    assert one(text, published_on=dt.date(2022, 5, 1)).signed_on == "2022-03"


def test_a_german_rahmenvereinbarung_is_a_framework_agreement(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "Die Chinese Academy of Sciences und die Kenya Medical Research Institute haben in "
        "Berlin eine Rahmenvereinbarung unterzeichnet."
    )
    assert one(text, published_on=dt.date(2022, 5, 1)).kind == "framework_agreement"


def test_the_unit_an_office_heads_is_no_person(registry_world: dict[str, Any]) -> None:
    text = (
        "The Chinese Academy of Sciences and the Kenya Medical Research Institute signed a "
        "memorandum of understanding in Nairobi. The ceremony was witnessed by Dr Jane Otieno, "
        "Head of Partner Relations at the institute."
    )
    names = [s.name for s in one(text, published_on=dt.date(2022, 5, 1)).signatories]
    assert names == ["Jane Otieno"]


def test_the_signers_may_follow_where_the_document_was_signed(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "A Chinese Academy of Sciences e o Kenya Medical Research Institute assinaram um "
        "acordo. O documento foi assinado na sede, em Nairobi, pelo diretor Paulo Mendes "
        "Rocha e pela reitora Maria Souza Lima, com a presença de Carlos Dias Neto."
    )
    people = [(s.name, s.role) for s in one(text, published_on=dt.date(2022, 5, 1)).signatories]
    assert people == [
        ("Paulo Mendes Rocha", "signatory"),
        ("Maria Souza Lima", "signatory"),
        ("Carlos Dias Neto", "witness"),
    ]


def test_a_portuguese_subject_after_its_article_is_a_party_and_the_document_refers_back(
    registry_world: dict[str, Any],
) -> None:
    text = (
        "A Universidade Federal de Minas Gerais (UFMG) e o Kenya Medical Research Institute "
        "(KEMRI) assinaram nesta segunda-feira um acordo de cooperação para pesquisa.\n\n"
        "O documento foi assinado em Belo Horizonte pelo reitor Paulo Mendes Rocha."
    )
    proposal = one(text, published_on=dt.date(2022, 5, 3))
    assert [p.name for p in proposal.parties] == [
        "Universidade Federal de Minas Gerais",
        "Kenya Medical Research Institute",
    ]
    assert proposal.signed_place == "Belo Horizonte"


def test_a_unit_named_with_its_parents_short_form_is_the_registrys_unit(
    registry_world: dict[str, Any],
) -> None:
    from parties.models import PartyAlias
    from tests.factories import PartyFactory

    PartyAlias.objects.create(party=registry_world["cas"], name="中科院")
    PartyFactory(
        slug="cas-ibp", name="Institute of Biophysics", name_local="中国科学院生物物理研究所"
    )
    text = "5月6日，中科院生物物理研究所与深圳市人民政府在深圳签署合作协议。"
    proposal = one(text, published_on=dt.date(2022, 5, 8))
    assert [p.party for p in proposal.parties] == ["cas-ibp", "shenzhen"]

"""The words that say an agreement was signed, which kind it is, where, and what it renews."""

from __future__ import annotations

import re

from kernel.text import CJK

AGREEMENT_NOUN = re.compile(
    r"memorand(?:um|a)(?:\s+of\s+understanding)?|\bmous?\b|\bmoas?\b|\bagreements?\b|"
    r"\bletters?\s+of\s+intent\b|\bloi\b|\bcartas?\s+de\s+intenci[oó]n\b|\blettres?\s+d'intention\b|\bprotocols?\b|\bcontracts?\b|\baccords?\b|\bpacts?\b|"
    r"\bconventions?\b|\btreat(?:y|ies)\b|protocole|\baccord\b|acuerdos?|convenios?|memorando|"
    r"acordos?|abkommen|vereinbarung|absichtserklärung|absichtserklaerung|accordo|intesa|"
    r"协议书?|协定|备忘录|意向书|合同|合作书|框架协议|战略合作|"
    r"\bdocuments?\s+(?:on|of|for)\s+cooperation\b|\bcooperation\s+documents?\b|"
    r"\bdocuments?\s+de\s+coopération\b|合作文件|"
    # Japanese (覚書, after Simplified folding 觉书) and Russian.
    r"觉书|\bсоглашени[еяюйим]\w*|\bмеморандум\w*|\bдоговор\w*|\bпротокол\w*|"
    # "The document was signed by ...": a definite document refers back to the agreement.
    r"\b(?:the|le|el|o|il|das)\s+(?:document|documento|dokument)\b"
)
SIGNED = re.compile(
    r"\bsigned\b|\binked\b|\brenewed\b|\bput\s+their\s+names\s+to\b|\bconclu(?:s|e|es)?\b|\bconcluded\b|\bsealed\b|\bsigning\s+(?:ceremony|of)\b|"
    r"签署|签订|签约|签字|缔结|正式签|\bsigné|\bsignèrent\b|\bfirm(?:aron|ó|ado|ada)\b|\bsuscribi|\brubric(?:aron|ó|ado|ada)\b|"
    r"\bassin(?:aram|ou|ado|ada)\b|\bunterzeichne|\b(?:ab)?geschlossen\b|\bschlossen\b|\bfirmat[oaie]\b|\bsiglat|"
    # A renewal is a signing ("续签合作备忘录"); "put pen to paper on an agreement".
    r"续签|续约|\bput\s+pen\s+to\s+paper\b|"
    # Japanese (締結, 調印, 署名 folded to Simplified) and Russian.
    r"缔结|调印|署名|\bподписа(?:л[аио]?|н[аоы]?|ни[ея])\b|\bподписи\b|\bзаключил[аи]?\b"
)
# A signing yet to happen, or one being negotiated: no proposal.
NOT_YET = re.compile(
    r"\bwill\b|\bwould\b|\bto\s+be\s+signed\b|\bto\s+sign\b|\bplan(?:s|ned)?\b|\bexpected\b|"
    r"\bintend|\bnegotiat|\bdraft(?:ed|ing)?\b|\bproposed\b|\bupcoming\b|\bset\s+to\b|"
    r"\bno\b|\bnot\b|\bnever\b|\bnicht\b|\bkeine?\b|\bpas\b|\bdevrai(?:t|ent)\b|\bsoll(?:en|te)?\b|"
    r"未|没有|尚未|预计|将|拟|计划|准备|有望|即将|洽谈|谈判|磋商|商谈|草拟|\bva\s+signer\b|\bfirmarán\b|\bassinarão\b|"
    # A time still ahead: "商定明年签署", "to sign next year", "予定".
    r"明年|下个?月|下周|届时|商定|\bnext\s+(?:year|month|week|spring|summer|autumn|fall|winter)\b|予定|"
    r"\bбудет\b|\bпланиру"
)
# "is expected to be signed in 2024", "pourrait être signé": a modal's passive infinitive
# states no signing, whatever follows it ("signed in" would otherwise read as a past one).
BE_SIGNED = re.compile(r"\b(?:be|être|ser|essere|sein)\s+$")
# "备忘录签署后", "after the agreement was signed": a signing the sentence looks back on as a
# point in time, told already, not one more.
# "签署后" follows the verb (read with .match at its end); "after" goes before a participle.
AFTER_SIGNING = re.compile(r"\s*(?:后|以后|之后)")
# "since the agreement was signed", "after the signing of": a clause about the agreement.
SINCE_SIGNING = re.compile(
    r"(?:\bafter|\bsince|\bonce|\bfollowing|\bdepuis\s+que|\baprès\s+que|\bnachdem)\s+"
    r"(?:(?:the|this|that|its|their|our|le|la|l['’]|die|das|der)\s*(?:[\w-]+\s+){0,4}?"
    r"(?:was|were|had\s+been|has\s+been|have\s+been|a\s+été|wurde)\s+|the\s+)?$"
)
SIGNED_BACK = re.compile(
    r"\bhave\s+signed\b|\bhas\s+signed\b|\bwas\s+signed\b|\bwere\s+signed\b|\bsigned\s+(?:on|in|last|yesterday|today)\b|签署了|签订了|已签"
)

KINDS: list[tuple[str, re.Pattern[str]]] = [
    (
        "strategic_cooperation_agreement",
        re.compile(
            r"strategic\s+(?:cooperation|partnership|collaboration)\s+agreement|战略合作(?:框架)?协议"
        ),
    ),
    (
        "framework_agreement",
        re.compile(
            r"framework\s+agreement|accord[- ]cadre|acuerdo\s+marco|convenio\s+marco|"
            r"acordo[- ]quadro|rahmen(?:abkommen|vereinbarung|vertrag)|框架协议|框架协定"
        ),
    ),
    (
        "letter_of_intent",
        re.compile(
            r"letters?\s+of\s+intent|\bloi\b|lettre\s+d'intention|carta\s+de\s+intenci|absichtserkl|意向书|意向协议"
        ),
    ),
    (
        "memorandum_of_understanding",
        re.compile(
            r"memorand(?:um|a)|\bmous?\b|protocole\s+d'accord|memorando|备忘录|谅解备忘|"
            r"mémorandum|protocolo\s+de\s+intenç|absichtserklärung|觉书|\bмеморандум"
        ),
    ),
    ("contract", re.compile(r"\bcontracts?\b|合同|contrat|contrato|vertrag")),
    (
        "protocol",
        re.compile(r"\bprotocols?\b|protocole(?!\s+d'accord)|protocolo(?!\s+de\s+intenç)|议定书"),
    ),
    (
        "cooperation_agreement",
        re.compile(
            r"\bagreements?\b|\baccords?\b|acuerdos?|convenios?|acordos?|abkommen|vereinbarung|"
            r"accordo|合作协议|协议书?|协定|\bсоглашени|\bдоговор"
        ),
    ),
]

RELATIONS: list[tuple[str, re.Pattern[str]]] = [
    ("renews", re.compile(r"\brenew(?:s|ed|ing|al)?\b|续签|续约|\brenouvel|\brenova")),
    (
        "extends",
        re.compile(r"\bextend(?:s|ed|ing)?\s+(?:the|an?|their|its)\b|\bextension\s+of\b|延长|延期"),
    ),
]

COMMITMENT = re.compile(
    r"\b(?:according\s+to|under|in\s+line\s+with|as\s+per)\s+the\s+(?:agreement|mou|memorandum|"
    r"accord|deal)\b|根据(?:该)?(?:协议|备忘录)|按照(?:协议|备忘录)|协议(?:规定|约定|提出)"
)
BOTH_SIDES = re.compile(
    r"\bboth\s+(?:sides|parties|institutions)\b|\bthe\s+two\s+(?:sides|parties|institutions)\b|"
    r"\btwo\s+sides\b|双方|两方|\bles\s+deux\s+(?:parties|institutions|organismes|organisations)\b|"
    r"\bambas\s+(?:partes|instituciones|organizaciones)\b|"
    r"\bbeide(?:n)?\s+(?:seiten|organisationen|institutionen|einrichtungen|partner)\b"
)
# Places: a capitalised name after "in", "à", "en"; after 在/于 and before the verb in Chinese.
PLACE_EN = re.compile(
    r"(?<![\w])(?:in|à|en|em|no|na)\s+(?:(?:la|el)\s+)?"
    r"((?:[A-Z][\w'’-]+)(?:[ -](?:(?:de|del|do|da)\s+)?(?:[A-Z][\w'’-]+)){0,2})"
)
# "The delegation flew on to Kyoto, where it signed ...": a trip's destination where the
# sentence places the signing.
PLACE_WHERE = re.compile(
    r"(?<![\w])(?:to|in|at|nach|à|a)\s+((?:[A-Z][\w'’-]+)(?:[ -](?:[A-Z][\w'’-]+)){0,2}),\s+"
    r"(?:where|wo|où|donde|onde|dove)\b"
)
# A sentence opening on where it happened ("In Spain, Bai toured ...", "At Warwick he signed"):
# it frames the sentences after it in its paragraph.
PLACE_OPENING = re.compile(
    r"(?:In|At|À|En|Em|Im|In\s+der|En\s+la)\s+((?:[A-Z][\w'’-]+)(?:[ -](?:[A-Z][\w'’-]+)){0,2})"
    r"(?=,|\s+[a-z])"
)
# A venue may be long ("在台大医学院基础医学大楼签署"). A delegation's trip ("代表团赴北京，先后与
# A、B签署") places the signings the same sentence reports at its destination.
PLACE_ZH = re.compile(
    rf"(?:在|于)([{CJK}]{{2,14}}?)(?:市|举行|召开|签署|签订|签约|正式|共同|出席|隆重|举办|签)|"
    rf"(?:赴|前往|抵达)([{CJK}]{{2,6}}?)(?:市|[，,]|访问|考察|期间)(?=[^。；]*(?:签署|签订|签约))|"
    # Japanese: "調印式は仙台市の…で行われ", "東京都で締結": a city or prefecture, then where.
    rf"(?<=[は、])([{CJK}]{{1,5}}[市都府县])(?:の[^。、]{{0,24}}?)?で"
    rf"(?=[^。]{{0,6}}(?:行われ|执り行われ|开催|署名|缔结|调印))|"
    # "締結式は札幌で行われ": the ceremony's place, a city written without 市.
    rf"(?<=式は)([{CJK}]{{2,5}}?)で(?=行われ|执り行われ)"
)
# Russian: "в Москве", "в Санкт-Петербурге" (the prepositional case: where, not whither).
PLACE_RU = re.compile(r"(?<![\w])(?:в|во)\s+([А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?[еи])(?![\w])")
NOT_PLACE_ZH = re.compile(r"的|见证|陪同|主持|带领")
NOT_PLACES = frozenset(
    "english chinese french spanish arabic russian portuguese german january february march "
    "april may june july august september october november december monday tuesday wednesday "
    "thursday friday saturday sunday accordance addition order particular science technology "
    "the this support line view".split()
)
BEFORE_NOT_SIGNING_DATE = re.compile(
    r"(?:first|originally|previously|initially|earlier)\s+signed\s+(?:in|on)?\s*$|(?:until|till|through|by|from|since|to|before|after|valid|expires?|至|到|起|截至|之前|以后)\s*$"
)
TODAY = re.compile(r"\btoday\b|今天|今日|\baujourd'hui\b|\bhoy\b|\bhoje\b|\bheute\b|\boggi\b")
QUOTED = re.compile(r"《([^》]{2,120})》|“([^”]{4,200})”|\"([^\"]{4,200})\"|«\s*([^»]{4,200}?)\s*»")
TITLE_EN = re.compile(
    r"(?<![\w])(?:the|a|an)\s+((?:[A-Z][\w'’-]*\s+(?:(?:of|on|for|and|the|in|to)\s+)*)*"
    r"(?:Agreement|Memorandum\s+of\s+Understanding|Letter\s+of\s+Intent|Accord|Protocol)"
    r"(?:\s+(?:on|for|of|between|regarding|concerning)(?:\s+(?:the|and|of|on|for|in|to|[A-Z][\w'’-]*))+)?)"
)
# A sentence reporting several signings at once ("signed three cooperation documents",
# "签署系列合作协议", "分别签署"): it frames the agreements the next sentences describe.
SEVERAL = re.compile(
    r"\b(?:two|three|four|five|six|several|multiple|deux|trois|quatre|cinq|plusieurs|dos|tres|"
    r"cuatro|cinco|varios|zwei|drei|vier|fünf|mehrere)\s+(?:[\w-]+\s+){0,2}?(?:agreements|"
    r"documents|accords|acuerdos|convenios|memoranda|mous|deals|vereinbarungen|abkommen|"
    r"dokumente)\b|系列(?:合作)?(?:协议|文件)|[两二三四五六几多]项|[两二三四五六几多]份|分别签"
)
# The signing as an event: its date, place and witnesses hold for every agreement signed there.
CEREMONY = re.compile(
    r"\bsigning\s+ceremony\b|\bthe\s+signing\b|签约仪式|签字仪式|签署仪式|签约活动|"
    r"\bcérémonie\s+de\s+signature\b|\bceremonia\s+de\s+firma\b|\bdie\s+unterzeichnung\b|"
    r"\b(?:the|la|a|die)\s+(?:ceremony|cérémonie|ceremonia|cerimônia|cerimonia|zeremonie)\b|"
    r"调印式|署名式|缔结式|\bцеремони[яиюей]\b"
)
# A sentence about all the signings the release reports: its witnesses witnessed each.
ALL_SIGNINGS = re.compile(
    r"\b(?:both|all(?:\s+the)?|the\s+(?:two|three|four))\s+(?:signings|ceremonies|agreements|"
    r"documents)\s+(?:were|took|was)\b|\b(?:les\s+deux|toutes\s+les)\s+signatures\b|"
    r"\b(?:ambas|las\s+dos)\s+firmas\b|\bbeide\s+unterzeichnungen\b|"
    r"[两二三四]项(?:协议|签约)均|上述(?:签约|协议)"
)
# "Earlier signed", "首度签署", "曾签署": a signing the release recalls, not one it reports.
EARLIER_SIGNING = re.compile(
    r"(?:\b(?:first|originally|previously|initially|earlier|once|already)|首度|首次|曾经?|最初|"
    r"早在|此前|\bбыл[оаи]?\s+уже|\bранее)\s*$"
)
# A signing dated this many years or more before the release is recalled in passing: a
# release reports what was signed lately ("In 2024" may open a newsletter of January 2025).
PASSING_YEARS = 2
# "The following day": one day after the signing told before it.
NEXT_DAY = re.compile(
    r"\bthe\s+(?:following|next)\s+day\b|\bthe\s+day\s+after\b|\ble\s+lendemain\b|"
    r"\bal\s+día\s+siguiente\b|\bam\s+(?:folgenden|nächsten)\s+tag\b|次日|翌日|第二天|"
    r"\bна\s+следующий\s+день\b"
)
# "At the same ceremony", "同日": this signing shares the one before it's date and place.
SAME_DAY = re.compile(
    r"\bon\s+the\s+same\s+day\b|\ble\s+même\s+jour\b|\bel\s+mismo\s+día\b|"
    r"\bam\s+selben\s+tag\b|同日|同一天|当天"
)
SAME_OCCASION = re.compile(
    r"\b(?:at|during|in)\s+the\s+same\s+(?:ceremony|event|occasion)\b|"
    r"\ben\s+el\s+mismo\s+acto\b|\ben\s+la\s+misma\s+ceremonia\b|\blors\s+de\s+la\s+même\b|"
    + SAME_DAY.pattern
)
# An agreement introduced by the parties between which it stands ("a framework agreement
# between A and B", "un accord-cadre entre A et B").
# An agreement introduced without a verb is still being worked on, not one of those signed.
PENDING = re.compile(
    r"\bnegotiat|\bto\s+be\s+(?:signed|concluded)\b|\bunder\s+(?:discussion|negotiation|"
    r"preparation|review)\b|\bdraft|\bproposed\b|\bplanned\b|\bexpected\b|\bwould\b|"
    r"\bnot\s+yet\b|\bprépar|\ben\s+cours\s+de\b|\bnégoci|\bnegoci|\bverhandl|\bgeplant\b|"
    r"洽谈|谈判|磋商|草拟|拟|尚未|未|计划|将于"
)
BETWEEN = re.compile(r"\b(?:between|among|entre|zwischen)\b")
WITH = re.compile(r"\b(?:with|avec|con|com|mit|和|与|同)\b")
# A sentence opening on which of the announced agreements it is about.
ORDINAL_OPENING = re.compile(
    r"[\s\"'“]*(?:the\s+)?(?:first|second|third|fourth|fifth|other|latter|former)\b|"
    r"[\s\"'“]*(?:le|la|l['’])\s*(?:premi[eè]re?|deuxième|seconde?|troisième|autre)\b|"
    r"[\s\"'“]*(?:el|la)\s+(?:primer[oa]?|segund[oa]|tercer[oa]?|otr[oa])\b|"
    r"[\s\"'“]*(?:der|die|das)\s+(?:erste|zweite|dritte|andere)\b|"
    r"[\s\"'“]*(?:o|a)\s+(?:primeir[oa]|segund[oa]|terceir[oa]|outr[oa])\b"
)
# "ambassador of China in France": a place that says whose envoy, not where they signed.
NOT_PLACE_BEFORE = re.compile(
    r"(?:ambassador|ambassadeur|ambassadrice|embajador|embajadora|botschafter|botschafterin|"
    r"c[oóô]nsul|konsul|generalkonsul\w*|embaixador\w*|ambasciator\w*)\b[^,.;]{0,30}$|"
    # "an institute based in Beijing", "sediado em Pequim": where a party is, not the signing.
    r"\b(?:based|headquartered|located|seated|sediad[oa]|situad[oa]|localizad[oa]|basée?|"
    r"située?|ansässig|con\s+sede|com\s+sede|avec\s+siège)\s*$",
    re.IGNORECASE,
)
# A sentence opening on the agreement just told, then who signed it: "备忘录由……签署",
# "The agreement was signed by ...", "L'accord a été signé par ...".
ANAPHORIC = re.compile(
    r"\s*(?:该|此|这份|这项|本|上述|双方)?(?:合作|战略合作)?(?:框架)?"
    r"(?:协议书?|备忘录|意向书|协定|文件)(?:由|经)|"
    r"\s*(?:the|this|that)\s+(?:agreement|memorandum|mou|accord|letter|document|deal)\s+"
    r"(?:was|were)\s+(?:signed|countersigned|inked)\b|"
    r"\s*(?:l['’]accord|le\s+m[ée]morandum|la\s+lettre|le\s+protocole)\s+a\s+été\s+signée?\b|"
    r"\s*(?:el|la)\s+(?:convenio|acuerdo|memorando|carta)\s+(?:fue|ha\s+sido)\s+firmad[oa]\b"
)

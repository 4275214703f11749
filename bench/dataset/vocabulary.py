"""Word lists for the synthetic dataset: countries, places, topics and name templates.

Local-script names exist for China (zh), Japan (ja), Korea (ko) and Russia (ru); Russian
region and topic names are stored in the genitive case, the form every template uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Place:
    en: str
    local: str = ""
    zh: str = ""


@dataclass(frozen=True)
class Region:
    place: Place
    cities: tuple[Place, ...]


@dataclass(frozen=True)
class Country:
    code: str
    en: str
    zh: str
    language: str
    academy: tuple[str, str, str]  # English name, local name, abbreviation
    government: tuple[str, str]  # English name, local name
    regions: tuple[Region, ...]
    brands: tuple[Place, ...] = field(default=())
    names: str = "western"


def _r(place: tuple[str, ...], *cities: tuple[str, ...]) -> Region:
    return Region(Place(*place), tuple(Place(*c) for c in cities))


COUNTRIES: tuple[Country, ...] = (
    Country(
        "CN",
        "China",
        "中国",
        "zh",
        ("Chinese Academy of Sciences", "中国科学院", "CAS"),
        ("State Council of the People's Republic of China", "中华人民共和国国务院"),
        (
            _r(
                ("Sichuan", "四川", "四川"),
                ("Chengdu", "成都", "成都"),
                ("Mianyang", "绵阳", "绵阳"),
            ),
            _r(
                ("Guangdong", "广东", "广东"),
                ("Shenzhen", "深圳", "深圳"),
                ("Guangzhou", "广州", "广州"),
                ("Dongguan", "东莞", "东莞"),
            ),
            _r(
                ("Jiangsu", "江苏", "江苏"), ("Nanjing", "南京", "南京"), ("Suzhou", "苏州", "苏州")
            ),
            _r(
                ("Zhejiang", "浙江", "浙江"),
                ("Hangzhou", "杭州", "杭州"),
                ("Ningbo", "宁波", "宁波"),
            ),
            _r(("Hubei", "湖北", "湖北"), ("Wuhan", "武汉", "武汉")),
            _r(("Shaanxi", "陕西", "陕西"), ("Xi'an", "西安", "西安")),
            _r(
                ("Shandong", "山东", "山东"), ("Jinan", "济南", "济南"), ("Qingdao", "青岛", "青岛")
            ),
            _r(("Anhui", "安徽", "安徽"), ("Hefei", "合肥", "合肥")),
        ),
        tuple(
            Place(*b)
            for b in (
                ("Huaxin", "华信"),
                ("Zhongke", "中科"),
                ("Tianhe", "天河"),
                ("Hongtu", "宏图"),
                ("Xinghai", "星海"),
                ("Jinqiao", "金桥"),
            )
        ),
        "chinese",
    ),
    Country(
        "JP",
        "Japan",
        "日本",
        "ja",
        ("RIKEN", "理化学研究所", "RIKEN"),
        ("Government of Japan", "日本国政府"),
        (
            _r(
                ("Kanagawa", "神奈川県", "神奈川"),
                ("Yokohama", "横浜", "横滨"),
                ("Kawasaki", "川崎", "川崎"),
            ),
            _r(("Osaka", "大阪府", "大阪"), ("Osaka", "大阪", "大阪"), ("Sakai", "堺", "堺")),
            _r(("Aichi", "愛知県", "爱知"), ("Nagoya", "名古屋", "名古屋")),
            _r(("Miyagi", "宮城県", "宫城"), ("Sendai", "仙台", "仙台")),
        ),
        tuple(Place(*b) for b in (("Hikari", "光"), ("Asahi", "旭"), ("Fujimi", "富士見"))),
        "japanese",
    ),
    Country(
        "KR",
        "Republic of Korea",
        "韩国",
        "ko",
        ("Korea Institute of Science and Technology", "한국과학기술연구원", "KIST"),
        ("Government of the Republic of Korea", "대한민국 정부"),
        (
            _r(
                ("Gyeonggi", "경기도", "京畿"),
                ("Suwon", "수원", "水原"),
                ("Seongnam", "성남", "城南"),
            ),
            _r(("South Chungcheong", "충청남도", "忠清南"), ("Cheonan", "천안", "天安")),
            _r(("North Gyeongsang", "경상북도", "庆尚北"), ("Pohang", "포항", "浦项")),
        ),
        tuple(Place(*b) for b in (("Hanbit", "한빛"), ("Saemaeul", "새마을"), ("Daehan", "대한"))),
        "korean",
    ),
    Country(
        "RU",
        "Russia",
        "俄罗斯",
        "ru",
        ("Russian Academy of Sciences", "Российская академия наук", "RAS"),
        ("Government of the Russian Federation", "Правительство Российской Федерации"),
        (
            _r(
                ("Moscow Oblast", "Московской области", "莫斯科州"),
                ("Dubna", "Дубна", "杜布纳"),
                ("Korolyov", "Королёв", "科罗廖夫"),
            ),
            _r(
                ("Novosibirsk Oblast", "Новосибирской области", "新西伯利亚州"),
                ("Novosibirsk", "Новосибирск", "新西伯利亚"),
            ),
            _r(("Tatarstan", "Республики Татарстан", "鞑靼斯坦"), ("Kazan", "Казань", "喀山")),
            _r(
                ("Primorsky Krai", "Приморского края", "滨海边疆区"),
                ("Vladivostok", "Владивосток", "符拉迪沃斯托克"),
            ),
        ),
        tuple(Place(*b) for b in (("Sever", "Север"), ("Zvezda", "Звезда"), ("Volga", "Волга"))),
        "russian",
    ),
    Country(
        "DE",
        "Germany",
        "德国",
        "de",
        ("Max Planck Society", "", "MPG"),
        ("Federal Government of Germany", ""),
        (
            _r(("Bavaria",), ("Munich",), ("Erlangen",)),
            _r(("Saxony",), ("Dresden",), ("Leipzig",)),
            _r(("Baden-Wurttemberg",), ("Stuttgart",), ("Karlsruhe",)),
        ),
    ),
    Country(
        "FR",
        "France",
        "法国",
        "fr",
        ("French National Centre for Scientific Research", "", "CNRS"),
        ("Government of France", ""),
        (
            _r(("Ile-de-France",), ("Paris",), ("Saclay",)),
            _r(("Auvergne-Rhone-Alpes",), ("Lyon",), ("Grenoble",)),
        ),
    ),
    Country(
        "GB",
        "United Kingdom",
        "英国",
        "en",
        ("The Royal Society", "", "RS"),
        ("Government of the United Kingdom", ""),
        (
            _r(("Greater London",), ("London",)),
            _r(("Cambridgeshire",), ("Cambridge",)),
            _r(("Scotland",), ("Edinburgh",), ("Glasgow",)),
        ),
    ),
    Country(
        "US",
        "United States",
        "美国",
        "en",
        ("National Academy of Sciences", "", "NAS"),
        ("Government of the United States", ""),
        (
            _r(("California",), ("San Francisco",), ("San Diego",)),
            _r(("Massachusetts",), ("Boston",), ("Cambridge",)),
            _r(("Texas",), ("Austin",), ("Houston",)),
        ),
    ),
    Country(
        "IT",
        "Italy",
        "意大利",
        "it",
        ("National Research Council of Italy", "", "CNR"),
        ("Government of Italy", ""),
        (_r(("Lombardy",), ("Milan",)), _r(("Lazio",), ("Rome",))),
    ),
    Country(
        "ES",
        "Spain",
        "西班牙",
        "es",
        ("Spanish National Research Council", "", "CSIC"),
        ("Government of Spain", ""),
        (_r(("Catalonia",), ("Barcelona",)), _r(("Community of Madrid",), ("Madrid",))),
    ),
    Country(
        "NL",
        "Netherlands",
        "荷兰",
        "nl",
        ("Royal Netherlands Academy of Arts and Sciences", "", "KNAW"),
        ("Government of the Netherlands", ""),
        (_r(("North Holland",), ("Amsterdam",)), _r(("South Holland",), ("Delft",), ("Leiden",))),
    ),
    Country(
        "SE",
        "Sweden",
        "瑞典",
        "sv",
        ("Royal Swedish Academy of Sciences", "", "KVA"),
        ("Government of Sweden", ""),
        (_r(("Stockholm County",), ("Stockholm",)), _r(("Skane",), ("Lund",), ("Malmo",))),
    ),
    Country(
        "CH",
        "Switzerland",
        "瑞士",
        "de",
        ("Swiss Academies of Arts and Sciences", "", "SAAS"),
        ("Swiss Federal Council", ""),
        (_r(("Canton of Zurich",), ("Zurich",)), _r(("Canton of Vaud",), ("Lausanne",))),
    ),
    Country(
        "BR",
        "Brazil",
        "巴西",
        "pt",
        ("Brazilian Academy of Sciences", "", "ABC"),
        ("Government of Brazil", ""),
        (
            _r(("Sao Paulo State",), ("Sao Paulo",), ("Campinas",)),
            _r(("Rio de Janeiro State",), ("Rio de Janeiro",)),
        ),
        names="latin",
    ),
    Country(
        "IN",
        "India",
        "印度",
        "en",
        ("Indian National Science Academy", "", "INSA"),
        ("Government of India", ""),
        (
            _r(("Karnataka",), ("Bengaluru",), ("Mysuru",)),
            _r(("Maharashtra",), ("Mumbai",), ("Pune",)),
        ),
        names="indian",
    ),
    Country(
        "SG",
        "Singapore",
        "新加坡",
        "en",
        ("Agency for Science, Technology and Research", "", "A-STAR"),
        ("Government of Singapore", ""),
        (_r(("Central Region",), ("Singapore",)),),
        names="chinese",
    ),
    Country(
        "MY",
        "Malaysia",
        "马来西亚",
        "ms",
        ("Academy of Sciences Malaysia", "", "ASM"),
        ("Government of Malaysia", ""),
        (_r(("Selangor",), ("Shah Alam",)), _r(("Penang",), ("George Town",))),
        names="malay",
    ),
    Country(
        "TH",
        "Thailand",
        "泰国",
        "th",
        ("National Science and Technology Development Agency", "", "NSTDA"),
        ("Royal Thai Government", ""),
        (_r(("Bangkok Metropolis",), ("Bangkok",)), _r(("Chiang Mai Province",), ("Chiang Mai",))),
        names="thai",
    ),
    Country(
        "VN",
        "Viet Nam",
        "越南",
        "vi",
        ("Vietnam Academy of Science and Technology", "", "VAST"),
        ("Government of Viet Nam", ""),
        (
            _r(("Hanoi Capital Region",), ("Hanoi",)),
            _r(("Southeast Region",), ("Ho Chi Minh City",)),
        ),
        names="vietnamese",
    ),
    Country(
        "ID",
        "Indonesia",
        "印度尼西亚",
        "id",
        ("National Research and Innovation Agency", "", "BRIN"),
        ("Government of Indonesia", ""),
        (
            _r(("West Java",), ("Bandung",), ("Bogor",)),
            _r(("Jakarta Special Region",), ("Jakarta",)),
        ),
        names="malay",
    ),
    Country(
        "PK",
        "Pakistan",
        "巴基斯坦",
        "ur",
        ("Pakistan Academy of Sciences", "", "PAS"),
        ("Government of Pakistan", ""),
        (_r(("Punjab",), ("Lahore",), ("Faisalabad",)), _r(("Sindh",), ("Karachi",))),
        names="arabic",
    ),
    Country(
        "KZ",
        "Kazakhstan",
        "哈萨克斯坦",
        "kk",
        ("National Academy of Sciences of Kazakhstan", "", "NASRK"),
        ("Government of Kazakhstan", ""),
        (_r(("Almaty Region",), ("Almaty",)), _r(("Akmola Region",), ("Astana",))),
        names="russian",
    ),
    Country(
        "AE",
        "United Arab Emirates",
        "阿联酋",
        "ar",
        ("Emirates Scientists Council", "", "ESC"),
        ("Government of the United Arab Emirates", ""),
        (_r(("Emirate of Abu Dhabi",), ("Abu Dhabi",)), _r(("Emirate of Dubai",), ("Dubai",))),
        names="arabic",
    ),
    Country(
        "EG",
        "Egypt",
        "埃及",
        "ar",
        ("Academy of Scientific Research and Technology", "", "ASRT"),
        ("Government of Egypt", ""),
        (_r(("Cairo Governorate",), ("Cairo",)), _r(("Alexandria Governorate",), ("Alexandria",))),
        names="arabic",
    ),
    Country(
        "ZA",
        "South Africa",
        "南非",
        "en",
        ("Academy of Science of South Africa", "", "ASSAf"),
        ("Government of South Africa", ""),
        (_r(("Gauteng",), ("Johannesburg",), ("Pretoria",)), _r(("Western Cape",), ("Cape Town",))),
    ),
    Country(
        "NG",
        "Nigeria",
        "尼日利亚",
        "en",
        ("Nigerian Academy of Science", "", "NAS-NG"),
        ("Federal Government of Nigeria", ""),
        (_r(("Lagos State",), ("Lagos",)), _r(("Federal Capital Territory",), ("Abuja",))),
    ),
    Country(
        "AU",
        "Australia",
        "澳大利亚",
        "en",
        ("Commonwealth Scientific and Industrial Research Organisation", "", "CSIRO"),
        ("Australian Government", ""),
        (_r(("New South Wales",), ("Sydney",), ("Newcastle",)), _r(("Victoria",), ("Melbourne",))),
    ),
    Country(
        "CA",
        "Canada",
        "加拿大",
        "en",
        ("National Research Council Canada", "", "NRC"),
        ("Government of Canada", ""),
        (_r(("Ontario",), ("Toronto",), ("Ottawa",)), _r(("Quebec",), ("Montreal",))),
    ),
    Country(
        "MX",
        "Mexico",
        "墨西哥",
        "es",
        ("Mexican Academy of Sciences", "", "AMC"),
        ("Government of Mexico", ""),
        (_r(("Mexico City",), ("Mexico City",)), _r(("Jalisco",), ("Guadalajara",))),
        names="latin",
    ),
    Country(
        "AR",
        "Argentina",
        "阿根廷",
        "es",
        ("National Scientific and Technical Research Council", "", "CONICET"),
        ("Government of Argentina", ""),
        (
            _r(("Buenos Aires Province",), ("La Plata",), ("Mar del Plata",)),
            _r(("Cordoba Province",), ("Cordoba",)),
        ),
        names="latin",
    ),
)

LOCAL_SCRIPT_LANGUAGES = ("zh", "ja", "ko", "ru")
# Russian names as they read after "of" (Филиал Российской академии наук).
GENITIVE = {"Российская академия наук": "Российской академии наук"}

# (English, 中文, 日本語, 한국어, Russian genitive)
TOPICS: tuple[tuple[str, str, str, str, str], ...] = (
    ("Physics", "物理", "物理学", "물리학", "физики"),
    ("Chemistry", "化学", "化学", "화학", "химии"),
    ("Life Sciences", "生命科学", "生命科学", "생명과학", "наук о жизни"),
    ("Materials Science", "材料科学", "材料科学", "재료과학", "материаловедения"),
    ("Computing Technology", "计算技术", "計算技術", "컴퓨팅기술", "вычислительной техники"),
    ("Automation", "自动化", "自動化", "자동화", "автоматизации"),
    ("Energy", "能源", "エネルギー", "에너지", "энергетики"),
    ("Oceanology", "海洋", "海洋学", "해양학", "океанологии"),
    ("Geophysics", "地球物理", "地球物理学", "지구물리학", "геофизики"),
    ("Mathematics", "数学", "数学", "수학", "математики"),
    ("Microelectronics", "微电子", "マイクロエレクトロニクス", "마이크로전자", "микроэлектроники"),
    ("Advanced Manufacturing", "先进制造", "先端製造", "첨단제조", "передового производства"),
    ("Biomedical Engineering", "生物医学工程", "生体医工学", "의공학", "биомедицинской инженерии"),
    ("Environmental Science", "环境科学", "環境科学", "환경과학", "экологии"),
    ("Space Science", "空间科学", "宇宙科学", "우주과학", "космических исследований"),
    ("Artificial Intelligence", "人工智能", "人工知能", "인공지능", "искусственного интеллекта"),
)
LANGUAGE_COLUMN = {"en": 0, "zh": 1, "ja": 2, "ko": 3, "ru": 4}

# Name templates by language; "{region}", "{city}", "{topic}", "{academy}", "{brand}",
# "{sector}", "{country}" are filled with the place's name in that language.
TEMPLATES: dict[str, dict[str, str]] = {
    "province": {
        "en": "Government of {region}",
        "en:CN": "{region} Provincial People's Government",
        "zh": "{region}省人民政府",
        "ja": "{region}庁",
        "ko": "{region}청",
        "ru": "Правительство {region}",
    },
    "province_st": {
        "en": "Department of Science and Technology of {region}",
        "zh": "{region}省科学技术厅",
        "ja": "{region}科学技術部",
        "ko": "{region} 과학기술국",
        "ru": "Министерство науки и технологий {region}",
    },
    "province_edu": {
        "en": "Department of Education of {region}",
        "zh": "{region}省教育厅",
        "ja": "{region}教育委員会",
        "ko": "{region} 교육청",
        "ru": "Министерство образования {region}",
    },
    "city": {
        "en": "{city} City Government",
        "en:CN": "{city} Municipal People's Government",
        "zh": "{city}市人民政府",
        "ja": "{city}市役所",
        "ko": "{city}시청",
        "ru": "Администрация города {city}",
    },
    "city_st": {
        "en": "{city} Science and Technology Office",
        "en:CN": "{city} Municipal Science and Technology Bureau",
        "zh": "{city}市科学技术局",
        "ja": "{city}市科学技術課",
        "ko": "{city}시 과학기술과",
        "ru": "Управление науки и технологий города {city}",
    },
    "zone": {
        "en": "{city} High-tech Industrial Development Zone Administrative Committee",
        "zh": "{city}高新技术产业开发区管理委员会",
        "ja": "{city}ハイテク産業開発区管理委員会",
        "ko": "{city} 첨단산업단지 관리위원회",
        "ru": "Администрация технопарка города {city}",
    },
    "zone_bureau": {
        "en": "Investment Promotion Bureau of the {city} High-tech Zone",
        "zh": "{city}高新区投资促进局",
        "ja": "{city}ハイテク区投資促進局",
        "ko": "{city} 첨단산업단지 투자유치국",
        "ru": "Агентство инвестиций технопарка города {city}",
    },
    "branch": {
        "en": "{academy} {city} Branch",
        "zh": "{academy}{city}分院",
        "ja": "{academy}{city}支所",
        "ko": "{academy} {city} 분원",
        "ru": "Филиал {academy} в городе {city}",
    },
    "institute": {
        "en": "{city} Institute of {topic}",
        "zh": "{academy}{city}{topic}研究所",
        "ja": "{academy}{city}{topic}研究所",
        "ko": "{academy} {city} {topic}연구소",
        "ru": "Институт {topic} (город {city})",
    },
    "lab": {
        "en": "Key Laboratory of {topic}, {city}",
        "zh": "{city}{topic}重点实验室",
        "ja": "{city}{topic}研究室",
        "ko": "{city} {topic} 연구실",
        "ru": "Лаборатория {topic} (город {city})",
    },
    "university": {
        "en": "{city} University",
        "zh": "{city}大学",
        "ja": "{city}大学",
        "ko": "{city}대학교",
        "ru": "Университет города {city}",
    },
    "tech_university": {
        "en": "{city} University of Technology",
        "zh": "{city}理工大学",
        "ja": "{city}工業大学",
        "ko": "{city}공과대학교",
        "ru": "Технический университет города {city}",
    },
    "school": {
        "en": "School of {topic}, {parent}",
        "zh": "{parent}{topic}学院",
        "ja": "{parent}{topic}学部",
        "ko": "{parent} {topic}대학",
        "ru": "Факультет {topic}, {parent}",
    },
    "centre": {
        "en": "{topic} Research Centre, {parent}",
        "zh": "{parent}{topic}研究中心",
        "ja": "{parent}{topic}研究センター",
        "ko": "{parent} {topic}연구센터",
        "ru": "Научный центр {topic}, {parent}",
    },
    "group": {
        "en": "{brand} Group Co., Ltd.",
        "zh": "{brand}集团有限公司",
        "ja": "{brand}グループ株式会社",
        "ko": "{brand}그룹 주식회사",
        "ru": "АО «{brand} Групп»",
    },
    "subsidiary": {
        "en": "{brand} {sector} Co., Ltd.",
        "zh": "{brand}{sector}有限公司",
        "ja": "{brand}{sector}株式会社",
        "ko": "{brand}{sector} 주식회사",
        "ru": "ООО «{brand} {sector}»",
    },
    "local_subsidiary": {
        "en": "{brand} {sector} ({city}) Co., Ltd.",
        "zh": "{brand}{sector}（{city}）有限公司",
        "ja": "{brand}{sector}（{city}）株式会社",
        "ko": "{brand}{sector}({city}) 주식회사",
        "ru": "ООО «{brand} {sector} ({city})»",
    },
    "association": {
        "en": "{country} Association for Science and Technology",
        "en:CN": "China Association for Science and Technology",
        "zh": "中国科学技术协会",
        "ja": "日本科学技術協会",
        "ko": "한국과학기술단체총연합회",
        "ru": "Российский союз научных и инженерных обществ",
    },
    "regional_association": {
        "en": "{region} Association for Science and Technology",
        "zh": "{region}省科学技术协会",
        "ja": "{region}科学技術協会",
        "ko": "{region} 과학기술협회",
        "ru": "Союз научных обществ {region}",
    },
}

# (key, English, 中文, 日本語, 한국어, Russian)
MINISTRIES: tuple[tuple[str, str, str, str, str, str], ...] = (
    (
        "most",
        "Ministry of Science and Technology",
        "科学技术部",
        "文部科学省",
        "과학기술정보통신부",
        "Министерство науки и высшего образования",
    ),
    (
        "moe",
        "Ministry of Education",
        "教育部",
        "文部科学省初等中等教育局",
        "교육부",
        "Министерство просвещения",
    ),
    (
        "miit",
        "Ministry of Industry and Information Technology",
        "工业和信息化部",
        "経済産業省",
        "산업통상자원부",
        "Министерство промышленности и торговли",
    ),
    ("mof", "Ministry of Finance", "财政部", "財務省", "기획재정부", "Министерство финансов"),
)
MINISTRY_UNITS: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "Department of International Cooperation",
        "国际合作司",
        "国際協力課",
        "국제협력국",
        "Департамент международного сотрудничества",
    ),
    ("Department of Planning", "规划司", "企画課", "기획조정실", "Департамент планирования"),
)
MINISTRY_DIVISIONS: tuple[tuple[str, str, str, str, str], ...] = (
    ("Division of Asian Affairs", "亚洲处", "アジア課", "아시아과", "Отдел Азии"),
    ("Division of European Affairs", "欧洲处", "欧州課", "유럽과", "Отдел Европы"),
)

# (English, 中文, 日本語, 한국어, Russian)
SECTORS: tuple[tuple[str, str, str, str, str], ...] = (
    ("Technology", "科技", "テクノロジー", "테크", "Технологии"),
    ("Energy", "能源", "エネルギー", "에너지", "Энергия"),
    ("Pharmaceutical", "医药", "製薬", "제약", "Фарма"),
    ("Semiconductor", "半导体", "半導体", "반도체", "Микроэлектроника"),
    ("Investment", "投资", "投資", "투자", "Инвест"),
)
GENERIC_BRANDS = ("Nova", "Terra", "Astra", "Helix", "Orion", "Vertex", "Lumen", "Apex", "Borealis")

INTERNATIONAL_ORGANIZATIONS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (
        "United Nations Educational, Scientific and Cultural Organization",
        "联合国教育、科学及文化组织",
        "UNESCO",
        (
            "UNESCO Regional Office for East Asia",
            "UNESCO International Centre for Engineering Education",
        ),
    ),
    (
        "Alliance of International Science Organizations",
        "国际科学组织联盟",
        "ANSO",
        ("ANSO Secretariat",),
    ),
    ("ITER Organization", "国际热核聚变实验堆组织", "ITER", ()),
    ("International Science Council", "国际科学理事会", "ISC", ()),
    ("World Health Organization", "世界卫生组织", "WHO", ("WHO Western Pacific Regional Office",)),
    ("ASEAN Secretariat", "东盟秘书处", "ASEC", ()),
)

# Family names and given names: (romanized, local script).
PERSON_NAMES: dict[str, tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]] = {
    "chinese": (
        (
            ("Wang", "王"),
            ("Li", "李"),
            ("Zhang", "张"),
            ("Liu", "刘"),
            ("Chen", "陈"),
            ("Yang", "杨"),
            ("Zhao", "赵"),
            ("Huang", "黄"),
            ("Zhou", "周"),
            ("Wu", "吴"),
            ("Xu", "徐"),
            ("Sun", "孙"),
            ("Ma", "马"),
            ("Zhu", "朱"),
            ("Hu", "胡"),
            ("Guo", "郭"),
        ),
        (
            ("Wei", "伟"),
            ("Fang", "芳"),
            ("Min", "敏"),
            ("Jing", "静"),
            ("Lei", "磊"),
            ("Qiang", "强"),
            ("Jun", "军"),
            ("Yang", "洋"),
            ("Yong", "勇"),
            ("Jie", "杰"),
            ("Tao", "涛"),
            ("Ming", "明"),
            ("Chao", "超"),
            ("Hua", "华"),
            ("Ping", "平"),
            ("Gang", "刚"),
            ("Jianguo", "建国"),
            ("Xiaoming", "晓明"),
            ("Haiyan", "海燕"),
            ("Zhiqiang", "志强"),
            ("Lina", "丽娜"),
            ("Chunli", "春丽"),
            ("Guangming", "光明"),
        ),
    ),
    "japanese": (
        (
            ("Sato", "佐藤"),
            ("Suzuki", "鈴木"),
            ("Takahashi", "高橋"),
            ("Tanaka", "田中"),
            ("Watanabe", "渡辺"),
            ("Ito", "伊藤"),
            ("Yamamoto", "山本"),
            ("Nakamura", "中村"),
        ),
        (
            ("Hiroshi", "博"),
            ("Takashi", "隆"),
            ("Yuki", "由紀"),
            ("Kenji", "健二"),
            ("Akira", "明"),
            ("Naoko", "直子"),
            ("Makoto", "誠"),
            ("Haruka", "遥"),
        ),
    ),
    "korean": (
        (
            ("Kim", "김"),
            ("Lee", "이"),
            ("Park", "박"),
            ("Choi", "최"),
            ("Jung", "정"),
            ("Kang", "강"),
            ("Yoon", "윤"),
        ),
        (
            ("Min-jun", "민준"),
            ("Seo-yeon", "서연"),
            ("Ji-hoon", "지훈"),
            ("Hyun-woo", "현우"),
            ("Su-bin", "수빈"),
            ("Young-ho", "영호"),
            ("Eun-ji", "은지"),
        ),
    ),
    "russian": (
        (
            ("Ivanov", "Иванов"),
            ("Smirnov", "Смирнов"),
            ("Kuznetsov", "Кузнецов"),
            ("Popov", "Попов"),
            ("Sokolov", "Соколов"),
            ("Lebedev", "Лебедев"),
            ("Novikov", "Новиков"),
            ("Morozov", "Морозов"),
        ),
        (
            ("Alexander", "Александр"),
            ("Sergey", "Сергей"),
            ("Dmitry", "Дмитрий"),
            ("Andrey", "Андрей"),
            ("Mikhail", "Михаил"),
            ("Vladimir", "Владимир"),
            ("Nikolai", "Николай"),
            ("Pavel", "Павел"),
        ),
    ),
    "western": (
        tuple(
            (n, "")
            for n in (
                "Schmidt",
                "Martin",
                "Smith",
                "Rossi",
                "Garcia",
                "de Vries",
                "Johansson",
                "Muller",
                "Bernard",
                "Brown",
                "Taylor",
                "Weber",
                "Dubois",
                "Wilson",
                "Fischer",
                "Moreau",
            )
        ),
        tuple(
            (n, "")
            for n in (
                "Anna",
                "Thomas",
                "Maria",
                "Peter",
                "Sophie",
                "James",
                "Laura",
                "Michael",
                "Claire",
                "Lukas",
                "Elena",
                "David",
                "Sarah",
                "Marco",
            )
        ),
    ),
    "latin": (
        tuple(
            (n, "")
            for n in (
                "Silva",
                "Santos",
                "Oliveira",
                "Gonzalez",
                "Rodriguez",
                "Fernandez",
                "Lopez",
                "Pereira",
            )
        ),
        tuple((n, "") for n in ("Joao", "Ana", "Carlos", "Lucia", "Pedro", "Mariana", "Diego")),
    ),
    "indian": (
        tuple((n, "") for n in ("Sharma", "Patel", "Reddy", "Iyer", "Gupta", "Rao", "Singh")),
        tuple((n, "") for n in ("Priya", "Rahul", "Anil", "Sunita", "Vikram", "Lakshmi", "Arjun")),
    ),
    "malay": (
        tuple((n, "") for n in ("Abdullah", "Rahman", "Ismail", "Hassan", "Wijaya", "Santoso")),
        tuple((n, "") for n in ("Ahmad", "Siti", "Nur", "Budi", "Dewi", "Farid")),
    ),
    "thai": (
        tuple((n, "") for n in ("Srisuk", "Chaiyaporn", "Wongsawat", "Kittisak", "Phromma")),
        tuple((n, "") for n in ("Somchai", "Malee", "Anan", "Kanya", "Niran")),
    ),
    "vietnamese": (
        tuple((n, "") for n in ("Nguyen", "Tran", "Le", "Pham", "Hoang")),
        tuple((n, "") for n in ("Van An", "Thi Lan", "Minh Duc", "Thu Ha", "Quoc Bao")),
    ),
    "arabic": (
        tuple((n, "") for n in ("Al-Mansouri", "Hassan", "Khan", "Ibrahim", "Mahmoud", "Qureshi")),
        tuple((n, "") for n in ("Ahmed", "Fatima", "Omar", "Layla", "Youssef", "Imran")),
    ),
}
FAMILY_NAME_FIRST = ("chinese", "japanese", "korean", "vietnamese")

# Posts held by the heads of each kind of body: (English, 中文).
HEAD_TITLES: dict[str, tuple[str, str]] = {
    "government": ("Premier", "总理"),
    "province": ("Governor", "省长"),
    "city": ("Mayor", "市长"),
    "ministry": ("Minister", "部长"),
    "agency": ("Director-General", "司长"),
    "academy": ("President", "院长"),
    "institute": ("Director", "所长"),
    "university": ("President", "校长"),
    "school": ("Dean", "院长"),
    "enterprise": ("Chairman", "董事长"),
    "ngo": ("President", "主席"),
    "international": ("Director-General", "总干事"),
}

# Cooperation fields: the five seed fields of the founding record, and sub-fields.
FIELDS: tuple[tuple[str, str, str, tuple[tuple[str, str], ...]], ...] = (
    (
        "education",
        "Education",
        "教育",
        (
            ("Joint Training of Graduate Students", "研究生联合培养"),
            ("Vocational Education", "职业教育"),
            ("Student Exchange", "学生交流"),
        ),
    ),
    (
        "science",
        "Science",
        "科学",
        (
            ("Basic Research", "基础研究"),
            ("Large Research Infrastructure", "重大科技基础设施"),
            ("Life Sciences Research", "生命科学研究"),
        ),
    ),
    (
        "technology",
        "Technology",
        "技术",
        (
            ("Artificial Intelligence Technology", "人工智能技术"),
            ("Integrated Circuits", "集成电路"),
            ("Technology Transfer", "技术转移"),
        ),
    ),
    (
        "industry",
        "Industry",
        "产业",
        (
            ("Advanced Manufacturing Industry", "先进制造业"),
            ("New Energy Vehicles", "新能源汽车"),
            ("Biomedicine Industry", "生物医药产业"),
        ),
    ),
    (
        "capital",
        "Capital",
        "资本",
        (("Venture Capital", "创业投资"), ("Science and Technology Finance", "科技金融")),
    ),
)

# Regions agreements target: (slug, English, 中文, countries, children).
REGIONS: tuple[tuple[str, str, str, tuple[str, ...], tuple[tuple[str, ...], ...]], ...] = (
    (
        "greater-bay-area",
        "Guangdong-Hong Kong-Macao Greater Bay Area",
        "粤港澳大湾区",
        ("CN",),
        (
            (
                "shenzhen-hong-kong-innovation-zone",
                "Shenzhen-Hong Kong Innovation Zone",
                "深港科技创新合作区",
            ),
        ),
    ),
    ("pan-pearl-river-delta", "Pan-Pearl-River Delta", "泛珠三角区域", ("CN",), ()),
    ("yangtze-river-delta", "Yangtze River Delta", "长江三角洲", ("CN",), ()),
    ("chengdu-chongqing", "Chengdu-Chongqing Economic Circle", "成渝地区双城经济圈", ("CN",), ()),
    (
        "belt-and-road",
        "Belt and Road",
        "一带一路",
        (),
        (
            ("china-central-asia", "China-Central Asia", "中国—中亚", "KZ"),
            ("china-asean", "China-ASEAN", "中国—东盟", "SG"),
        ),
    ),
    ("european-union", "European Union", "欧盟", ("DE", "FR", "IT", "ES", "NL", "SE"), ()),
    ("asean", "ASEAN", "东盟", ("SG", "MY", "TH", "VN", "ID"), ()),
    ("africa", "Africa", "非洲", ("EG", "ZA", "NG"), ()),
    ("latin-america", "Latin America", "拉丁美洲", ("BR", "MX", "AR"), ()),
)

# Themes of agreement titles and commitments: (English, 中文).
THEMES: tuple[tuple[str, str], ...] = (
    ("Science and Technology Innovation", "科技创新"),
    ("Talent Cultivation", "人才培养"),
    ("Joint Laboratory Construction", "共建联合实验室"),
    ("Industrial Upgrading", "产业升级"),
    ("Technology Transfer", "技术转移"),
    ("Artificial Intelligence", "人工智能"),
    ("New Energy", "新能源"),
    ("Marine Science", "海洋科学"),
    ("Biomedicine", "生物医药"),
    ("Advanced Manufacturing", "先进制造"),
    ("Green Development", "绿色发展"),
    ("Digital Economy", "数字经济"),
    ("Higher Education", "高等教育"),
    ("Space Science", "空间科学"),
    ("Venture Capital", "创业投资"),
    ("Quantum Information", "量子信息"),
)

# Agreement kinds: (value, weight, English label for titles, 中文).
KINDS: tuple[tuple[str, int, str, str], ...] = (
    ("framework_agreement", 10, "Framework Agreement", "框架协议"),
    ("strategic_cooperation_agreement", 18, "Strategic Cooperation Agreement", "战略合作协议"),
    ("cooperation_agreement", 30, "Cooperation Agreement", "合作协议"),
    ("memorandum_of_understanding", 22, "Memorandum of Understanding", "合作备忘录"),
    ("letter_of_intent", 6, "Letter of Intent", "合作意向书"),
    ("contract", 5, "Contract", "合同"),
    ("protocol", 4, "Protocol", "议定书"),
    ("amendment", 3, "Supplementary Agreement", "补充协议"),
    ("other", 2, "Agreement", "协议"),
)

COMMITMENTS: tuple[tuple[str, str], ...] = (
    ("Co-build a joint laboratory for {theme}", "共建{theme_zh}联合实验室"),
    ("Establish a joint graduate training programme in {theme}", "联合培养{theme_zh}研究生"),
    ("Set up a fund for {theme} projects", "设立{theme_zh}项目基金"),
    ("Transfer and commercialise research results in {theme}", "推动{theme_zh}科技成果转移转化"),
    ("Hold an annual forum on {theme}", "每年举办{theme_zh}论坛"),
)

PUBLISHERS: tuple[tuple[str, str, str], ...] = (
    ("Xinhua", "www.news.cn", "zh"),
    ("People's Daily", "www.people.com.cn", "zh"),
    ("China Daily", "www.chinadaily.com.cn", "en"),
    ("Science and Technology Daily", "www.stdaily.com", "zh"),
    ("Nature Index News", "www.natureindex.example", "en"),
    ("University World News", "www.universityworldnews.example", "en"),
    ("Gazette of the Parties", "gazette.example.org", "en"),
)

#!/usr/bin/env python3
"""Builds Samples/prospects.jsonl, the sample prospect database shipped for demos and tests.

Where the data comes from
-------------------------
* Companies are real: every company line comes from the PyPI package `pytickersymbols`
  (MIT licence, https://github.com/portfolioplus/pytickersymbols), which lists the members of
  20 stock indices (S&P 500/600/100, NASDAQ 100, DOW JONES, DAX/MDAX/SDAX/TecDAX, FTSE 100,
  CAC 40/Mid 60, EURO STOXX 50, IBEX 35, AEX, BEL 20, OMX Helsinki 25/Stockholm 30,
  Switzerland 20, NIKKEI 225) with metadata its authors took from each company's Wikipedia
  infobox (website, employees, headquarters, wikipedia_url). This script keeps only what that
  data states: the name, the registrable domain of the website, an industry derived from the
  package's industry labels, the country (and the headquarters city when it parses cleanly),
  the headcount band from the employee count, and the Wikipedia page as the company's social.
  A company without a usable website is left out (there is no domain to key it on); a field
  that is unknown or unclear is omitted rather than guessed. The one exception is `size`: a
  company whose employee count is missing gets a plausible band drawn from a hash of its
  domain (the README says how many).
* Every PERSON is SYNTHETIC. Names are drawn from built-in lists of common first and last
  names, titles from a built-in table; none of them is a real employee of the company. Their
  emails use the reserved `.example` top-level domain (RFC 2606:
  `first.last@<company label>.example`), so no real mailbox is ever addressed, and their
  LinkedIn URLs are made up from the name plus a 6-hex hash suffix; nothing was looked up.

Output: JSON Lines, one Lead input object per line exactly as `POST /api/leads` takes it;
company lines first (sorted by domain), then people (grouped by company, same order).

The output is deterministic: the input is sorted, and every random choice comes from a
`random.Random` seeded with SEED and the company's domain, so re-running with the same
pytickersymbols version writes a byte-identical file.

Usage:  pip install pytickersymbols && python3 scripts/make-sample-prospects.py [OUTPUT]
"""
import collections
import hashlib
import json
import os
import random
import re
import sys
import unicodedata
import urllib.parse

try:
    from pytickersymbols import PyTickerSymbols
    import pytickersymbols
except ImportError:  # pragma: no cover - told to the person running it
    sys.exit("needs the package pytickersymbols: pip install pytickersymbols")

SEED = "puffle-sample-prospects-v1"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUTPUT = os.path.join(ROOT, "Samples", "prospects.jsonl")

SIZE_BANDS = ["1-10", "11-20", "21-50", "51-100", "101-200", "201-500", "501-1000",
              "1001-2000", "2001-5000", "5001-10000", "10001+"]
SIZE_LIMITS = [10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000]

# ---------------------------------------------------------------------------------------------
# Countries, regions and headquarters parsing
# ---------------------------------------------------------------------------------------------

COUNTRY_ALIASES = {
    "united states": "United States", "united states of america": "United States", "u.s.": "United States",
    "u.s": "United States", "us": "United States", "usa": "United States", "u.s.a.": "United States",
    "united kingdom": "United Kingdom", "uk": "United Kingdom", "u.k.": "United Kingdom",
    "england": "United Kingdom", "scotland": "United Kingdom", "wales": "United Kingdom",
    "northern ireland": "United Kingdom",
    "germany": "Germany", "deutschland": "Germany", "japan": "Japan", "france": "France", "spain": "Spain",
    "netherlands": "Netherlands", "the netherlands": "Netherlands", "sweden": "Sweden",
    "switzerland": "Switzerland", "finland": "Finland", "belgium": "Belgium", "ireland": "Ireland",
    "republic of ireland": "Ireland", "luxembourg": "Luxembourg", "italy": "Italy", "austria": "Austria",
    "denmark": "Denmark", "norway": "Norway", "portugal": "Portugal", "greece": "Greece", "poland": "Poland",
    "czech republic": "Czech Republic", "canada": "Canada", "mexico": "Mexico", "argentina": "Argentina",
    "brazil": "Brazil", "chile": "Chile", "australia": "Australia", "new zealand": "New Zealand",
    "china": "China", "hong kong": "Hong Kong", "taiwan": "Taiwan", "south korea": "South Korea",
    "singapore": "Singapore", "india": "India", "israel": "Israel", "south africa": "South Africa",
    "russia": "Russia", "russian federation": "Russia", "bermuda": "Bermuda", "bahamas": "Bahamas",
    "the bahamas": "Bahamas", "puerto rico": "United States", "isle of man": "Isle of Man",
    "guernsey": "Guernsey", "jersey": "Jersey", "cayman islands": "Cayman Islands", "monaco": "Monaco",
    "united arab emirates": "United Arab Emirates", "turkey": "Turkey", "cyprus": "Cyprus",
}

ISIN_COUNTRIES = {
    "US": "United States", "JP": "Japan", "DE": "Germany", "GB": "United Kingdom", "FR": "France",
    "ES": "Spain", "NL": "Netherlands", "SE": "Sweden", "CH": "Switzerland", "FI": "Finland",
    "IE": "Ireland", "BE": "Belgium", "LU": "Luxembourg", "IT": "Italy", "CA": "Canada",
    "GR": "Greece", "AU": "Australia", "AT": "Austria", "DK": "Denmark", "NO": "Norway",
    "BM": "Bermuda", "JE": "Jersey", "GG": "Guernsey", "IM": "Isle of Man", "KY": "Cayman Islands",
    # LR (Liberia), AN (Netherlands Antilles) are registration domiciles only: not mapped.
}

US_STATES = {
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware",
    "Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky",
    "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi",
    "Missouri", "Montana", "Nebraska", "Nevada", "New Hampshire", "New Jersey", "New Mexico",
    "New York", "North Carolina", "North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania",
    "Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah", "Vermont",
    "Virginia", "Washington", "West Virginia", "Wisconsin", "Wyoming", "D.C.", "District of Columbia",
    "Puerto Rico",
}
US_STATE_KEYS = {s.lower() for s in US_STATES}

# Regions that stand between a city and its country in an address; skipped when looking for the city.
REGIONS = {
    "england", "scotland", "wales", "northern ireland", "bavaria", "bayern", "baden-württemberg",
    "north rhine-westphalia", "nordrhein-westfalen", "hesse", "hessen", "lower saxony", "niedersachsen",
    "rhineland-palatinate", "saxony", "schleswig-holstein", "catalonia", "community of madrid",
    "basque country", "andalusia", "valencia", "uusimaa", "île-de-france", "ile-de-france",
    "hauts-de-seine", "flanders", "wallonia", "north holland", "south holland", "noord-holland",
    "zuid-holland", "north brabant", "utrecht", "lombardy", "lazio", "piedmont", "ontario", "quebec",
    "british columbia", "alberta", "new south wales", "victoria", "stockholm county", "skåne",
    "västra götaland", "capital region", "zealand", "greater london", "greater manchester",
    "west midlands", "state of israel", "north-east region", "county dublin", "county cork", "surrey",
    "kent", "essex", "middlesex", "merseyside", "essonne", "yvelines", "val-de-marne", "seine-saint-denis",
    "val-d'oise", "galicia", "upper bavaria", "vaud", "zug canton", "ticino", "aargau", "brabant",
    # Japanese prefectures that are not also the usual city name of a headquarters address
    "aichi", "kanagawa", "hyogo", "hyōgo", "saitama", "chiba", "ibaraki", "tochigi", "gunma",
    "nagano", "niigata", "gifu", "mie", "shiga", "nara", "wakayama", "okayama", "yamaguchi",
    "shizuoka", "toyama", "ishikawa", "fukui", "yamanashi", "tokushima", "kagawa", "ehime",
    "kochi", "kōchi", "fukuoka", "saga", "nagasaki", "kumamoto", "oita", "ōita", "miyazaki",
    "kagoshima", "okinawa", "hokkaido", "hokkaidō", "aomori", "iwate", "miyagi", "akita",
    "yamagata", "fukushima", "tottori", "shimane", "hiroshima",
}
REGION_WORDS = ("prefecture", "canton", "county", "region", "province", "state of", "land ", "district")
# Words that mark an address part (a building, a street) rather than a city.
ADDRESS_WORDS = {
    "tower", "towers", "building", "center", "centre", "street", "avenue", "ave", "road", "rd",
    "boulevard", "blvd", "plaza", "place", "square", "headquarters", "hq", "campus", "park", "house",
    "strasse", "straße", "str", "platz", "allee", "weg", "gate", "floor", "suite", "formerly", "near",
    "unincorporated", "quai", "rue", "arrondissement", "chome", "chōme", "ward", "office", "offices",
    "global", "corporate", "operational", "legal", "registered", "and", "via", "calle", "paseo",
}
CITY_WORD = re.compile(r"^(?:[A-ZÀ-ÖØ-Þ][\w'’.\-]*|of|de|del|la|le|am|an|der|sur|upon|on|the|en|im|bei|di|da|do|dos|das|y)$")


def strip_parens(text):
    """Removes (…) and […] segments, nested or not; an unclosed one cuts the rest."""
    out, depth = [], 0
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def country_of_part(part):
    """The country a comma-separated address part names (a country or a US state), or None."""
    key = part.strip().rstrip(".").lower() if part.strip().lower() not in COUNTRY_ALIASES else part.strip().lower()
    if key in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[key]
    if part.strip().lower() in US_STATE_KEYS:
        return "United States"
    # "Japan Kitahama", "Luxembourg Cologne": two addresses run together; the first country wins.
    for alias, country in COUNTRY_ALIASES.items():
        if len(alias) > 3 and part.lower().startswith(alias + " ") and part[len(alias) + 1:][:1].isupper():
            return country
    return None


def is_region(part, country=None):
    low = part.lower()
    return (low in REGIONS or low in US_STATE_KEYS or (country == "United Kingdom" and low.endswith("shire"))
            or any(word in low for word in REGION_WORDS))


def clean_city(part, country=None):
    """A city name from one address part, or None when the part does not look like one."""
    part = re.sub(r"\s+", " ", part).strip(" .;:-–")
    words = [w for w in part.split(" ") if w]
    if not words:
        return None
    # A building, a street or a note ("Tour Total", "25 Avenue Matignon", "Formerly Dundee"): no city.
    if any(w.lower().strip(".,") in ADDRESS_WORDS for w in words):
        return None
    # Postal codes and house numbers: "8712 Stäfa", "Tokyo 100-8983" keep the city on the other side
    # of the postal code; "Fabianinkatu 21 Helsinki" keeps what follows the house number, and
    # "Rudeboksvägen 1" (a street) gives nothing.
    numbered = [i for i, w in enumerate(words) if any(c.isdigit() for c in w)]
    if numbered:
        last = numbered[-1]
        token = words[last]
        if any(c.isalpha() for c in token.replace("B-", "").replace("D-", "").replace("F-", "")):
            return None                                  # "3-chome", "1st"
        postal = len(re.sub(r"\D", "", token)) >= 4 or "-" in token or "–" in token
        if last < len(words) - 1:
            words = words[last + 1:]
        elif postal and len(numbered) == 1:
            words = words[:last]
        else:
            return None
    if not words or len(words) > 3:
        return None
    if words[-1].endswith(("-shi", "-ku", "-cho", "-chō", "-machi", "-gun")):
        if not words[-1].endswith("-shi"):
            return None                                  # a ward or a block of a city, not the city
        words[-1] = words[-1][:-4]
    city = " ".join(words)
    if not all(CITY_WORD.match(w) for w in words) or not words[0][:1].isupper():
        return None
    if city.lower() in COUNTRY_ALIASES or is_region(city, country) or len(city) < 2:
        return None
    return city


def parse_place(text):
    """(country, city) named by a headquarters or location string; either may be None."""
    if not text or not isinstance(text, str) or text.strip().lower() in ("none", "n/a"):
        return None, None
    text = text.split(";")[0]
    text = re.sub(r"\d+°.*$", "", text)            # coordinates
    text = strip_parens(text).replace("\ufeff", " ")
    parts = [re.sub(r"\s+", " ", p).strip() for p in text.split(",") if p.strip()]
    for index, part in enumerate(parts):
        country = country_of_part(part)
        if country is None:
            continue
        if part.lower() in ("washington", "georgia", "jersey") and index < len(parts) - 1 \
                and country_of_part(parts[index + 1]) and index == 0:
            continue  # "Washington, D.C.", "Jersey, Channel Islands": a city, not the country
        if part.lower() == "d.c." or part.lower() == "district of columbia":
            return "United States", ("Washington" if index > 0 and parts[index - 1].lower().startswith("washington") else None)
        if country == "Singapore":
            return country, "Singapore"
        city = None
        for candidate in reversed(parts[:index]):
            if is_region(candidate, country):
                continue
            city = clean_city(candidate, country)
            break
        return country, city
    return None, None


def isin_country(stock):
    for isin in stock.get("isins") or []:
        country = ISIN_COUNTRIES.get((isin or "")[:2])
        if country:
            return country
    return None


def place_of(stock):
    """(country, city) by a vote of the three sources the package has for where a company is."""
    meta = stock.get("metadata") or {}
    field_country, field_city = parse_place(stock.get("country"))
    field_is_address = bool(field_city)
    hq_country, hq_city = parse_place(meta.get("headquarters"))
    votes = collections.Counter(c for c in (field_country, hq_country, isin_country(stock)) if c)
    if not votes:
        return None, None
    ranked = votes.most_common()
    top = [c for c, n in ranked if n == ranked[0][1]]
    if len(top) == 1:
        country = top[0]
    elif field_is_address and field_country in top:
        country = field_country      # "City, State" from the index listing is the most structured source
    elif hq_country in top:
        country = hq_country
    else:
        country = field_country if field_country in top else top[0]
    city = None
    if field_country == country and field_city:
        city = field_city
    elif hq_country == country and hq_city:
        city = hq_city
    return country, city


# ---------------------------------------------------------------------------------------------
# Domains
# ---------------------------------------------------------------------------------------------

# Second-level public suffixes that occur in the data (a registrable domain sits one label above).
MULTI_SUFFIXES = {
    "co.jp", "ne.jp", "or.jp", "ac.jp", "co.uk", "org.uk", "plc.uk", "com.au", "co.nz", "com.br",
    "com.mx", "co.za", "com.sg", "com.hk", "com.cn", "co.in", "co.il", "com.tr", "co.kr", "com.es",
    "com.ar", "co.at", "com.tw",
}
DOMAIN_TOKEN = re.compile(r"^(?:https?://)?((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,24})(?:[/:?#].*)?$", re.I)
GENERIC_LABELS = {"group", "global", "holdings", "corporate", "corp", "investors", "ir", "about", "www", "home"}


def registrable(host):
    labels = host.lower().split(".")
    suffix_len = 2 if ".".join(labels[-2:]) in MULTI_SUFFIXES else 1
    return ".".join(labels[-(suffix_len + 1):]) if len(labels) > suffix_len else None


def public_suffix(domain):
    labels = domain.split(".")
    return ".".join(labels[-2:]) if ".".join(labels[-2:]) in MULTI_SUFFIXES else labels[-1]


def ascii_fold(text):
    text = text.replace("ß", "ss").replace("ø", "o").replace("Ø", "O").replace("æ", "ae").replace("Æ", "AE")
    text = text.replace("ł", "l").replace("Ł", "L").replace("đ", "d").replace("ı", "i").replace("œ", "oe")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def compact(text):
    return re.sub(r"[^a-z0-9]", "", ascii_fold(text).lower())


NAME_NOISE = {"the", "inc", "corp", "corporation", "company", "co", "group", "holdings", "holding", "plc",
              "ltd", "limited", "ag", "se", "sa", "nv", "ab", "oyj", "spa", "asa", "llc", "lp", "and"}


def name_words(name):
    return [w for w in (compact(x) for x in re.split(r"[\s\-&.,()/+']+", name)) if len(w) >= 2 and w not in NAME_NOISE]


def domain_score(domain, name):
    """How well a registrable domain's label matches the company name (higher is better)."""
    label = compact(domain.split(".")[0])
    whole = compact(name)
    words = name_words(name)
    initials = "".join(w[0] for w in words)
    if label in words or label == whole or (len(initials) >= 2 and label == initials):
        return 3
    if (len(label) >= 3 and label in whole) or any(len(w) >= 3 and w in label for w in words):
        return 2
    return 0


def website_domain(website, name):
    """The registrable domain of a website field, or None ("Official website", archived, garbage)."""
    if not website or not isinstance(website, str) or "wayback" in website.lower():
        return None
    text = website.replace("{{URL|", " ").replace("{", " ").replace("}", " ").replace("]", " ")
    candidates = []
    for token in text.split():
        match = DOMAIN_TOKEN.match(token.strip(" ,;()"))
        if match:
            domain = registrable(match.group(1))
            if domain and domain not in candidates:
                candidates.append(domain)
    if not candidates:
        return None
    # Several sites ("hm.com (retail) hmgroup.com (corporate)"): the one named like the company, else the first.
    return max(candidates, key=lambda d: (domain_score(d, name), -candidates.index(d)))


def email_label(domain):
    """`siemens` for siemens.com, `tepco` for tepco.co.jp, `rwe` for group.rwe."""
    suffix = public_suffix(domain)
    label = domain[: -(len(suffix) + 1)].split(".")[-1]
    if label in GENERIC_LABELS:
        label = suffix.split(".")[-1]
    return label


def metadata_matches(stock):
    """False when the package's metadata evidently describes another company (wrong Wikipedia page)."""
    meta = stock.get("metadata") or {}
    url = meta.get("wikipedia_url")
    if not url:
        return True
    title = compact(urllib.parse.unquote(url.rsplit("/", 1)[-1]).replace("_", " "))
    words = name_words(stock["name"])
    initials = "".join(w[0] for w in words)
    return (any(len(w) >= 3 and w in title for w in words) or compact(stock["name"])[:4] in title
            or (len(initials) >= 3 and initials in title))


# ---------------------------------------------------------------------------------------------
# Employees and size
# ---------------------------------------------------------------------------------------------

NUMBER = re.compile(r"(?<![\d,])(?<!\d\.)(\d{1,3}(?:[,.\u202f ]\d{3})+|\d+)(?![\d])")


def employee_count(raw):
    """The head count an infobox employees field states (the largest figure: the group), or None."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, (int, float)):
        return int(raw) if raw > 0 else None
    text = str(raw)
    million = re.search(r"(\d+(?:\.\d+)?)\s*million", text, re.I)
    if million:
        return int(float(million.group(1)) * 1_000_000)
    values = []
    for match in NUMBER.finditer(text):
        token = match.group(1)
        value = int(re.sub(r"[,.\u202f ]", "", token))
        tail = text[match.end():match.end() + 2]
        before = text[max(0, match.start() - 12):match.start()].lower()
        is_year = re.fullmatch(r"\d{4}", token) and 1950 <= value <= 2035
        is_date = re.search(r"(january|february|march|april|may|june|july|august|september|october|november|december|jan\.|feb\.|mar\.|dec\.)\s*$", before) or tail.startswith(("st", "nd", "rd", "th"))
        if is_year or is_date or re.match(r"/", tail):
            continue
        values.append(value)
    values = [v for v in values if v > 0]
    return max(values) if values else None


def size_band(count):
    for limit, band in zip(SIZE_LIMITS, SIZE_BANDS):
        if count <= limit:
            return band
    return SIZE_BANDS[-1]


def plausible_band(domain):
    """A band for a listed company whose infobox gives no head count, from a hash of its domain."""
    choices = ["501-1000", "1001-2000", "1001-2000", "2001-5000", "2001-5000", "2001-5000",
               "5001-10000", "5001-10000", "5001-10000", "10001+", "10001+"]
    return choices[int(hashlib.sha256((SEED + "|size|" + domain).encode()).hexdigest(), 16) % len(choices)]


# ---------------------------------------------------------------------------------------------
# Industries
# ---------------------------------------------------------------------------------------------

# Sector-level labels (GICS sectors, LSEG economic/business sectors, generic words): each counts half a
# vote, so a specific label (one that matches a rule below) outweighs it.
BROAD_LABELS = {
    "financials": "financial services", "financial services": "financial services", "finance": "financial services",
    "banking & investment services": "financial services", "industrials": "industrials",
    "industrial goods": "industrials", "manufacturing": "industrials", "conglomerate": "industrials",
    "industrial & commercial services": "business services", "services": "business services",
    "dienstleistungen": "business services", "consumer discretionary": "consumer goods",
    "consumer cyclicals": "consumer goods", "consumer cyclical": "consumer goods",
    "cyclical consumer products": "consumer goods", "cyclical consumer services": "hospitality",
    "consumer staples": "consumer goods", "consumer non-cyclicals": "consumer goods",
    "consumer defensive": "consumer goods", "consumer goods": "consumer goods",
    "health care": "healthcare", "healthcare": "healthcare", "health care services": "healthcare",
    "information technology": "technology", "information technology ": "technology", "technology": "technology",
    "technology equipment": "electronics", "it": "technology", "real estate": "real estate",
    "energy": "energy", "utilities": "utilities", "materials": "materials", "basic materials": "materials",
    "basic resources": "materials", "applied resources": "materials", "mineral resources": "metals & mining",
    "communication services": "media", "communications": "telecommunications", "holding": "financial services",
    "holding company": "financial services", "beteiligungen": "financial services", "investment": "financial services",
    "investment banking & investment services": "financial services", "finance and insurance": "financial services", "transportation": "transportation",
}

# (industry, pattern) in priority order: a label takes the first industry whose pattern it matches;
# the company takes the industry with the most votes, ties going to the earlier rule.
INDUSTRY_RULES = [
    ("fintech", r"payment|financial technology|fintech|cryptocurrenc"),
    ("semiconductors", r"semiconductor"),
    ("electronics", r"electronic|elektronik|virtual reality|computer storage|electric machinery|computer hardware|computers|computer peripheral|computer data storage|phones|handheld|precision instruments|technology distributors|rfid|electrical components|electrical equipment|heavy electrical|office equipment|optical|instruments"),
    ("security", r"burglary|surveillance|public safety|security systems|security , access control|access control|video surveillance|alarm|ordnance|firearm|security services"),
    ("aerospace", r"aerospace|luft- und raumfahrt|defen[cs]e|aviation|space"),
    ("software", r"internet of things|software|identity verification|identity resolution|customer experience management|\\bplm\\b|\\biot\\b|saas|cloud|internet security|network security|computer security|information security|cybersecurity|data analytics"),
    ("it services", r"it services|it solutions|it-dienstleistungen|b2b it|technical products and services|edp services|information technology consulting|it and consulting|data processing|outsourc|technology consulting"),
    ("internet", r"internet|freelance marketplace|ticket distribution|meal kit|online|e-?commerce|search engine|social media|travel technology"),
    ("telecommunications", r"telecom|networking|satellit|alternative carriers|communications services|wireless|cable & other pay|cable & satellite|communications & networking|communications equipment|networking hardware|computer networking|telekommunikation"),
    ("advertising", r"advertising|werbung|marketing|public relations"),
    ("hospitality", r"hotel|glücksspiel|lottery|restaurant|hospitality|lodging|tourism|travel|cruise|leisure(?! products)|foodservice|eatertainment|resort|casino|gambling|gaming|amusement"),
    ("media", r"media|broadcast|publishing|medien|entertainment|movies|music|video games|television"),
    ("insurance", r"insurance|reinsurance|insurer|versicherung"),
    ("real estate", r"real estate|apartments|reit|retis|immobilien|property|properties|homebuilding|housebuilding|home construction|residential"),
    ("banking", r"\bbank|banking|banken"),
    ("asset management", r"investment management|private debt|investments|investment services|asset management|wealth management|private equity|collective investments|investment trust|fund operators|brokerage"),
    ("financial services", r"financial|financ|finance|consumer lending|securities|exchange|market operators|credit|leasing|specialized finance|trust"),
    ("retail", r"retail|stores|supermarket|grocery|drug retailers|department|wholesal|discount|pharmacy|home improvement|einzelhandel"),
    ("tobacco", r"tobacco|smoke-free"),
    ("food & beverage", r"food|getränke|fishery|fishing|processed & packaged|beverage|drink|brew|distill|wine|confection|snack|dairy|meat|soft drinks|sugar|agricultur|nahrungsmittel|lebensmittel"),
    ("biotechnology", r"biotech|biopharm|life sciences"),
    ("pharmaceuticals", r"pharma|medication|drug manufact"),
    ("medical devices", r"orthodont|medical/dental instrument|medical electronics|medical (?:device|equipment|technology|instrument|supplies)|health ?care equipment|healthcare equipment|medical-device|medical technology|diagnostic|ophthalm|medizintechnik"),
    ("healthcare", r"health|caregiving|hospital(?!ity)|medical|pflege|care facilities|managed care|dental|laborator"),
    ("airlines", r"airline|air transport|luftfahrt"),
    ("automotive", r"automo|car dealership|auto |auto,|auto parts|vehicle|truck manufact|tires|tyre|motorcycle"),
    ("logistics", r"logistic|logistik|freight|courier|shipping|marine transport|cargo|trucking|delivery|postal|warehous"),
    ("chemicals", r"chemi|flavo|fragrance|specialty materials|riechstoffe|industrial gas|fertili|coatings|paints"),
    ("transportation", r"car rental|rail|transport|airport|bus\b|toll|passenger|mobilität"),
    ("utilities", r"utilit|independent power|electric power|electricity|power generation|water and wastewater|water industry|versorger|^gas$|gas distribution"),
    ("energy", r"oil|hydrocarbon|photovoltaic|ölfeld|gas|petroleum|fossil|energy|coal|refin|solar|wind|renewable|ölförderung"),
    ("metals & mining", r"metal|mining|steel|stahl|alumin|gold|copper|iron|mineral"),
    ("construction", r"construction|zement|building|civil engineering|cement|infrastructure|architecture|bau"),
    ("packaging", r"packaging|behälterglas|containers|paper|forest|pulp|glass"),
    ("consumer goods", r"clothes|apparel|clothing|garments|accessories|personal goods|eyewear|home appliances|fmcg|fast-moving consumer|freizeitartikel|swimming pools|fashion|footwear|luxury|cosmetic|personal products|personal care|household|toiletries|textile|furniture|sports|sportswear|toys|consumer products|jewel|haushalt|leisure products|recreational|konsumgüter"),
    ("education", r"education|school|training"),
    ("consulting", r"consult|marktforschung|opinion research|information and analytics|beratung|professional services|professional information|research and advisory|ingenieursdienst|engineering services"),
    ("business services", r"staffing|information storage|testing|inspection|certification|private prisons|textilservice|distribution|distributing|corporate services|employment|human resources|support services|commercial services|business services|business support|facility|security|printing|waste|environmental services|office services|rental|trading compan|general trading|sogo shosha"),
    ("industrials", r"agricultural machinery|heavy equipment|machinery|mischkonzern|heavy industry|montanindustrie|röhren|^industry$|water technology|water & fluid|valves|industrial|equipment|engineering|tools|conglomerate|hvac|manufacturing|electrical|components|rubber|robot|automation|shipbuild|maschinen"),
]
INDUSTRY_RULES = [(name, re.compile(pattern, re.I)) for name, pattern in INDUSTRY_RULES]
RULE_ORDER = {name: index for index, (name, _) in enumerate(INDUSTRY_RULES)}


def label_industry(label):
    """The industry of the topic a label names first ("Heavy equipment (construction, mining), Defense"
    is industrials): the earliest match, then the longest, then the earlier rule."""
    best = None
    for order, (name, pattern) in enumerate(INDUSTRY_RULES):
        match = pattern.search(label)
        if match:
            key = (match.start(), -(match.end() - match.start()), order)
            if best is None or key < best[0]:
                best = (key, name)
    return best[1] if best else None


# A company's own name is better evidence than labels for a few industries.
NAME_HINTS = [
    ("banking", re.compile(r"bank|banc|banque", re.I)),
    ("airlines", re.compile(r"airlines|air lines|airways", re.I)),
    ("insurance", re.compile(r"insurance|assurance|reinsurance", re.I)),
]
# Companies whose labels in the package evidently describe another business (checked by hand).
INDUSTRY_OVERRIDES = {
    "Alcon": "medical devices",                  # labelled freight & logistics
    "Philip Morris International": "tobacco",    # labelled medical equipment
    "General Motors": "automotive",              # labelled retail, food, telecommunications
    "Steris": "medical devices",                 # labelled electric utilities
    "United Parcel Service": "logistics",        # labelled aerospace & defense
    "Otis Worldwide": "industrials",             # labelled transport systems
}
# Companies whose website in the package is another company's (checked by hand): left out.
WRONG_WEBSITES = {
    "Befesa": "abengoa.com", "AENA": "enaire.es", "Pluxee": "sodexo.com", "Adeia": "xperi.com",
    "Reynolds Consumer Products": "reynoldsgroupholdings.com", "Apollo Commercial Real Estate Finance": "apollo.com",
}


def industry_of(stock):
    name = stock.get("name") or ""
    if name in INDUSTRY_OVERRIDES:
        return INDUSTRY_OVERRIDES[name]
    for industry, pattern in NAME_HINTS:
        if pattern.search(name):
            return industry
    labels = sorted({(l or "").strip() for l in stock.get("industries") or [] if l and l.strip()})
    votes = collections.Counter()
    for label in labels:
        if label.lower() in BROAD_LABELS:
            votes[BROAD_LABELS[label.lower()]] += 0.5
        elif label_industry(label):
            votes[label_industry(label)] += 1
    if not votes:
        return None
    return min(votes, key=lambda i: (-votes[i], RULE_ORDER.get(i, len(RULE_ORDER)), i))


# ---------------------------------------------------------------------------------------------
# Synthetic people
# ---------------------------------------------------------------------------------------------

FIRST_NAMES = """
Ava Liam Noah Emma Olivia Lucas Mia Elias Sofia Mateo Amelia Leo Hannah Felix Clara Jonas Lena Maximilian
Ines Hugo Chloé Louis Camille Jules Manon Arthur Léa Gabriel Zoé Raphaël Alejandro Lucía Diego Valentina
Carmen Javier Paula Pablo Martina Marco Giulia Luca Francesca Matteo Chiara Alessandro Aurora João Beatriz
Tiago Mariana Rafael Ana Pedro Lars Ingrid Sven Astrid Erik Freya Nils Sigrid Mikko Aino Juha Helmi Søren
Mette Anders Karin Jan Agnieszka Piotr Katarzyna Tomasz Zuzana Ondřej Petra Dmitri Anastasia Ivan Olga
Oksana Andriy Bogdan Ioana Mehmet Elif Emre Ayşe Omar Layla Youssef Fatima Karim Nour Amir Yasmin Daniel
Noa Yael Ariel Arjun Priya Rohan Ananya Vikram Kavya Rahul Neha Aditya Meera Wei Jun Mei Hao Xin Yuki
Haruto Sakura Ren Aoi Sota Hina Kenji Minji Seo-yeon Jisoo Hyun-woo Thanh Linh Minh Siti Budi Putri Kwame
Ama Chinedu Ngozi Tunde Zanele Thabo Amara Kofi Wanjiru Mateus Camila Santiago Isabela Joaquín Renata
Emilio Ximena Ethan Grace James Charlotte Benjamin Harper Samuel Abigail Henry Ella Owen Nora Isaac Ruby
Caleb Maya Aiden Sarah Michael Rachel David Emily Thomas Laura Oliver Jack Isla Finn Aoife Cian Siobhan
Rhys Megan Callum Eilidh Tane Aroha Mason Zara Malik Imani Tariq Leila Bashir Selin Can Deniz Rania Idris
""".split()

LAST_NAMES = """
Lindqvist Andersson Johansson Nielsen Hansen Jensen Virtanen Korhonen Mäkinen Berg Dahl Haugen Müller
Schmidt Schneider Fischer Weber Becker Hoffmann Wagner Keller Brunner Huber Gruber Bauer Dubois Martin
Bernard Moreau Laurent Lefèvre Girard Rousseau Fontaine García Fernández López Martínez Sánchez Romero
Navarro Ortega Castillo Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Silva Santos
Oliveira Costa Pereira Almeida Ferreira Carvalho de_Vries Jansen van_Dijk Bakker Visser Smit Peeters
Janssens Maes Nowak Kowalski Wiśniewski Novák Dvořák Horváth Nagy Popescu Ionescu Petrov Smirnov Kovalenko
Shevchenko Yılmaz Kaya Demir Çelik Haddad Mansour Khalil Nasser Cohen Levi Mizrahi Friedman Sharma Patel
Gupta Iyer Reddy Nair Mehta Kapoor Das Chatterjee Wang Zhang Chen Liu Huang Zhao Wu Zhou Lin Tan Lim Ng
Wong Sato Suzuki Takahashi Tanaka Watanabe Yamamoto Nakamura Kobayashi Kim Lee Park Choi Jung Nguyen Tran
Pham Le Santoso Wijaya Reyes Cruz Mendoza Okafor Adeyemi Mensah Owusu Nkosi Dlamini Mwangi Otieno Kamara
Diallo Traoré Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Jackson
White Harris Clark Lewis Walker Hall Young Allen King Wright Scott Green Baker Adams Nelson Hill Campbell
O'Brien Murphy Kelly Byrne Walsh MacDonald Fraser Evans Hughes Morgan Price Rahman Hossain Khan Ahmed
Hussain Qureshi Karimi Hosseini Rezaei Kovač Horvat Papadopoulos Georgiou Nikolaidis Hernández González
Rodríguez Pérez Gómez Díaz Vargas Rojas Morales Herrera Flores
""".split()
LAST_NAMES = [n.replace("_", " ") for n in LAST_NAMES]

# Departments and how often they appear among a company's contacts.
DEPARTMENTS = {
    "sales": 22, "marketing": 12, "engineering": 20, "product": 8, "finance": 8, "hr": 7,
    "operations": 7, "customer success": 7, "legal": 3, "data": 6,
}
# (title, department, seniority) — seniority weights below; unique titles occur once per company.
TITLES = [
    ("CEO", None, "exec"), ("CTO", "engineering", "exec"), ("CFO", "finance", "exec"),
    ("CMO", "marketing", "exec"), ("COO", "operations", "exec"), ("Chief Revenue Officer", "sales", "exec"),
    ("Chief Product Officer", "product", "exec"), ("Chief People Officer", "hr", "exec"),
    ("General Counsel", "legal", "exec"), ("Chief Data Officer", "data", "exec"),
    ("Chief Customer Officer", "customer success", "exec"),
    ("Founder & CEO", None, "founder"), ("Co-Founder", None, "founder"),
    ("VP of Sales", "sales", "vp"), ("VP of Marketing", "marketing", "vp"), ("VP of Engineering", "engineering", "vp"),
    ("VP of Product", "product", "vp"), ("VP of Finance", "finance", "vp"), ("VP of People", "hr", "vp"),
    ("VP of Operations", "operations", "vp"), ("VP of Customer Success", "customer success", "vp"),
    ("VP of Legal", "legal", "vp"), ("VP of Data", "data", "vp"), ("VP of Business Development", "sales", "vp"),
    ("Head of Sales", "sales", "head"), ("Head of Growth", "marketing", "head"), ("Head of Brand", "marketing", "head"),
    ("Head of Engineering", "engineering", "head"), ("Head of Infrastructure", "engineering", "head"),
    ("Head of Product", "product", "head"), ("Head of Design", "product", "head"), ("Head of Finance", "finance", "head"),
    ("Head of Talent Acquisition", "hr", "head"), ("Head of Operations", "operations", "head"),
    ("Head of Procurement", "operations", "head"), ("Head of Customer Success", "customer success", "head"),
    ("Head of Legal", "legal", "head"), ("Head of Data", "data", "head"), ("Head of Partnerships", "sales", "head"),
    ("Director of Sales", "sales", "director"), ("Director of Enterprise Sales", "sales", "director"),
    ("Director of Demand Generation", "marketing", "director"), ("Director of Product Marketing", "marketing", "director"),
    ("Director of Engineering", "engineering", "director"), ("Director of IT", "engineering", "director"),
    ("Director of Product Management", "product", "director"), ("Director of FP&A", "finance", "director"),
    ("Director of HR", "hr", "director"), ("Director of Operations", "operations", "director"),
    ("Director of Supply Chain", "operations", "director"), ("Director of Customer Success", "customer success", "director"),
    ("Director of Legal Affairs", "legal", "director"), ("Director of Data Science", "data", "director"),
    ("Senior Account Executive", "sales", "senior"), ("Senior Marketing Manager", "marketing", "senior"),
    ("Senior Software Engineer", "engineering", "senior"), ("Senior DevOps Engineer", "engineering", "senior"),
    ("Senior Product Manager", "product", "senior"), ("Senior Financial Analyst", "finance", "senior"),
    ("Senior HR Business Partner", "hr", "senior"), ("Senior Operations Manager", "operations", "senior"),
    ("Senior Customer Success Manager", "customer success", "senior"), ("Senior Legal Counsel", "legal", "senior"),
    ("Senior Data Scientist", "data", "senior"), ("Senior Data Engineer", "data", "senior"),
    ("Enterprise Account Executive", "sales", "senior"), ("Senior Sales Engineer", "sales", "senior"),
    ("Senior Content Strategist", "marketing", "senior"), ("Senior Backend Engineer", "engineering", "senior"),
    ("Sales Manager", "sales", "manager"), ("Key Account Manager", "sales", "manager"),
    ("Marketing Manager", "marketing", "manager"), ("Content Marketing Manager", "marketing", "manager"),
    ("Engineering Manager", "engineering", "manager"), ("Product Manager", "product", "manager"),
    ("Finance Manager", "finance", "manager"), ("HR Manager", "hr", "manager"),
    ("Operations Manager", "operations", "manager"), ("Customer Success Manager", "customer success", "manager"),
    ("Legal Counsel", "legal", "manager"), ("Analytics Manager", "data", "manager"),
    ("Engineering Team Lead", "engineering", "manager"), ("IT Manager", "engineering", "manager"),
    ("Product Marketing Manager", "marketing", "manager"), ("Brand Manager", "marketing", "manager"),
    ("Controller", "finance", "manager"), ("People Operations Manager", "hr", "manager"),
    ("Supply Chain Manager", "operations", "manager"), ("Customer Support Manager", "customer success", "manager"),
    ("Compliance Manager", "legal", "manager"),
    ("Account Executive", "sales", "ic"), ("Sales Development Representative", "sales", "ic"),
    ("Business Development Representative", "sales", "ic"), ("Solutions Engineer", "sales", "ic"),
    ("Marketing Specialist", "marketing", "ic"), ("Marketing Coordinator", "marketing", "ic"),
    ("Software Engineer", "engineering", "ic"), ("Frontend Engineer", "engineering", "ic"),
    ("QA Engineer", "engineering", "ic"), ("Product Designer", "product", "ic"), ("Product Owner", "product", "ic"),
    ("Financial Analyst", "finance", "ic"), ("Accountant", "finance", "ic"), ("Recruiter", "hr", "ic"),
    ("Talent Acquisition Partner", "hr", "ic"), ("Operations Analyst", "operations", "ic"),
    ("Procurement Specialist", "operations", "ic"), ("Customer Support Specialist", "customer success", "ic"),
    ("Implementation Consultant", "customer success", "ic"), ("Paralegal", "legal", "ic"),
    ("Data Analyst", "data", "ic"), ("Data Scientist", "data", "ic"), ("Data Engineer", "data", "ic"),
    ("Backend Engineer", "engineering", "ic"), ("DevOps Engineer", "engineering", "ic"),
    ("Payroll Specialist", "hr", "ic"), ("Marketing Analyst", "marketing", "ic"),
]
SENIORITY = {"exec": 5, "founder": 2, "vp": 8, "head": 9, "director": 12, "senior": 19, "manager": 20, "ic": 25}
UNIQUE_SENIORITIES = {"exec", "founder", "vp"}


def title_weights(titles):
    per_level_dept = collections.Counter((level, dept) for _, dept, level in titles)
    weights = []
    for title, dept, level in titles:
        dept_weight = DEPARTMENTS[dept] if dept else sum(DEPARTMENTS.values()) / len(DEPARTMENTS)
        weights.append(SENIORITY[level] * dept_weight / per_level_dept[(level, dept)])
    return weights


TITLE_WEIGHTS = title_weights(TITLES)
SMALL_BANDS = set(SIZE_BANDS[:SIZE_BANDS.index("2001-5000") + 1])  # founders appear only up to here


def slug_part(text, sep):
    """ASCII, lowercase; spaces become `sep`, apostrophes vanish: "O'Brien" -> obrien, "van Dijk" -> van<sep>dijk."""
    text = ascii_fold(text).lower().replace("'", "").replace("’", "")
    text = re.sub(r"[^a-z0-9\- ]", "", text)
    return re.sub(r"\s+", sep, text.strip())


def company_rng(domain, purpose):
    return random.Random(hashlib.sha256(f"{SEED}|{purpose}|{domain}".encode()).digest())


def make_people(company, label, used_emails, used_links):
    domain = company["domain"]
    rng = company_rng(domain, "people")
    band_index = SIZE_BANDS.index(company["size"])
    count = min(25, 8 + rng.randint(0, 11) + round(band_index * 0.6))
    pool = [t for t in TITLES if t[2] != "founder" or company["size"] in SMALL_BANDS]
    weights = [w for t, w in zip(TITLES, TITLE_WEIGHTS) if t[2] != "founder" or company["size"] in SMALL_BANDS]
    taken_titles, people = set(), []
    place = company.get("location", {})
    location = {k: v for k, v in (("city", place.get("city")), ("country", place.get("country"))) if v}
    for index in range(count):
        while True:
            title, _, level = rng.choices(pool, weights)[0]
            if level in UNIQUE_SENIORITIES:
                key = "ceo" if "CEO" in title else ("founder" if level == "founder" else title)
                if key in taken_titles:
                    continue
                taken_titles.add(key)
            break
        for attempt in range(50):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            local = f"{slug_part(first, '')}.{slug_part(last, '')}" + (str(attempt - 39) if attempt >= 40 else "")
            email = f"{local}@{label}.example"
            if email not in used_emails:
                break
        else:  # pragma: no cover - 50 draws from 35,000 name pairs
            raise SystemExit(f"could not find a free email at {label}.example")
        used_emails.add(email)
        salt = 0
        while True:
            digest = hashlib.sha256(f"{SEED}|linkedin|{domain}|{index}|{first}|{last}|{salt}".encode()).hexdigest()[:6]
            link = f"https://www.linkedin.com/in/{slug_part(first, '-')}-{slug_part(last, '-')}-{digest}"
            if link not in used_links:
                break
            salt += 1
        used_links.add(link)
        person = {
            "type": "person",
            "name": {"first": first, "last": last},
            "title": title,
            "company": {"name": company["name"], "domain": domain},
            "location": location,
        }
        if company.get("industry"):
            person["industry"] = company["industry"]
        person["size"] = company["size"]
        person["contacts"] = [{"value": email}]
        person["socials"] = [{"url": link}]
        if not location:
            del person["location"]
        people.append(person)
    return people


# ---------------------------------------------------------------------------------------------
# Companies
# ---------------------------------------------------------------------------------------------

def company_candidates(stocks, stats):
    candidates = []
    for stock in stocks:
        name = (stock.get("name") or "").strip()
        meta = stock.get("metadata") or {}
        if not name:
            continue
        if not metadata_matches(stock):
            stats["metadata of another company"] += 1
            continue
        domain = website_domain(meta.get("website"), name)
        if domain and WRONG_WEBSITES.get(name) == domain:
            stats["metadata of another company"] += 1
            continue
        if not domain:
            stats["no usable website"] += 1
            continue
        country, city = place_of(stock)
        employees = employee_count(meta.get("employees"))
        candidates.append({
            "stock": stock, "name": name, "domain": domain, "country": country, "city": city,
            "employees": employees, "industry": industry_of(stock),
            "wikipedia": meta.get("wikipedia_url") if isinstance(meta.get("wikipedia_url"), str) else None,
        })
    return candidates


def dedupe(candidates, stats):
    """One company per domain: the record named most like the domain, then the richest, then by name."""
    by_domain = collections.defaultdict(list)
    for candidate in candidates:
        by_domain[candidate["domain"]].append(candidate)
    kept = []
    for domain in sorted(by_domain):
        group = sorted(by_domain[domain], key=lambda c: (
            -domain_score(domain, c["name"]), c["employees"] is None, c["country"] is None, c["name"]))
        kept.append(group[0])
        stats["duplicate domain dropped"] += len(group) - 1
    return kept


def company_line(candidate, stats):
    location = {}
    if candidate["country"]:
        location["country"] = candidate["country"]
    if candidate["city"]:
        location["city"] = candidate["city"]
    if candidate["employees"]:
        size = size_band(candidate["employees"])
    else:
        size = plausible_band(candidate["domain"])
        stats["size estimated (no employee count)"] += 1
    line = {"type": "company", "name": candidate["name"], "domain": candidate["domain"]}
    if candidate["industry"]:
        line["industry"] = candidate["industry"]
    line["size"] = size
    line["location"] = location
    if candidate["wikipedia"]:
        line["socials"] = [{"url": candidate["wikipedia"], "type": "wikipedia"}]
    if not location:
        del line["location"]
    return line


def email_labels(companies):
    """A distinct `.example` host label per company: `siemens`, or `siemens-de` when taken."""
    labels, used = {}, set()
    for company in companies:  # sorted by domain: the first company keeps the plain label
        label = email_label(company["domain"])
        if label in used:
            label = re.sub(r"[^a-z0-9-]", "-", company["domain"].lower().replace(".", "-"))
        used.add(label)
        labels[company["domain"]] = label
    return labels


def main():
    output = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUTPUT
    stats = collections.Counter()
    stocks = sorted(PyTickerSymbols().get_all_stocks(), key=lambda s: (s.get("name") or "", s.get("symbol") or ""))
    stats["stocks in pytickersymbols"] = len(stocks)
    companies = [company_line(c, stats) for c in dedupe(company_candidates(stocks, stats), stats)]
    labels = email_labels(companies)
    used_emails, used_links = set(), set()
    people = []
    for company in companies:
        people.extend(make_people(company, labels[company["domain"]], used_emails, used_links))
    os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
    with open(output, "w", encoding="utf-8", newline="\n") as handle:
        for line in companies + people:
            handle.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")
    stats["companies written"] = len(companies)
    stats["people written"] = len(people)
    print(f"pytickersymbols {getattr(pytickersymbols, '__version__', '?')} -> {output}", file=sys.stderr)
    for key in sorted(stats):
        print(f"  {key}: {stats[key]}", file=sys.stderr)


if __name__ == "__main__":
    main()

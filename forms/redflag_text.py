"""Words in the record that name a red flag: a scan of free text for the clinician to confirm.

`scan(fields)` reads the complaint, past history, medications, injury
descriptions and notes, and returns each red-flag mention with the quoted
words and the field they came from ("past history: “prostate cancer”"). A
temperature of 38 °C or more written as a number is a measurement, not a
mention: `temperatures` returns it so that the screen reports it as implied
(exam-format.md, "Additions to version 1").

What it handles:
- negation before the words in the same clause ("no fever", "denies night
  pain", "nil weight loss", "without calf swelling", "no fever, night sweats
  or weight loss"), and after them ("fever: no", "night pain – denied",
  "weight loss none");
- other people's history: a clause about family ("family history of bowel
  cancer", "mother had breast cancer", "FHx") raises nothing for the patient;
- worry is not history ("worried it might be cancer");
- weight lost on purpose ("lost 9 kg on purpose with the dietitian") is not unexplained;
- a temperature below 38 °C ("temp 37.2") is not fever.

German notes are read too (`_GERMAN`: "Nachtschmerz", "7 kg abgenommen",
"Taubheit im Reithosenbereich", "Blasen-/Mastdarmstörung", "kein Fieber",
"Fieber wird verneint", "Mutter hatte Brustkrebs"), whatever the window's
language: a German clinician may write German under an English window.

Its limits, stated so that nobody relies on it as a screening: it reads
English and German, clause by clause (a clause ends at . ; ! ? a new line or
"but"/"aber"); a negation reaches six words, or a list joined by "or" (so "no
fever, pain at night or on waking" misses the night pain); it cannot tell
an old, treated problem from a current one ("DVT in 2009"), weight loss
meant in another clause ("lost 7 kg. I was dieting") from unexplained, or
sarcasm and typing errors; it knows the words listed below and their common
spellings, not every way of saying them. A mention is a prompt to ask,
never a finding: the clinician confirms it in the screening.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kinelink.forms.vocab import RedFlag


@dataclass(frozen=True, slots=True)
class Mention:
    flag: RedFlag
    words: str  # the quoted words, as written
    field: str  # "complaint", "past history", "medications", "notes", "injury (left knee)"


@dataclass(frozen=True, slots=True)
class Temperature:
    celsius: float
    words: str
    field: str


_CANCER_SITES = (
    "(?:prostate|prostatic|breast|lung|bowel|colon|colorectal|rectal|renal|kidney|thyroid|skin|bone|"
    "pancreatic|ovarian|cervical|bladder|stomach|gastric|liver|oesophageal|esophageal|uterine|testicular)"
)

# Each flag: the patterns that name it (case-insensitive, on word boundaries).
_PATTERNS: dict[RedFlag, tuple[str, ...]] = {
    RedFlag.FEVER: (
        r"fevers?", r"feverish", r"febrile", r"pyrexi(?:a|al)", r"rigou?rs", r"night sweats?",
        r"(?:high|raised|elevated) temperature", r"running a temperature", r"sweats and chills", r"chills",
    ),
    RedFlag.UNEXPLAINED_WEIGHT_LOSS: (
        r"weight[- ]loss", r"los(?:t|ing|es) (?:some |a lot of )?weight",
        r"los(?:t|ing) (?:about |around |nearly |almost )?\d+(?:[.,]\d+)? ?(?:kg|kilos?|kilograms?|lbs?|pounds?|stone)",
        r"(?:clothes|trousers) (?:are )?(?:too )?loose",
    ),
    RedFlag.NIGHT_PAIN: (
        r"night[- ]pain", r"pain (?:at|during the|in the) night", r"nocturnal pain",
        r"(?:worse|bad|worst|aches?|pain(?:ful)?|throbs?|throbbing) (?:at|in the|during the) night",
        r"wak(?:es|ing|ens|ened|e) (?:me |him |her |them |up )?(?:up )?(?:at night|from sleep|in the night)",
        r"keeps? (?:me|him|her|them) (?:awake|up at night)", r"cannot sleep for (?:the )?pain",
        r"(?:pain|ache)s? (?:wakes|woke|wake) (?:me|him|her|them)(?: up)?(?: at night| in the night| from sleep)?",
    ),
    RedFlag.HISTORY_OF_CANCER: (
        rf"(?:{_CANCER_SITES} )?(?:cancers?|carcinomas?)", r"(?:secondary|secondaries) (?:in|to) the \w+",
        r"malignan(?:cy|t|cies)", r"metasta(?:sis|ses|tic)",
        r"tumou?rs?", r"neoplasms?", r"lymphomas?", r"leuka?emias?", r"myelomas?", r"sarcomas?",
        r"melanomas?", r"chemo(?:therapy)?", r"radiotherapy", r"oncolog(?:y|ist)",
        r"tamoxifen", r"letrozole", r"anastrozole", r"exemestane", r"bicalutamide", r"goserelin",
        r"enzalutamide", r"abiraterone", r"zoladex",
    ),
    RedFlag.HOT_SWOLLEN_JOINT: (
        r"(?:hot|warm|red)(?:,| and)? (?:and )?swollen", r"swollen(?:,| and)? (?:and )?(?:hot|warm|red)",
        r"hot (?:knee|hip|joint)", r"(?:knee|hip|joint) (?:is |was |feels )?hot",
        r"septic (?:arthritis|joint|knee|hip)",
    ),
    RedFlag.INABILITY_TO_BEAR_WEIGHT: (
        r"(?:unable|not able|can(?:no|')t|could(?:n't| not)) (?:to )?(?:bear|take|put) (?:any )?weight",
        r"(?:unable|not able|can(?:no|')t|could(?:n't| not)) (?:to )?weight[- ]?bear",
        r"(?:unable|not able|can(?:no|')t|could(?:n't| not)) (?:to )?(?:walk|stand)",
    ),
    RedFlag.TRAUMA_WITH_DEFORMITY: (
        r"deformity", r"deformed", r"dislocat(?:ed|ion)", r"(?:suspected|possible|query|\?) ?fracture",
    ),
    RedFlag.CALF_SWELLING_OR_TENDERNESS: (
        r"calf (?:is )?(?:swelling|swollen|tender(?:ness)?|pain|hot|red)", r"(?:swollen|tender|painful|hot) calf",
        r"dvt", r"deep ve(?:in|nous) thrombosis", r"blood clots?", r"thrombo(?:sis|embolism)",
    ),
    RedFlag.SADDLE_ANAESTHESIA: (
        r"saddle (?:an(?:a)?esthesia|numbness|area numb)",
        r"numb(?:ness)? (?:in|around|of) the (?:groin|genitals|perineum|buttocks|bottom|saddle)",
    ),
    RedFlag.PROGRESSIVE_NEUROLOGICAL_DEFICIT: (
        r"foot ?drop", r"drop ?foot", r"progressive (?:weakness|numbness|neurolog\w*)",
        r"(?:getting|becoming) (?:weaker|more numb)", r"worsening (?:weakness|numbness)",
        r"(?:numbness|weakness|pins and needles) (?:in )?both legs", r"both legs (?:are )?(?:numb|weak)",
        r"bilateral (?:leg )?(?:numbness|weakness|sciatica|pins and needles)",
        r"(?:bladder|bowel) (?:dysfunction|incontinence|retention|problems|changes)", r"incontinen(?:t|ce)",
        r"urinary retention",
    ),
}
# German words for the same flags (compounds: "Prostatakrebs", "Brustkrebs" end in -krebs). A fall or
# trauma on its own is not the flag; with a deformity, a dislocation or a suspected fracture it is.
_GERMAN: dict[RedFlag, tuple[str, ...]] = {
    RedFlag.FEVER: (
        r"fieber\w*", r"fiebrig", r"febril", r"schüttelfrost", r"nachtschwei(?:ß|ss)\w*",
        r"(?:erhöhte|hohe) temperatur",
    ),
    RedFlag.UNEXPLAINED_WEIGHT_LOSS: (
        r"gewichtsverlust\w*", r"gewichtsabnahme", r"(?:an )?gewicht verloren",
        r"\d+(?:[.,]\d+)? ?(?:kg|kilo(?:gramm)?) (?:an gewicht )?(?:abgenommen|verloren)",
        r"(?:ungewollt|unbeabsichtigt|unerklärlich|stark|deutlich) abgenommen",
        r"kleidung (?:ist )?(?:zu )?weit",
    ),
    RedFlag.NIGHT_PAIN: (
        r"nachtschmerz\w*", r"nächtliche\w* schmerz\w*", r"schmerz\w* (?:in der nacht|nachts)",
        r"nachts (?:schlimmer|stärker|am schlimmsten|schmerzhaft)",
        r"(?:wacht|erwacht|wache) (?:\w+ )?nachts (?:\w+ )?(?:auf|vor schmerz\w*)",
        r"(?:wacht|erwacht|wache) (?:\w+ )?vor schmerz\w* (?:\w+ )?auf", r"schmerzbedingt(?:es|e)? erwachen",
        r"kann (?:vor schmerz\w* )?nicht (?:mehr )?schlafen",
    ),
    RedFlag.HISTORY_OF_CANCER: (
        r"\w*krebs\w*", r"\w*karzinom\w*", r"\w*tumor\w*", r"malignom\w*", r"bösartig\w*",
        r"metasta\w+", r"lymphom\w*", r"leukämie\w*", r"myelom\w*", r"sarkom\w*", r"melanom\w*",
        r"chemo(?:therapie)?", r"bestrahlung", r"strahlentherapie", r"onkolog\w*",
    ),
    RedFlag.HOT_SWOLLEN_JOINT: (
        r"(?:heiß\w*|warm\w*|überwärmt\w*|gerötet\w*|rot)(?:,| und)? (?:und )?geschwollen\w*",
        r"geschwollen\w*(?:,| und)? (?:und )?(?:heiß|warm|überwärmt|gerötet|rot)\w*",
        r"(?:knie|hüfte|gelenk) (?:ist |war |fühlt sich )?(?:heiß|überwärmt)", r"überwärmung",
        r"septische\w* (?:arthritis|gelenk\w*|coxitis|gonitis)", r"gelenkinfekt\w*", r"gelenkempyem\w*",
    ),
    RedFlag.INABILITY_TO_BEAR_WEIGHT: (
        r"(?:kann|konnte) (?:das bein )?nicht (?:mehr )?(?:belasten|auftreten|gehen|stehen|laufen)",
        r"nicht belastbar", r"belastung (?:ist )?nicht möglich", r"keine belastung möglich",
    ),
    RedFlag.TRAUMA_WITH_DEFORMITY: (
        r"fehlstellung", r"deformität", r"deformiert", r"luxation", r"luxiert", r"ausgerenkt",
        r"(?:v\.\s?a\.|verdacht auf) ?(?:eine )?fraktur", r"fraktur\w*verdacht",
    ),
    RedFlag.CALF_SWELLING_OR_TENDERNESS: (
        r"wade\w* (?:(?:links|rechts|li\.|re\.|bds\.) )?(?:ist )?"
        r"(?:geschwollen|druckschmerzhaft|schmerzhaft|heiß|überwärmt|gerötet)",
        r"(?:geschwollene|druckschmerzhafte|schmerzhafte|heiße|überwärmte|gerötete) wade",
        r"wadenschwellung", r"wadenschmerz\w*", r"\w*thrombose\w*", r"tvt", r"blutgerinnsel",
        r"lungenembolie",
    ),
    RedFlag.SADDLE_ANAESTHESIA: (
        r"reithose\w*", r"sattelan(?:ä|ae)sthesie", r"sattelhypästhesie",
        r"taub\w* (?:im|am) (?:genitalbereich|dammbereich|damm|gesäß|schritt|intimbereich)",
    ),
    RedFlag.PROGRESSIVE_NEUROLOGICAL_DEFICIT: (
        r"fußheberschwäche", r"fallfuß", r"fußheberparese", r"(?:zunehmende|progrediente|fortschreitende) "
        r"(?:schwäche|taubheit\w*|lähmung\w*|parese\w*|gefühlsstörung\w*)",
        r"(?:taubheit\w*|schwäche|kribbeln) (?:in )?beiden beinen", r"beide beine (?:sind )?(?:taub|schwach)",
        r"blasen-?\s?(?:/\s?|und\s|u\.\s?)?mastdarm\w*", r"blasenstörung\w*", r"mastdarmstörung\w*",
        r"inkontinen\w*", r"harnverhalt\w*",
    ),
}
_COMPILED: tuple[tuple[RedFlag, re.Pattern[str]], ...] = tuple(
    (flag, re.compile(rf"(?<![\w-])(?:{'|'.join((*patterns, *_GERMAN[flag]))})(?![\w-])", re.IGNORECASE))
    for flag, patterns in _PATTERNS.items()
)

_CLAUSE = re.compile(
    r"[.;!?\n]+|\b(?:but|however|although|aber|jedoch|allerdings|sondern|trotzdem)\b",
    re.IGNORECASE,
)
# Negation cue before the words, within the clause and at most this many words back.
_NEGATION_BEFORE = re.compile(
    r"\b(?:no|not|nor|nil|denies|denied|denying|without|negative for|never had|never|free of|absence of|"
    r"ruled out|excluded|neither|doesn't|does not|don't|do not|didn't|did not|isn't|is not|hasn't|has not|"
    r"haven't|have not|wasn't|was not|"
    r"kein|keine|keinen|keiner|keinem|keines|nicht|ohne|nie|niemals|verneint|negiert|weder|"
    r"kein hinweis auf|keine hinweise auf|ausschluss|ausgeschlossen|frei von)\b",
    re.IGNORECASE,
)
_NEGATION_WINDOW = 6  # words
_NEGATION_AFTER = re.compile(
    r"^\s*(?:[:=\-–—]\s*)?(?:no\b|none\b|nil\b|denied\b|absent\b|negative\b|not present\b|ruled out\b|"
    r"excluded\b|-ve\b|normal\b|settled\b|"
    r"nein\b|keine?\b|(?:wird |werden |wurde |wurden )?(?:verneint|negiert|ausgeschlossen)\b|negativ\b|"
    r"nicht vorhanden\b|unauffällig\b|neg\.)",
    re.IGNORECASE,
)
# A clause about someone else, or a worry rather than a history.
_NOT_THE_PATIENT = re.compile(
    r"\b(?:family history|fhx|fh|mother|father|mum|mom|dad|sister|brother|grand(?:mother|father|ma|pa)|aunt|"
    r"uncle|cousin|son|daughter|wife|husband|partner|parents?|siblings?|friend|worried|worries|afraid|"
    r"fears?|anxious|concerned|"
    r"familienanamnese|fa|familiär\w*|mutter|vater|mama|papa|schwester|bruder|großmutter|großvater|oma|opa|"
    r"tante|onkel|cousine?|sohn|tochter|ehefrau|ehemann|partnerin|eltern|geschwister|freundin|"
    r"sorge\w*|besorgt|angst|befürchtet|fürchtet)\b",
    re.IGNORECASE,
)
_TEMPERATURE = re.compile(
    r"(?:\b(?:temp(?:erature|eratur)?|t)\b\.?\s*(?:of|was|is|war|ist|von|=|:)?\s*(?P<a>\d{2}(?:[.,]\d)?)\s*(?:°\s*c|℃|c\b|degrees)?)"
    r"|(?P<b>\d{2}(?:[.,]\d)?)\s*(?:°\s*c|℃|degrees c(?:elsius)?)",
    re.IGNORECASE,
)
FEVER_CELSIUS = 38.0  # fever: a temperature of 38.0 °C or more (NICE NG143; Kocher 1999 used > 38.5 °C in children)


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = 0
    for m in _CLAUSE.finditer(text, 0, start):
        left = m.end()
    right_match = _CLAUSE.search(text, end)
    return left, right_match.start() if right_match else len(text)


def _negated_before(text: str, left: int, start: int, right: int) -> bool:
    """A negation cue earlier in the clause whose scope reaches the words at `start`.

    The scope is the next few words ("no fever", "denies night pain"), or a list joined by "or"/"nor"
    ("no fever, night sweats or weight loss"); a comma without such a list ends it ("no fever, the
    knee wakes him at night" still raises night pain).
    """
    listed = re.search(r"\b(?:or|nor)\b", text[left:right], re.IGNORECASE) is not None
    for cue in _NEGATION_BEFORE.finditer(text, left, start):
        between = text[cue.end():start]
        words = len(between.split())
        if "," not in between and words <= _NEGATION_WINDOW:
            return True
        if listed and words <= 2 * _NEGATION_WINDOW:
            return True
    return False


def affirmed(text: str, start: int, end: int) -> bool:
    """Whether the words at [start, end) speak of the patient's own, present problem."""
    left, right = _clause_bounds(text, start, end)
    if _negated_before(text, left, start, right):
        return False
    if _NEGATION_AFTER.match(text[end:right]):
        return False
    return not _NOT_THE_PATIENT.search(text[left:right])


# Weight loss that is meant is not unexplained (a clause naming a diet or an intention).
_INTENDED = re.compile(
    r"\b(?:on purpose|intentional(?:ly)?|intended|deliberate(?:ly)?|diet(?:ing|ary)?|dietitian|dietician|"
    r"weight[- ]management|slimming|trying to lose|bariatric|gastric (?:band|bypass|sleeve)|weight watchers|"
    r"diät\w*|gewollt|absichtlich|beabsichtigt|bewusst|ernährungsberatung|abnehmprogramm|magenband|"
    r"magenbypass|schlauchmagen|abnehmen wollte)\b",
    re.IGNORECASE,
)


def _explained(flag: RedFlag, text: str, start: int, end: int) -> bool:
    if flag is not RedFlag.UNEXPLAINED_WEIGHT_LOSS:
        return False
    left, right = _clause_bounds(text, start, end)
    return _INTENDED.search(text[left:right]) is not None


def scan(fields: tuple[tuple[str, str | None], ...]) -> tuple[Mention, ...]:
    """Every affirmed red-flag mention in the (field name, text) pairs, in field and text order."""
    found: list[Mention] = []
    for field, text in fields:
        if not text or not text.strip():
            continue
        for flag, pattern in _COMPILED:
            for m in pattern.finditer(text):
                if affirmed(text, m.start(), m.end()) and not _explained(flag, text, m.start(), m.end()):
                    found.append(Mention(flag, m.group(0), field))
    return tuple(found)


def temperatures(fields: tuple[tuple[str, str | None], ...]) -> tuple[Temperature, ...]:
    """Temperatures of 38 °C or more written as numbers (30–45 read as °C), not negated."""
    found: list[Temperature] = []
    for field, text in fields:
        if not text:
            continue
        for m in _TEMPERATURE.finditer(text):
            raw = m.group("a") or m.group("b")
            value = float(raw.replace(",", "."))
            if 30 <= value <= 45 and value >= FEVER_CELSIUS and affirmed(text, m.start(), m.end()):
                found.append(Temperature(value, m.group(0).strip(), field))
    return tuple(found)

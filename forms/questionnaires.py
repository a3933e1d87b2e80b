"""KOOS, HOOS and LEFS: the full item catalogue, scoring and a neutral reading.

Clinical facts come from ../shared/clinical-reference.md ("Outcome
questionnaires"); every one carries its source beside it. Items are always
addressed by their code (`"P3"`, `"17"`), never by position.

Answers are the integers printed on the official forms, 0–4:

* KOOS and HOOS: 0 = no problem … 4 = extreme problem. A subscale scores
  100 − mean(answered items) × 25, so 100 = no problems and 0 = extreme
  problems. There is no total score.
* LEFS: 0 = extreme difficulty … 4 = no difficulty. The total is the plain sum,
  0–80, and exists only when all 20 items are answered (no pro-rating).

`score` returns the exact value (computed with `fractions.Fraction` and
converted once to the nearest float); rounding for display is the caller's job.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from kinelink.forms.formats import DASH, show_fixed
from kinelink.forms.i18n import N_, _
from kinelink.forms.vocab import Instrument

ScoringMethod = Literal["inverted_mean", "sum"]
"""`inverted_mean`: 100 − mean × 25 (KOOS, HOOS); `sum`: sum of the answers (LEFS)."""

ANSWER_MIN = 0
ANSWER_MAX = 4


@dataclass(frozen=True, slots=True)
class Item:
    """One question as printed, with the labels of its five answer boxes (0..4)."""

    code: str  # the file word: "S1", "P10", "17"
    text: str
    subscale: str  # Subscale.key
    answers: tuple[str, ...]  # labels for 0, 1, 2, 3, 4
    section: str  # Section.title of the heading the item stands under
    stem: str = ""  # lead-in shared by a run of items ("What amount of knee pain ...")


@dataclass(frozen=True, slots=True)
class Section:
    """A heading of the printed form and the paragraph under it."""

    title: str
    intro: str = ""


@dataclass(frozen=True, slots=True)
class Subscale:
    key: str  # "pain", "symptoms", "adl", "sport_rec", "qol", "total"
    english_title: str
    english_short: str  # for score lines, legends and tables: "ADL", "Sport/Rec"
    item_codes: tuple[str, ...]
    min_answered: int  # fewer answered items → not scored

    # The subscale's name is Kinelink's label for a score, not the questionnaire's wording: translated.
    @property
    def title(self) -> str:
        return _(self.english_title)

    @property
    def short(self) -> str:
        return _(self.english_short)


@dataclass(frozen=True, slots=True)
class Questionnaire:
    instrument: Instrument
    title: str
    instructions: str
    answer_labels: tuple[str, ...]  # the most common labels for 0..4; each Item has its own
    items: tuple[Item, ...]
    subscales: tuple[Subscale, ...]
    reference: str  # the publication of the instrument
    score_range: tuple[int, int]  # (worst, best) is (0, 100) or (0, 80); higher is better
    sections: tuple[Section, ...]
    method: ScoringMethod
    scoring_source: str  # where the scoring and missing-item rule come from

    @property
    def source(self) -> str:
        """The instrument's reference followed by the scoring rule's source."""
        return f"{self.reference} Scoring: {self.scoring_source}"

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(i.code for i in self.items)

    def item(self, code: str) -> Item:
        """The item with this code; `KeyError` when there is none."""
        for i in self.items:
            if i.code == code:
                return i
        raise KeyError(f"'{code}' is not a {self.instrument.value} item")

    def show_score(self, value: float | None) -> str:
        """A score as the form and the panel show it: a sum whole (LEFS 54), a 0–100 score to one place (75.0)."""
        if value is None:
            return DASH
        return show_fixed(value, 0) if self.method == "sum" else show_fixed(value, 1)  # German 52,8

    def subscale(self, key: str) -> Subscale:
        """The subscale with this key; `KeyError` when there is none."""
        for s in self.subscales:
            if s.key == key:
                return s
        raise KeyError(f"'{key}' is not a {self.instrument.value} subscale")

    def items_of(self, key: str) -> tuple[Item, ...]:
        """The items of one subscale, in form order."""
        return tuple(self.item(c) for c in self.subscale(key).item_codes)


@dataclass(frozen=True, slots=True)
class Mcid:
    """Minimal clinically important difference of one score, in its own points."""

    points: float
    cite: str  # short citation for the report: "Binkley 1999"
    source: str  # full reference


# ---------------------------------------------------------------------------
# Answer labels, as printed under the boxes of the official forms.

NEVER_ALWAYS = ("Never", "Rarely", "Sometimes", "Often", "Always")
ALWAYS_NEVER = ("Always", "Often", "Sometimes", "Rarely", "Never")  # KOOS S4, S5: "Can you ...?"
SEVERITY = ("None", "Mild", "Moderate", "Severe", "Extreme")
PAIN_FREQUENCY = ("Never", "Monthly", "Weekly", "Daily", "Always")
AWARENESS = ("Never", "Monthly", "Weekly", "Daily", "Constantly")
MODIFIED = ("Not at all", "Mildly", "Moderately", "Severely", "Totally")
TROUBLED = ("Not at all", "Mildly", "Moderately", "Severely", "Extremely")
LEFS_DIFFICULTY = (
    "Extreme difficulty or unable to perform activity",
    "Quite a bit of difficulty",
    "Moderate difficulty",
    "A little bit of difficulty",
    "No difficulty",
)

# ---------------------------------------------------------------------------
# Sources.

KOOS_REFERENCE = (
    "Roos EM, Roos HP, Lohmander LS, Ekdahl C, Beynnon BD. Knee Injury and Osteoarthritis Outcome "
    "Score (KOOS): development of a self-administered outcome measure. J Orthop Sports Phys Ther "
    "1998;28(2):88–96."
)
KOOS_SCORING = (
    "KOOS Scoring, August 2012 (koos.nu): subscale = 100 − mean(answered items) × 25; a subscale "
    "is scored only when at least half of its items are answered."
)
HOOS_REFERENCE = (
    "Nilsdotter AK, Lohmander LS, Klässbo M, Roos EM. Hip disability and osteoarthritis outcome "
    "score (HOOS): validity and responsiveness in total hip replacement. BMC Musculoskelet Disord "
    "2003;4:10."
)
HOOS_SCORING = (
    "HOOS Scoring, 2013 (koos.nu): subscale = 100 − mean(answered items) × 25; a subscale is "
    "scored only when at least half of its items are answered."
)
LEFS_REFERENCE = (
    "Binkley JM, Stratford PW, Lott SA, Riddle DL. The Lower Extremity Functional Scale (LEFS): "
    "scale development, measurement properties, and clinical application. Phys Ther "
    "1999;79(4):371–383."
)
LEFS_SCORING = (
    "Binkley 1999: total = sum of the 20 answers (0–80); an incomplete form has no total "
    "(the original gives no pro-rating)."
)

# ---------------------------------------------------------------------------
# Construction helpers.


def _min_half(n: int) -> int:
    """At least half of n items, rounded up (KOOS Scoring 2012, HOOS Scoring 2013)."""
    return (n + 1) // 2


def _run(
    prefix: str,
    first: int,
    texts: tuple[str, ...],
    *,
    subscale: str,
    answers: tuple[str, ...],
    section: str,
    stem: str = "",
) -> tuple[Item, ...]:
    """Items `prefix+first`, `prefix+first+1`, ... sharing labels, section and stem."""
    return tuple(
        Item(f"{prefix}{first + k}", text, subscale, answers, section, stem) for k, text in enumerate(texts)
    )


def _subscales(items: tuple[Item, ...], titles: tuple[tuple[str, str, str], ...]) -> tuple[Subscale, ...]:
    """Subscales in the order of `titles` (key, title, short name), each holding its items in form order."""
    out = []
    for key, title, short in titles:
        codes = tuple(i.code for i in items if i.subscale == key)
        out.append(Subscale(key, title, short, codes, _min_half(len(codes))))
    return tuple(out)


def _stiffness_intro(joint: str) -> str:
    return (
        "The following questions concern the amount of joint stiffness you have experienced during "
        f"the last week in your {joint}. Stiffness is a sensation of restriction or slowness in the "
        f"ease with which you move your {joint} joint."
    )


def _adl_intro(joint: str) -> str:
    return (
        "The following questions concern your physical function. By this we mean your ability to "
        "move around and to look after yourself. For each of the following activities please "
        "indicate the degree of difficulty you have experienced in the last week due to your "
        f"{joint}."
    )


def _sport_intro(joint: str) -> str:
    return (
        "The following questions concern your physical function when being active on a higher "
        "level. The questions should be answered thinking of what degree of difficulty you have "
        f"experienced during the last week due to your {joint}."
    )


def _instructions(joint: str, verb: str) -> str:
    """KOOS LK1.0 says "perform your usual activities", HOOS LK2.0 "do your usual activities"."""
    return (
        f"This survey asks for your view about your {joint}. This information will help us keep "
        f"track of how you feel about your {joint} and how well you are able to {verb} your usual "
        "activities. Answer every question by ticking the appropriate box, only one box for each "
        "question. If you are unsure about how to answer a question, please give the best answer "
        "you can."
    )


def _adl_texts(joint: str) -> tuple[str, ...]:
    """A1–A17, identical in KOOS and HOOS but for the joint in A12 (both from WOMAC's function items)."""
    return (
        "Descending stairs",
        "Ascending stairs",
        "Rising from sitting",
        "Standing",
        "Bending to floor/pick up an object",
        "Walking on flat surface",
        "Getting in/out of car",
        "Going shopping",
        "Putting on socks/stockings",
        "Rising from bed",
        "Taking off socks/stockings",
        f"Lying in bed (turning over, maintaining {joint} position)",
        "Getting in/out of bath",
        "Sitting",
        "Getting on/off toilet",
        "Heavy domestic duties (moving heavy boxes, scrubbing floors, etc)",
        "Light domestic duties (cooking, dusting, etc)",
    )


# Section titles, as the KOOS and HOOS forms print them.
SYMPTOMS = "Symptoms"
STIFFNESS = "Stiffness"
PAIN = "Pain"
ADL = "Function, daily living"
SPORT = "Function, sports and recreational activities"
QOL = "Quality of Life"


def _koos_hoos_subscales(joint: str) -> tuple[tuple[str, str, str], ...]:
    return (
        ("pain", N_("Pain"), N_("Pain")),
        ("symptoms", N_("Symptoms"), N_("Symptoms")),
        ("adl", N_("Function in daily living (ADL)"), N_("ADL")),
        ("sport_rec", N_("Function in sport and recreation (Sport/Rec)"), N_("Sport/Rec")),
        ("qol", N_("Knee-related quality of life (QOL)") if joint == "knee"
         else N_("Hip-related quality of life (QOL)"), N_("QOL")),
    )


# ---------------------------------------------------------------------------
# KOOS (Roos 1998), English version LK1.0.

_KOOS_ITEMS: tuple[Item, ...] = (
    *_run(
        "S",
        1,
        (
            "Do you have swelling in your knee?",
            "Do you feel grinding, hear clicking or any other type of noise when your knee moves?",
            "Does your knee catch or hang up when moving?",
        ),
        subscale="symptoms",
        answers=NEVER_ALWAYS,
        section=SYMPTOMS,
    ),
    *_run(
        "S",
        4,
        ("Can you straighten your knee fully?", "Can you bend your knee fully?"),
        subscale="symptoms",
        answers=ALWAYS_NEVER,
        section=SYMPTOMS,
    ),
    *_run(
        "S",
        6,
        (
            "How severe is your knee joint stiffness after first wakening in the morning?",
            "How severe is your knee stiffness after sitting, lying or resting later in the day?",
        ),
        subscale="symptoms",
        answers=SEVERITY,
        section=STIFFNESS,
    ),
    Item("P1", "How often do you experience knee pain?", "pain", PAIN_FREQUENCY, PAIN),
    *_run(
        "P",
        2,
        (
            "Twisting/pivoting on your knee",
            "Straightening knee fully",
            "Bending knee fully",
            "Walking on flat surface",
            "Going up or down stairs",
            "At night while in bed",
            "Sitting or lying",
            "Standing upright",
        ),
        subscale="pain",
        answers=SEVERITY,
        section=PAIN,
        stem="What amount of knee pain have you experienced the last week during the following activities?",
    ),
    *_run("A", 1, _adl_texts("knee"), subscale="adl", answers=SEVERITY, section=ADL),
    *_run(
        "SP",
        1,
        ("Squatting", "Running", "Jumping", "Twisting/pivoting on your injured knee", "Kneeling"),
        subscale="sport_rec",
        answers=SEVERITY,
        section=SPORT,
    ),
    Item("Q1", "How often are you aware of your knee problem?", "qol", AWARENESS, QOL),
    Item(
        "Q2",
        "Have you modified your life style to avoid potentially damaging activities to your knee?",
        "qol",
        MODIFIED,
        QOL,
    ),
    Item("Q3", "How much are you troubled with lack of confidence in your knee?", "qol", TROUBLED, QOL),
    Item("Q4", "In general, how much difficulty do you have with your knee?", "qol", SEVERITY, QOL),
)

KOOS = Questionnaire(
    instrument=Instrument.KOOS,
    title="Knee injury and Osteoarthritis Outcome Score (KOOS)",
    instructions=_instructions("knee", "perform"),
    answer_labels=SEVERITY,
    items=_KOOS_ITEMS,
    subscales=_subscales(_KOOS_ITEMS, _koos_hoos_subscales("knee")),
    reference=KOOS_REFERENCE,
    score_range=(0, 100),
    sections=(
        Section(
            SYMPTOMS,
            "These questions should be answered thinking of your knee symptoms during the last week.",
        ),
        Section(STIFFNESS, _stiffness_intro("knee")),
        Section(PAIN),
        Section(ADL, _adl_intro("knee")),
        Section(SPORT, _sport_intro("knee")),
        Section(QOL),
    ),
    method="inverted_mean",
    scoring_source=KOOS_SCORING,
)

# ---------------------------------------------------------------------------
# HOOS (Nilsdotter 2003), English version LK2.0.

_HOOS_ITEMS: tuple[Item, ...] = (
    Item(
        "S1",
        "Do you feel grinding, hear clicking or any other type of noise from your hip?",
        "symptoms",
        NEVER_ALWAYS,
        SYMPTOMS,
    ),
    *_run(
        "S",
        2,
        ("Difficulties spreading legs wide apart", "Difficulties to stride out when walking"),
        subscale="symptoms",
        answers=SEVERITY,
        section=SYMPTOMS,
    ),
    *_run(
        "S",
        4,
        (
            "How severe is your hip joint stiffness after first wakening in the morning?",
            "How severe is your hip stiffness after sitting, lying or resting later in the day?",
        ),
        subscale="symptoms",
        answers=SEVERITY,
        section=STIFFNESS,
    ),
    Item("P1", "How often is your hip painful?", "pain", PAIN_FREQUENCY, PAIN),
    *_run(
        "P",
        2,
        (
            "Straightening your hip fully",
            "Bending your hip fully",
            "Walking on a flat surface",
            "Going up or down stairs",
            "At night while in bed",
            "Sitting or lying",
            "Standing upright",
            "Walking on a hard surface (asphalt, concrete, etc.)",
            "Walking on an uneven surface",
        ),
        subscale="pain",
        answers=SEVERITY,
        section=PAIN,
        stem="What amount of hip pain have you experienced the last week during the following activities?",
    ),
    *_run("A", 1, _adl_texts("hip"), subscale="adl", answers=SEVERITY, section=ADL),
    *_run(
        "SP",
        1,
        ("Squatting", "Running", "Twisting/pivoting on loaded leg", "Walking on uneven surface"),
        subscale="sport_rec",
        answers=SEVERITY,
        section=SPORT,
    ),
    Item("Q1", "How often are you aware of your hip problem?", "qol", AWARENESS, QOL),
    Item(
        "Q2",
        "Have you modified your life style to avoid activities potentially damaging to your hip?",
        "qol",
        MODIFIED,
        QOL,
    ),
    Item("Q3", "How much are you troubled with lack of confidence in your hip?", "qol", TROUBLED, QOL),
    Item("Q4", "In general, how much difficulty do you have with your hip?", "qol", SEVERITY, QOL),
)

HOOS = Questionnaire(
    instrument=Instrument.HOOS,
    title="Hip disability and Osteoarthritis Outcome Score (HOOS)",
    instructions=_instructions("hip", "do"),
    answer_labels=SEVERITY,
    items=_HOOS_ITEMS,
    subscales=_subscales(_HOOS_ITEMS, _koos_hoos_subscales("hip")),
    reference=HOOS_REFERENCE,
    score_range=(0, 100),
    sections=(
        Section(
            SYMPTOMS,
            "These questions should be answered thinking of your hip symptoms and difficulties during "
            "the last week.",
        ),
        Section(STIFFNESS, _stiffness_intro("hip")),
        Section(PAIN),
        Section(ADL, _adl_intro("hip")),
        Section(SPORT, _sport_intro("hip")),
        Section(QOL),
    ),
    method="inverted_mean",
    scoring_source=HOOS_SCORING,
)

# ---------------------------------------------------------------------------
# LEFS (Binkley 1999).

LEFS_ACTIVITIES = "Activities"

_LEFS_ITEMS: tuple[Item, ...] = _run(
    "",
    1,
    (
        "Any of your usual work, housework or school activities",
        "Your usual hobbies, recreational or sporting activities",
        "Getting into or out of the bath",
        "Walking between rooms",
        "Putting on your shoes or socks",
        "Squatting",
        "Lifting an object, like a bag of groceries from the floor",
        "Performing light activities around your home",
        "Performing heavy activities around your home",
        "Getting into or out of a car",
        "Walking 2 blocks",
        "Walking a mile",
        "Going up or down 10 stairs (about 1 flight of stairs)",
        "Standing for 1 hour",
        "Sitting for 1 hour",
        "Running on even ground",
        "Running on uneven ground",
        "Making sharp turns while running fast",
        "Hopping",
        "Rolling over in bed",
    ),
    subscale="total",
    answers=LEFS_DIFFICULTY,
    section=LEFS_ACTIVITIES,
    stem="Today, do you or would you have any difficulty at all with:",
)

LEFS = Questionnaire(
    instrument=Instrument.LEFS,
    title="Lower Extremity Functional Scale (LEFS)",
    instructions=(
        "We are interested in knowing whether you are having any difficulty at all with the "
        "activities listed below because of your lower limb problem for which you are currently "
        "seeking attention. Please provide an answer for each activity."
    ),
    answer_labels=LEFS_DIFFICULTY,
    items=_LEFS_ITEMS,
    subscales=(Subscale("total", N_("Total"), N_("Total"), tuple(i.code for i in _LEFS_ITEMS), len(_LEFS_ITEMS)),),
    reference=LEFS_REFERENCE,
    score_range=(0, 80),
    sections=(Section(LEFS_ACTIVITIES),),
    method="sum",
    scoring_source=LEFS_SCORING,
)

QUESTIONNAIRES: dict[Instrument, Questionnaire] = {q.instrument: q for q in (KOOS, HOOS, LEFS)}

ITEM_CODES: dict[Instrument, tuple[str, ...]] = {i: q.codes for i, q in QUESTIONNAIRES.items()}
"""Item codes per instrument in form order (the vocabulary of exam.outcomes[].responses)."""

MCID: dict[tuple[Instrument, str], Mcid] = {
    # Binkley 1999: minimal detectable change and MCID both 9 scale points (90 % confidence).
    (Instrument.LEFS, "total"): Mcid(9, "Binkley 1999", LEFS_REFERENCE),
    # KOOS/HOOS: no single MCID is encoded; published values depend on the population and the
    # method (Roos & Lohmander 2003 suggest 8–10 points), so none is shown as established.
}


def questionnaire(instrument: Instrument) -> Questionnaire:
    return QUESTIONNAIRES[instrument]


# ---------------------------------------------------------------------------
# Scoring.


def check_responses(instrument: Instrument, responses: Mapping[str, int]) -> None:
    """Raise `ValueError` naming the item for an unknown code or an answer outside 0..4."""
    codes = set(ITEM_CODES[instrument])
    for code, answer in responses.items():
        if code not in codes:
            raise ValueError(f"'{code}' is not a {instrument.value} item")
        if isinstance(answer, bool) or not isinstance(answer, int) or not ANSWER_MIN <= answer <= ANSWER_MAX:
            raise ValueError(
                f"{instrument.value} item '{code}': answer {answer!r} is not an integer "
                f"{ANSWER_MIN}–{ANSWER_MAX}"
            )


def score(instrument: Instrument, responses: Mapping[str, int]) -> dict[str, float | None]:
    """Every subscale's score, keyed in subscale order; None where too few items are answered.

    KOOS/HOOS: 100 − mean(answered) × 25, exact (not rounded), when at least half of the
    subscale's items are answered. LEFS: sum of all 20 answers, or None if any is missing.
    """
    check_responses(instrument, responses)
    q = QUESTIONNAIRES[instrument]
    out: dict[str, float | None] = {}
    for s in q.subscales:
        answers = [responses[c] for c in s.item_codes if c in responses]
        if len(answers) < s.min_answered:
            out[s.key] = None
        elif q.method == "sum":
            out[s.key] = float(sum(answers))
        else:
            out[s.key] = float(100 - Fraction(25 * sum(answers), len(answers)))
    return out


def interpret(instrument: Instrument, key: str, value: float | None) -> str:
    """A short neutral reading of one score for the report, with its source where one is cited."""
    q = QUESTIONNAIRES[instrument]
    try:
        s = q.subscale(key)
    except KeyError as e:
        raise ValueError(e.args[0]) from None
    if value is None:
        if q.method == "sum":
            return _("not scored: all {n} items must be answered (no pro-rating)").format(n=len(s.item_codes))
        return _("not scored: at least {least} of {n} items must be answered").format(least=s.min_answered,
                                                                                     n=len(s.item_codes))
    low, high = q.score_range
    if not low <= value <= high:
        raise ValueError(f"{instrument.value} {key}: {value} is outside {low}–{high}")
    if q.method == "sum":
        reading = _("{low} = extreme difficulty, {high} = no difficulty").format(low=low, high=high)
    else:
        reading = _("{low} = extreme problems, {high} = no problems").format(low=low, high=high)
    mcid = MCID.get((instrument, key))
    if mcid is not None:
        reading += _("; minimal clinically important difference is {points} points ({cite})").format(
            points=f"{mcid.points:g}", cite=mcid.cite)
    return reading

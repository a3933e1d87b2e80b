"""Made-up patients and exams for trying the program, for tests and for benchmarks.

`generate(seed, n)` yields `n` patients, each with one to six visits that
follow a clinical story: a knee injury followed by hip pain with a limp and
weak gluteals; weak hip abductors with dynamic valgus and anterior knee pain;
hip osteoarthritis felt in the knee; ACL rehabilitation; ... Over the visits
range of motion and strength come back, pain falls and KOOS/HOOS scores rise.

Everything is a deterministic function of (seed, patient number, today): the
same call gives the same records, and the first 10 patients of `n=100` are the
patients of `n=10`. Every record is a valid exam file (`forms.examfile`).
None of this is clinical data or a norm; values are merely plausible.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

from kinelink.forms.model import (
    Exam,
    ExamId,
    ExamRecord,
    History,
    Injury,
    Outcome,
    Patient,
    RomEntry,
    StrengthEntry,
    Symptom,
    TestEntry,
)
from kinelink.forms.questionnaires import ITEM_CODES
from kinelink.forms.vocab import (
    MOVEMENTS_BY_JOINT,
    Activity,
    Gait,
    Grade,
    Instrument,
    Joint,
    Location,
    Mode,
    Movement,
    MuscleGroup,
    RedFlag,
    Region,
    Sex,
    Side,
    Structure,
    TestGrade,
    TestName,
    TestResult,
)

# --- names -------------------------------------------------------------------------------------
# (family names as (male form, female form), female given names, male given names)


@dataclass(frozen=True, slots=True)
class _Culture:
    family: tuple[tuple[str, str], ...]
    female: tuple[str, ...]
    male: tuple[str, ...]


def _same(*names: str) -> tuple[tuple[str, str], ...]:
    return tuple((n, n) for n in names)


def _pairs(*pairs: str) -> tuple[tuple[str, str], ...]:
    return tuple((p.split("/")[0], p.split("/")[1]) for p in pairs)


_CULTURES: tuple[tuple[_Culture, int], ...] = (
    (_Culture(  # Polish
        _pairs("Kowalski/Kowalska", "Wiśniewski/Wiśniewska", "Kamiński/Kamińska", "Lewandowski/Lewandowska",
               "Zieliński/Zielińska", "Dąbrowski/Dąbrowska", "Kozłowski/Kozłowska", "Żółkiewski/Żółkiewska",
               "Szczęsny/Szczęsna")
        + _same("Nowak", "Wójcik", "Woźniak", "Mazur", "Krawczyk", "Łukasik", "Gałązka", "Kowalska-Nowak"),
        ("Anna", "Katarzyna", "Małgorzata", "Agnieszka", "Zofia", "Łucja", "Joanna", "Grażyna"),
        ("Piotr", "Krzysztof", "Andrzej", "Tomasz", "Paweł", "Łukasz", "Michał", "Jędrzej"),
    ), 12),
    (_Culture(  # Vietnamese
        _same("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
              "Ngô", "Dương"),
        ("Thị Mai", "Thu Hằng", "Ngọc Ánh", "Thanh Hương", "Phương Linh", "Thị Thủy"),
        ("Văn Minh", "Quốc Bảo", "Đức Anh", "Hoàng Long", "Tuấn Kiệt", "Văn Đạt"),
    ), 8),
    (_Culture(  # Russian
        _pairs("Иванов/Иванова", "Смирнов/Смирнова", "Кузнецов/Кузнецова", "Попов/Попова",
               "Васильев/Васильева", "Соколов/Соколова", "Фёдоров/Фёдорова", "Волков/Волкова"),
        ("Анна", "Мария", "Елена", "Ольга", "Наталья", "Юлия", "Алёна"),
        ("Иван", "Сергей", "Алексей", "Дмитрий", "Андрей", "Михаил", "Юрий"),
    ), 7),
    (_Culture(  # Ukrainian
        _same("Шевченко", "Коваленко", "Бондаренко", "Ткаченко", "Кравченко", "Мельник", "Ковальчук", "Олійник"),
        ("Олена", "Оксана", "Ірина", "Тетяна", "Юлія"),
        ("Олександр", "Андрій", "Тарас", "Богдан", "Євген"),
    ), 5),
    (_Culture(  # Greek
        _pairs("Παπαδόπουλος/Παπαδοπούλου", "Καραγιάννης/Καραγιάννη", "Οικονόμου/Οικονόμου",
               "Νικολάου/Νικολάου", "Βασιλείου/Βασιλείου", "Δημητρίου/Δημητρίου", "Κωνσταντίνου/Κωνσταντίνου"),
        ("Μαρία", "Ελένη", "Αικατερίνη", "Σοφία", "Δήμητρα"),
        ("Γιώργος", "Δημήτρης", "Νίκος", "Κώστας", "Γιάννης"),
    ), 4),
    (_Culture(  # Arabic
        _same("الحسن", "العلي", "حداد", "منصور", "الخطيب", "عبد الله", "ناصر", "سليمان", "حسين", "خوري"),
        ("فاطمة", "مريم", "ليلى", "نور", "سارة", "عائشة"),
        ("محمد", "أحمد", "علي", "يوسف", "عمر", "خالد"),
    ), 6),
    (_Culture(  # English, Irish, Scottish
        _same("Smith", "Johnson", "Williams", "Brown", "Jones", "Taylor", "Wilson", "Davies", "Evans",
              "O'Brien", "O'Connor", "MacDonald", "Thompson"),
        ("Emily", "Olivia", "Sarah", "Jessica", "Charlotte", "Grace", "Siobhán"),
        ("James", "Oliver", "Thomas", "Jack", "William", "Harry", "Seán"),
    ), 14),
    (_Culture(  # Spanish
        _same("García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez",
              "Muñoz", "de la Cruz", "Núñez", "Ibáñez", "García López"),
        ("María José", "Lucía", "Carmen", "Sofía", "Begoña", "Inés"),
        ("José Luis", "Javier", "Alejandro", "Íñigo", "Raúl", "Andrés"),
    ), 9),
    (_Culture(  # German, Dutch
        _same("Müller", "Schmidt", "Schneider", "Fischer", "Weiß", "Schäfer", "Köhler", "Groß", "Strauß",
              "van der Berg", "de Vries", "van Dijk"),
        ("Anna-Lena", "Sabine", "Käthe", "Ursula", "Jana", "Maaike"),
        ("Jürgen", "Lukas", "Matthias", "Jörg", "Stefan", "Joost"),
    ), 7),
    (_Culture(  # Turkish
        _same("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Öztürk", "Aydın", "Özdemir", "Doğan"),
        ("Ayşe", "Elif", "Zeynep", "Şule", "Gülşen"),
        ("Mehmet", "Mustafa", "Ahmet", "Çağlar", "İbrahim"),
    ), 5),
    (_Culture(  # Nordic
        _same("Hansen", "Johansen", "Sørensen", "Ødegård", "Åberg", "Bjørnstad", "Lindqvist")
        + _pairs("Jónsson/Jónsdóttir", "Guðmundsson/Guðmundsdóttir", "Þórsson/Þórsdóttir"),
        ("Ingrid", "Sigrún", "Åsa", "Solveig", "Þóra"),
        ("Øystein", "Bjørn", "Håkon", "Þór", "Ólafur"),
    ), 4),
    (_Culture(  # Czech
        _pairs("Novák/Nováková", "Dvořák/Dvořáková", "Černý/Černá", "Procházka/Procházková",
               "Kučera/Kučerová", "Veselý/Veselá", "Růžička/Růžičková"),
        ("Jana", "Petra", "Lucie", "Kateřina", "Zdeňka"),
        ("Jiří", "Petr", "Tomáš", "Lukáš", "Řehoř"),
    ), 4),
    (_Culture(  # French
        _same("Martin", "Bernard", "Dubois", "Lefèvre", "Girard", "Rousseau", "Chevalier", "Lemaître"),
        ("Chloé", "Léa", "Hélène", "Margaux", "Élodie"),
        ("François", "Théo", "Jérôme", "Noël", "Loïc"),
    ), 6),
    (_Culture(  # Chinese
        _same("王", "李", "张", "刘", "陈", "杨", "黄", "赵"),
        ("秀英", "丽", "静", "敏", "芳"),
        ("伟", "强", "磊", "军", "洋"),
    ), 5),
    (_Culture(  # Indian
        _same("Sharma", "Patel", "Singh", "Gupta", "Reddy", "Iyer", "Banerjee"),
        ("Priya", "Ananya", "Deepika", "Lakshmi"),
        ("Arjun", "Rahul", "Vikram", "Sanjay"),
    ), 4),
)

_CLINICIANS = (
    "Anna Nowak, PT", "Marek Wiśniewski, MPT", "Sophie Lambert, PT", "Nguyễn Thu Trang, DPT",
    "Jamal Haddad, PT", "Eva Lindqvist, PT", "Dr. Σοφία Παππά, PT", "Tom O'Neill, MSc PT",
)

_PAST = (
    None, "Nil significant.", "Hypertension, well controlled.", "Type 2 diabetes.", "Appendectomy 2009.",
    "Asthma (inhaler as needed).", "Hypothyroidism.", "Previous ankle sprain, same side.",
)
_MEDS = (
    None, "None.", "Ibuprofen 400 mg as needed.", "Paracetamol 1 g up to 3×/day.", "Metformin 500 mg bid.",
    "Ramipril 5 mg daily.", "Levothyroxine 50 µg.",
)
_NOTES = (
    None, None, None,
    "Home exercise programme reviewed; technique good.",
    "Advised load management & pacing; review in 3 weeks.",
    "Patient asked about imaging — explained it is not needed now (<6 weeks).",
    "Taped for comfort; \"feels more stable\" on stairs.",
    "Goal check: 5 km park run 🏃 in spring.",
    "Seen with interpreter (العربية).",
)

# --- the stories -------------------------------------------------------------------------------

_H, _K = Joint.HIP, Joint.KNEE
_P, _N, _E = TestResult.POSITIVE, TestResult.NEGATIVE, TestResult.EQUIVOCAL


@dataclass(frozen=True, slots=True)
class _Test:
    test: TestName
    positive_above: float | None  # positive while severity > this; None: always negative
    grade: TestGrade | None = None
    painful: bool | None = None


@dataclass(frozen=True, slots=True)
class _Symptom:
    region: Region
    location: Location | None
    aggravating: tuple[Activity, ...]
    radiates_to: Region | None = None
    onset_days: int = 60  # before the first visit
    pain_share: float = 1.0  # of the story's pain score
    other_side: bool = False


@dataclass(frozen=True, slots=True)
class _Story:
    key: str
    title: str
    weight: int
    ages: tuple[int, int]
    female_share: float
    complaint: str
    goals: tuple[str, ...]
    symptoms: tuple[_Symptom, ...]
    injury: tuple[Region, str, tuple[Structure, ...], int] | None = None  # region, description, structures, days
    rom_loss: dict[tuple[Joint, Movement], float] = field(default_factory=dict)  # degrees at severity 1
    weakness: dict[tuple[Joint, MuscleGroup], float] = field(default_factory=dict)  # share lost at severity 1
    gait: tuple[tuple[Gait, float], ...] = ()  # (deviation, seen while severity > this)
    tests: tuple[_Test, ...] = ()
    instruments: tuple[Instrument, ...] = (Instrument.KOOS,)
    pain: tuple[int, int] = (4, 7)
    red_flags: tuple[RedFlag, ...] = ()
    max_visits: int = 6


_STORIES: tuple[_Story, ...] = (
    _Story(
        "knee_to_hip", "knee injury, then hip pain with a limp and weak gluteals (compensation)", 16,
        (18, 55), 0.45,
        "My {side} knee has been bad since the injury and now the hip on that side hurts too, "
        "especially on stairs.",
        ("Return to five-a-side football", "Climb the stairs at work without pain"),
        (
            _Symptom(Region.KNEE, Location.MEDIAL, (Activity.PIVOTING, Activity.STAIRS), onset_days=200),
            _Symptom(Region.HIP, Location.LATERAL, (Activity.STAIRS, Activity.SQUATTING, Activity.WALKING),
                     onset_days=70, pain_share=0.8),
        ),
        injury=(Region.KNEE, "Twisting injury playing football", (Structure.ACL, Structure.MEDIAL_MENISCUS), 210),
        rom_loss={(_K, Movement.FLEXION): 25, (_K, Movement.EXTENSION): 7, (_H, Movement.EXTENSION): 8},
        weakness={(_K, MuscleGroup.EXTENSORS): 0.35, (_K, MuscleGroup.FLEXORS): 0.15,
                  (_H, MuscleGroup.ABDUCTORS): 0.3, (_H, MuscleGroup.EXTENSORS): 0.25},
        gait=((Gait.LIMP, 0.5), (Gait.ANTALGIC, 0.7), (Gait.TRENDELENBURG, 0.45)),
        tests=(_Test(TestName.LACHMAN, 0.0, TestGrade.G2), _Test(TestName.ANTERIOR_DRAWER, 0.0, TestGrade.G1),
               _Test(TestName.MCMURRAY, 0.5, painful=True), _Test(TestName.TRENDELENBURG, 0.45),
               _Test(TestName.FADIR, None), _Test(TestName.FABER, None)),
        instruments=(Instrument.KOOS, Instrument.HOOS),
    ),
    _Story(
        "hip_to_knee", "weak hip abductors, dynamic knee valgus and anterior knee pain (alignment)", 16,
        (14, 40), 0.7,
        "Pain at the front of my {side} knee going down stairs and after sitting through a film.",
        ("Run 10 km without knee pain", "Get back to netball"),
        (_Symptom(Region.KNEE, Location.ANTERIOR,
                  (Activity.STAIRS, Activity.PROLONGED_SITTING, Activity.SQUATTING, Activity.RUNNING),
                  onset_days=120),),
        weakness={(_H, MuscleGroup.ABDUCTORS): 0.3, (_H, MuscleGroup.EXTERNAL_ROTATORS): 0.3,
                  (_H, MuscleGroup.EXTENSORS): 0.15, (_K, MuscleGroup.EXTENSORS): 0.1},
        gait=((Gait.KNEE_VALGUS, 0.35),),
        tests=(_Test(TestName.SINGLE_LEG_SQUAT, 0.3), _Test(TestName.STEP_DOWN, 0.35),
               _Test(TestName.CLARKE, 0.6, painful=True), _Test(TestName.PATELLAR_APPREHENSION, None),
               _Test(TestName.LACHMAN, None), _Test(TestName.MCMURRAY, None)),
        pain=(3, 6),
    ),
    _Story(
        "hip_oa_knee", "hip osteoarthritis with pain felt in the knee (referred)", 12, (55, 85), 0.55,
        "My {side} knee aches when I walk far, and the hip is stiff in the mornings.",
        ("Walk the dog for 30 minutes", "Put on socks and shoes without help"),
        (
            _Symptom(Region.KNEE, Location.DIFFUSE, (Activity.WALKING, Activity.STANDING), onset_days=300),
            _Symptom(Region.GROIN, Location.GROIN, (Activity.WALKING, Activity.RISING_FROM_SITTING),
                     radiates_to=Region.KNEE, onset_days=400, pain_share=0.7),
        ),
        rom_loss={(_H, Movement.INTERNAL_ROTATION): 28, (_H, Movement.FLEXION): 22, (_H, Movement.EXTENSION): 15,
                  (_H, Movement.ABDUCTION): 12},
        weakness={(_H, MuscleGroup.ABDUCTORS): 0.25, (_H, MuscleGroup.FLEXORS): 0.15,
                  (_H, MuscleGroup.EXTENSORS): 0.2},
        gait=((Gait.ANTALGIC, 0.4), (Gait.REDUCED_HIP_EXTENSION, 0.2)),
        tests=(_Test(TestName.FADIR, 0.2, painful=True), _Test(TestName.SCOUR, 0.3, painful=True),
               _Test(TestName.FABER, 0.4), _Test(TestName.THOMAS, 0.5), _Test(TestName.LACHMAN, None),
               _Test(TestName.MCMURRAY, None)),
        instruments=(Instrument.HOOS, Instrument.KOOS),
    ),
    _Story(
        "acl_rehab", "rehabilitation after ACL reconstruction", 14, (16, 40), 0.45,
        "Rehab after my {side} ACL operation; want to get back to sport.",
        ("Return to skiing next season", "Pass the hop tests"),
        (_Symptom(Region.KNEE, Location.ANTERIOR, (Activity.KNEELING, Activity.JUMPING), onset_days=90),),
        injury=(Region.KNEE, "ACL rupture skiing; hamstring graft reconstruction", (Structure.ACL,), 100),
        rom_loss={(_K, Movement.FLEXION): 35, (_K, Movement.EXTENSION): 8},
        weakness={(_K, MuscleGroup.EXTENSORS): 0.4, (_K, MuscleGroup.FLEXORS): 0.25,
                  (_H, MuscleGroup.ABDUCTORS): 0.1},
        gait=((Gait.REDUCED_KNEE_FLEXION, 0.5),),
        tests=(_Test(TestName.LACHMAN, None), _Test(TestName.PIVOT_SHIFT, None),
               _Test(TestName.HOP_TEST, 0.25), _Test(TestName.SINGLE_LEG_SQUAT, 0.5)),
        pain=(2, 5),
    ),
    _Story(
        "meniscus", "medial meniscus tear", 9, (30, 65), 0.45,
        "My {side} knee catches and swells after squatting.",
        ("Garden without pain", "Squat to pick things up"),
        (_Symptom(Region.KNEE, Location.MEDIAL, (Activity.SQUATTING, Activity.PIVOTING, Activity.KNEELING),
                  onset_days=45),),
        injury=(Region.KNEE, "Twisted the knee getting up from a squat", (Structure.MEDIAL_MENISCUS,), 50),
        rom_loss={(_K, Movement.FLEXION): 20, (_K, Movement.EXTENSION): 5},
        weakness={(_K, MuscleGroup.EXTENSORS): 0.2},
        tests=(_Test(TestName.MCMURRAY, 0.3, painful=True), _Test(TestName.THESSALY, 0.35, painful=True),
               _Test(TestName.LACHMAN, None), _Test(TestName.VALGUS_STRESS_30, None)),
    ),
    _Story(
        "gluteal", "gluteal tendinopathy", 10, (40, 70), 0.8,
        "Pain on the outside of my {side} hip, worst lying on that side at night.",
        ("Sleep through the night", "Walk to town and back"),
        (_Symptom(Region.HIP, Location.LATERAL, (Activity.SIDE_LYING, Activity.STAIRS, Activity.WALKING),
                  onset_days=150),),
        weakness={(_H, MuscleGroup.ABDUCTORS): 0.35, (_H, MuscleGroup.EXTERNAL_ROTATORS): 0.2},
        gait=((Gait.TRENDELENBURG, 0.5),),
        tests=(_Test(TestName.SINGLE_LEG_STANCE, 0.3), _Test(TestName.RESISTED_EXTERNAL_DEROTATION, 0.3, painful=True),
               _Test(TestName.TRENDELENBURG, 0.5), _Test(TestName.FABER, 0.6, painful=True),
               _Test(TestName.FADIR, None)),
        instruments=(Instrument.HOOS,),
    ),
    _Story(
        "knee_oa", "knee osteoarthritis", 10, (55, 85), 0.6,
        "Both knees creak but the {side} one aches and is stiff after sitting.",
        ("Manage the shopping trip", "Keep playing bowls"),
        (_Symptom(Region.KNEE, Location.MEDIAL, (Activity.STAIRS, Activity.RISING_FROM_SITTING, Activity.WALKING),
                  onset_days=500),),
        rom_loss={(_K, Movement.FLEXION): 25, (_K, Movement.EXTENSION): 8},
        weakness={(_K, MuscleGroup.EXTENSORS): 0.25, (_H, MuscleGroup.ABDUCTORS): 0.1},
        gait=((Gait.ANTALGIC, 0.5), (Gait.REDUCED_KNEE_FLEXION, 0.3)),
        tests=(_Test(TestName.MCMURRAY, None), _Test(TestName.VALGUS_STRESS_0, None), _Test(TestName.CLARKE, 0.5)),
        instruments=(Instrument.KOOS, Instrument.LEFS),
    ),
    _Story(
        "itb", "iliotibial band pain at knee and hip (myofascial)", 6, (20, 50), 0.5,
        "Outside of my {side} knee hurts after 3 km of running; sometimes the hip too.",
        ("Run a half marathon", "Cycle to work"),
        (
            _Symptom(Region.KNEE, Location.LATERAL, (Activity.RUNNING, Activity.STAIRS), onset_days=80),
            _Symptom(Region.HIP, Location.LATERAL, (Activity.RUNNING,), onset_days=40, pain_share=0.5),
        ),
        weakness={(_H, MuscleGroup.ABDUCTORS): 0.15},
        tests=(_Test(TestName.OBER, 0.3), _Test(TestName.THOMAS, None), _Test(TestName.SINGLE_LEG_SQUAT, 0.6)),
        instruments=(Instrument.LEFS,),
        pain=(3, 6),
    ),
    _Story(
        "adolescent_limp", "adolescent with knee pain and a limp (hip to be excluded)", 3, (11, 15), 0.35,
        "My {side} knee hurts and I have been limping for three weeks.",
        ("Play football again",),
        (_Symptom(Region.KNEE, Location.DIFFUSE, (Activity.WALKING, Activity.RUNNING), radiates_to=Region.THIGH,
                  onset_days=21),),
        rom_loss={(_H, Movement.INTERNAL_ROTATION): 25, (_H, Movement.ABDUCTION): 10, (_H, Movement.FLEXION): 10},
        gait=((Gait.LIMP, 0.0), (Gait.ANTALGIC, 0.0)),
        tests=(_Test(TestName.LOG_ROLL, 0.0, painful=True), _Test(TestName.FADIR, 0.0, painful=True),
               _Test(TestName.LACHMAN, None), _Test(TestName.MCMURRAY, None)),
        instruments=(Instrument.LEFS,),
        red_flags=(RedFlag.ADOLESCENT_HIP_OR_KNEE_PAIN_WITH_LIMP,),
        max_visits=1,
    ),
)

# Healthy adult values (made up, plausible): degrees, and newtons for a hand-held dynamometer.
_ROM: dict[tuple[Joint, Movement], float] = {
    (_H, Movement.FLEXION): 120, (_H, Movement.EXTENSION): 20, (_H, Movement.ABDUCTION): 42,
    (_H, Movement.ADDUCTION): 28, (_H, Movement.INTERNAL_ROTATION): 38, (_H, Movement.EXTERNAL_ROTATION): 42,
    (_K, Movement.FLEXION): 138, (_K, Movement.EXTENSION): 1,
}
_FORCE: dict[tuple[Joint, MuscleGroup], float] = {
    (_H, MuscleGroup.ABDUCTORS): 210, (_H, MuscleGroup.EXTENSORS): 250, (_H, MuscleGroup.EXTERNAL_ROTATORS): 130,
    (_H, MuscleGroup.FLEXORS): 220, (_K, MuscleGroup.EXTENSORS): 420, (_K, MuscleGroup.FLEXORS): 200,
}
_ROM_JOINT_ORDER = ((_K, MOVEMENTS_BY_JOINT[_K]), (_H, MOVEMENTS_BY_JOINT[_H]))


@dataclass(frozen=True, slots=True)
class DemoPatient:
    """One made-up patient, the story their visits follow, and the visits, oldest first."""

    patient: Patient
    story: str  # a `_Story.key`, e.g. "knee_to_hip"
    title: str  # the story for people
    records: tuple[ExamRecord, ...]


STORIES: dict[str, str] = {s.key: s.title for s in _STORIES}


def _visits_count(rng: random.Random, mean_visits: float, cap: int = 6) -> int:
    """One to `cap` visits, `mean_visits` on average (1 + a binomial count)."""
    p = min(max((mean_visits - 1) / (cap - 1), 0.0), 1.0)
    return 1 + sum(rng.random() < p for _ in range(cap - 1))


def generate(
    seed: int = 1, n: int = 50, *, mean_visits: float = 3.5, today: dt.date | None = None, start: int = 0
) -> Iterator[DemoPatient]:
    """`n` made-up patients with their visits; deterministic from (seed, today). Patient number
    `i` is the same whatever `n` and `start` are, so a big set can be made in slices."""
    today = today or dt.date.today()
    for index in range(start, start + n):
        yield _patient(random.Random(f"kinelink-demo:{seed}:{index}"), index, mean_visits, today)


def records(
    seed: int = 1, n: int = 50, *, mean_visits: float = 3.5, today: dt.date | None = None
) -> Iterator[ExamRecord]:
    """Every visit of `generate(...)` as one exam record each."""
    for demo in generate(seed, n, mean_visits=mean_visits, today=today):
        yield from demo.records


# --- building one patient ----------------------------------------------------------------------

_CULTURE_WEIGHTS = [w for _, w in _CULTURES]
_STORY_WEIGHTS = [s.weight for s in _STORIES]


def _patient(rng: random.Random, index: int, mean_visits: float, today: dt.date) -> DemoPatient:
    story = rng.choices(_STORIES, _STORY_WEIGHTS)[0]
    culture = rng.choices([c for c, _ in _CULTURES], _CULTURE_WEIGHTS)[0]
    roll = rng.random()
    sex = (
        Sex.FEMALE if roll < story.female_share * 0.98
        else Sex.MALE if roll < 0.98 else rng.choice((Sex.OTHER, Sex.UNKNOWN))
    )
    female = sex is Sex.FEMALE or (sex is not Sex.MALE and rng.random() < 0.5)
    family = rng.choice(culture.family)[1 if female else 0]
    given = rng.choice(culture.female if female else culture.male)

    count = min(_visits_count(rng, mean_visits), story.max_visits)
    gaps = [rng.randint(14, 42) for _ in range(count - 1)]
    last = today - dt.timedelta(days=rng.randint(0, 3 * 365))
    first = last - dt.timedelta(days=sum(gaps))
    age = rng.randint(*story.ages)
    born = first - dt.timedelta(days=age * 365 + rng.randint(0, 364))
    patient = Patient(family, given, born, sex, f"KL-{index + 1:06d}" if rng.random() < 0.9 else None)

    side = rng.choice((Side.LEFT, Side.RIGHT))
    recovery = rng.uniform(0.55, 0.95)  # share of the impairment gone by the last visit
    rom = {k: v * (1 - max(age - 40, 0) * 0.003) + rng.uniform(-5, 5) for k, v in _ROM.items()}
    force = {
        k: v * (0.8 if female else 1.0) * (1 - max(age - 40, 0) * 0.006) * rng.uniform(0.85, 1.15)
        for k, v in _FORCE.items()
    }
    person = _Person(
        story=story,
        side=side,
        age=age,
        female=female,
        rom=rom,
        force=force,
        pain=rng.randint(*story.pain),
        dysfunction=rng.uniform(0.35, 0.75),
        clinician=rng.choice(_CLINICIANS),
        goals=rng.choice(story.goals),
        past=rng.choice(_PAST),
        meds=rng.choice(_MEDS),
        first=first,
        rom_plan=tuple(
            (joint, movement, s, rom[(joint, movement)], story.rom_loss.get((joint, movement), 0.0) * (s is side))
            for joint, movements in _ROM_JOINT_ORDER
            for movement in movements
            for s in _SIDES
        ),
        strength_plan=tuple(
            (joint, group, s, newtons, story.weakness.get((joint, group), 0.0) * (s is side))
            for (joint, group), newtons in force.items()
            for s in _SIDES
        ),
    )
    records_: list[ExamRecord] = []
    day = first
    for k in range(count):
        severity = 1.0 - recovery * (k / (count - 1) if count > 1 else 0.0)
        severity = min(max(severity + rng.uniform(-0.05, 0.05), 0.0), 1.0)
        # questionnaires at the first and last visits and every other one between
        exam = _exam(rng, person, day, severity, k, k % 2 == 0 or k == count - 1)
        records_.append(ExamRecord(patient, exam))
        if k < len(gaps):
            day += dt.timedelta(days=gaps[k])
    return DemoPatient(patient, story.key, story.title, tuple(records_))


@dataclass(frozen=True, slots=True)
class _Person:
    story: _Story
    side: Side
    age: int
    female: bool
    rom: dict[tuple[Joint, Movement], float]
    force: dict[tuple[Joint, MuscleGroup], float]
    pain: int
    dysfunction: float  # questionnaire answers at the first visit, 0..1 of the worst
    clinician: str
    goals: str
    past: str | None
    meds: str | None
    first: dt.date
    # (joint, movement, side, healthy degrees, degrees lost at severity 1), in file order
    rom_plan: tuple[tuple[Joint, Movement, Side, float, float], ...] = ()
    # (joint, group, side, healthy newtons, share lost at severity 1)
    strength_plan: tuple[tuple[Joint, MuscleGroup, Side, float, float], ...] = ()


def _exam(rng: random.Random, p: _Person, day: dt.date, severity: float, visit: int, forms: bool) -> Exam:
    """One visit; `forms`: the patient filled in the questionnaires this time."""
    s, side = p.story, p.side
    exam_id = ExamId(str(uuid.UUID(int=rng.getrandbits(128), version=4)))
    injuries: tuple[Injury, ...] = ()
    if s.injury is not None:
        region, text, structures, days = s.injury
        injuries = (Injury(region, side, p.first - dt.timedelta(days=days), text, structures),)
    symptoms = tuple(
        Symptom(
            sym.region,
            side.other if sym.other_side else side,
            sym.location,
            min(p.first - dt.timedelta(days=sym.onset_days), day),
            round(p.pain * sym.pain_share * severity),
            sym.aggravating,
            sym.radiates_to,
        )
        for sym in s.symptoms
    )
    gait = tuple(g for g, above in s.gait if severity > above) or (Gait.NORMAL,)
    history = History(
        complaint=s.complaint.format(side=side.value) if visit == 0 else "Review: " + _progress(severity),
        injuries=injuries,
        symptoms=symptoms,
        gait=gait,
        red_flags=s.red_flags,
        past_history=p.past,
        medications=p.meds,
        goals=p.goals,
    )
    return Exam(
        date=day,
        history=history,
        id=exam_id,
        clinician=p.clinician,
        rom=_rom(rng, p, severity),
        strength=_strength(rng, p, severity),
        tests=_tests(p, severity),
        outcomes=tuple(_outcome(rng, i, p.dysfunction * severity, day) for i in s.instruments) if forms else (),
        notes=rng.choice(_NOTES),
    )


def _progress(severity: float) -> str:
    if severity > 0.75:
        return "little change since last visit."
    if severity > 0.45:
        return "improving, less pain on stairs."
    return "much better; occasional ache after long walks."


_ROM_NOISE = tuple(range(-2, 3))
_STRENGTH_NOISE = tuple(0.95 + i / 100 for i in range(11))
_ANSWER_NOISE = (-0.6, -0.3, 0.0, 0.0, 0.3, 0.6)
_GRADES = ((0.92, Grade.G5), (0.82, Grade.G4P), (0.72, Grade.G4), (0.62, Grade.G4M), (0.5, Grade.G3P))
_ITEM_WEIGHTS = {
    i: tuple((c, 1.3 if c.startswith(("SP", "Q")) else 0.8 if c.startswith("A") else 1.0) for c in codes)
    for i, codes in ITEM_CODES.items()
}


def _degrees(value: float) -> int:
    return min(max(round(value), -30), 180)


_SIDES = (Side.LEFT, Side.RIGHT)
_ACTIVE = Mode.ACTIVE


def _rom(rng: random.Random, p: _Person, severity: float) -> tuple[RomEntry, ...]:
    out: list[RomEntry] = []
    noise = iter(rng.choices(_ROM_NOISE, k=16))
    painful = severity > 0.5
    for joint, movement, side, base, loss in p.rom_plan:
        if loss:
            out.append(RomEntry(joint, movement, side, _degrees(base + next(noise) - loss * severity), _ACTIVE,
                                painful))
        else:
            out.append(RomEntry(joint, movement, side, _degrees(base + next(noise)), _ACTIVE, None))
    if p.story.rom_loss and rng.random() < 0.3:  # passive range of the most limited movement
        (joint, movement), loss = max(p.story.rom_loss.items(), key=lambda kv: kv[1])
        value = p.rom[(joint, movement)] - loss * severity * 0.8
        out.append(RomEntry(joint, movement, p.side, _degrees(value), Mode.PASSIVE, None))
    return tuple(out)


def _grade(ratio: float) -> Grade:
    for limit, grade in _GRADES:
        if ratio >= limit:
            return grade
    return Grade.G3


def _strength(rng: random.Random, p: _Person, severity: float) -> tuple[StrengthEntry, ...]:
    out: list[StrengthEntry] = []
    noise = iter(rng.choices(_STRENGTH_NOISE, k=2 * len(p.force)))
    for joint, group, side, force, weakness in p.strength_plan:
        ratio = (1.0 - weakness * severity) * next(noise)
        newtons = round(min(force * ratio, 2000.0), 1) if rng.random() < 0.9 else None
        out.append(StrengthEntry(joint, group, side, _grade(ratio), newtons))
    return tuple(out)


def _tests(p: _Person, severity: float) -> tuple[TestEntry, ...]:
    out: list[TestEntry] = []
    for t in p.story.tests:
        positive = t.positive_above is not None and severity > t.positive_above
        out.append(
            TestEntry(
                t.test,
                p.side,
                _P if positive else _N,
                t.grade if positive else None,
                (t.painful if positive else False) if t.painful is not None else None,
                None,
            )
        )
    return tuple(out)


def _outcome(rng: random.Random, instrument: Instrument, level: float, day: dt.date) -> Outcome:
    answers = rng.choice(_answer_sets(instrument, round(level * 20)))
    if rng.random() < 0.08:  # a few forms come back with an item or two left blank
        skip = set(rng.sample(range(len(answers)), rng.randint(1, 2)))
        answers = tuple(a for i, a in enumerate(answers) if i not in skip)
    return Outcome(instrument, answers, day if rng.random() < 0.8 else None)


@functools.cache
def _answer_sets(instrument: Instrument, level20: int) -> tuple[tuple[tuple[str, int], ...], ...]:
    """Eight plausible filled-in forms for a problem level of `level20`/20 (0 = none, 20 = worst);
    made once per level, so a hundred thousand patients cost no more than a few."""
    rng = random.Random(f"kinelink-demo-answers:{instrument.value}:{level20}")
    level4 = level20 / 20 * 4
    forms = []
    for _ in range(8):
        answers = []
        for code, weight in _ITEM_WEIGHTS[instrument]:
            problem = min(max(round(level4 * weight + rng.choice(_ANSWER_NOISE)), 0), 4)
            answers.append((code, 4 - problem if instrument is Instrument.LEFS else problem))
        forms.append(tuple(answers))
    return tuple(forms)

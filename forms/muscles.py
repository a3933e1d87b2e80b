"""Muscle groups tested for strength, with the names clinicians use."""

from __future__ import annotations

from dataclasses import dataclass

from kinelink.forms import i18n
from kinelink.forms.i18n import N_, _
from kinelink.forms.vocab import GROUPS_BY_JOINT, Joint, MuscleGroup


@dataclass(frozen=True, slots=True)
class MuscleGroupInfo:
    joint: Joint
    group: MuscleGroup
    english_muscles: str  # the main muscles, for the tooltip and the PDF (the catalog's msgid)
    english_label: str  # the group with its joint, as one word where the language makes one (msgid)

    @property
    def label(self) -> str:
        """"Hip abductors" (German "Hüftabduktoren"), in the current language.

        A whole phrase per group, not "{joint} {group}" put together: German joins them into one word, and
        "Abduktoren (Hüfte)" read "Extensoren (Knie) (M. quadriceps)" with the knee's muscle beside it."""
        text = _(self.english_label)
        return text[:1].upper() + text[1:]

    @property
    def short(self) -> str:
        """The group under its joint's heading ("Extensors" under "Knee"), as the editor's rows show it."""
        text = self.group.label
        return text[:1].upper() + text[1:]

    @property
    def muscles(self) -> str:
        return _(self.english_muscles)

    @property
    def in_text(self) -> str:
        """The group inside a sentence: 'quadriceps', 'hip abductors' (knee groups go by their muscle)."""
        if self.joint is Joint.KNEE:
            return self.muscles
        return self.label if i18n.current().code == i18n.GERMAN else self.label[:1].lower() + self.label[1:]


_LABELS: dict[tuple[Joint, MuscleGroup], str] = {
    (Joint.HIP, MuscleGroup.FLEXORS): N_("hip flexors"),
    (Joint.HIP, MuscleGroup.EXTENSORS): N_("hip extensors"),
    (Joint.HIP, MuscleGroup.ABDUCTORS): N_("hip abductors"),
    (Joint.HIP, MuscleGroup.ADDUCTORS): N_("hip adductors"),
    (Joint.HIP, MuscleGroup.INTERNAL_ROTATORS): N_("hip internal rotators"),
    (Joint.HIP, MuscleGroup.EXTERNAL_ROTATORS): N_("hip external rotators"),
    (Joint.KNEE, MuscleGroup.EXTENSORS): N_("knee extensors"),
    (Joint.KNEE, MuscleGroup.FLEXORS): N_("knee flexors"),
}

_MUSCLES: dict[tuple[Joint, MuscleGroup], str] = {
    (Joint.HIP, MuscleGroup.FLEXORS): N_("iliopsoas, rectus femoris"),
    (Joint.HIP, MuscleGroup.EXTENSORS): N_("gluteus maximus, hamstrings"),
    (Joint.HIP, MuscleGroup.ABDUCTORS): N_("gluteus medius and minimus, TFL"),
    (Joint.HIP, MuscleGroup.ADDUCTORS): N_("adductor longus, brevis and magnus"),
    (Joint.HIP, MuscleGroup.INTERNAL_ROTATORS): N_("gluteus medius (anterior), TFL"),
    (Joint.HIP, MuscleGroup.EXTERNAL_ROTATORS): N_("deep rotators, gluteus maximus"),
    (Joint.KNEE, MuscleGroup.EXTENSORS): N_("quadriceps"),
    (Joint.KNEE, MuscleGroup.FLEXORS): N_("hamstrings"),
}

MUSCLE_GROUPS: dict[tuple[Joint, MuscleGroup], MuscleGroupInfo] = {
    (joint, group): MuscleGroupInfo(joint, group, _MUSCLES[(joint, group)], _LABELS[(joint, group)])
    for joint, groups in GROUPS_BY_JOINT.items()
    for group in groups
}


def label(joint: Joint, group: MuscleGroup) -> str:
    """The group as documents name it: "Knee extensors (quadriceps)" (knee groups go by their muscle)."""
    info = MUSCLE_GROUPS[(joint, group)]
    if joint is Joint.KNEE:
        return f"{info.label} ({info.muscles})"
    return info.label

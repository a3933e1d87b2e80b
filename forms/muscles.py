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

    @property
    def label(self) -> str:
        """"Hip abductors" (German "Abduktoren der Hüfte"), in the current language."""
        text = _("{joint} {group}").format(joint=self.joint.label, group=self.group.label)
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
    (joint, group): MuscleGroupInfo(joint, group, _MUSCLES[(joint, group)])
    for joint, groups in GROUPS_BY_JOINT.items()
    for group in groups
}


def label(joint: Joint, group: MuscleGroup) -> str:
    info = MUSCLE_GROUPS[(joint, group)]
    if joint is Joint.KNEE:
        return f"{info.label} ({info.muscles})"
    return info.label

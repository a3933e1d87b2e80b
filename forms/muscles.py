"""Muscle groups tested for strength, with the names clinicians use."""

from __future__ import annotations

from dataclasses import dataclass

from kinelink.forms.vocab import GROUPS_BY_JOINT, Joint, MuscleGroup


@dataclass(frozen=True, slots=True)
class MuscleGroupInfo:
    joint: Joint
    group: MuscleGroup
    label: str  # "Hip abductors"
    muscles: str  # the main muscles, for the tooltip and the PDF

    @property
    def in_text(self) -> str:
        """The group inside a sentence: 'quadriceps', 'hip abductors' (knee groups go by their muscle)."""
        return self.muscles if self.joint is Joint.KNEE else self.label[:1].lower() + self.label[1:]


_MUSCLES: dict[tuple[Joint, MuscleGroup], str] = {
    (Joint.HIP, MuscleGroup.FLEXORS): "iliopsoas, rectus femoris",
    (Joint.HIP, MuscleGroup.EXTENSORS): "gluteus maximus, hamstrings",
    (Joint.HIP, MuscleGroup.ABDUCTORS): "gluteus medius and minimus, TFL",
    (Joint.HIP, MuscleGroup.ADDUCTORS): "adductor longus, brevis and magnus",
    (Joint.HIP, MuscleGroup.INTERNAL_ROTATORS): "gluteus medius (anterior), TFL",
    (Joint.HIP, MuscleGroup.EXTERNAL_ROTATORS): "deep rotators, gluteus maximus",
    (Joint.KNEE, MuscleGroup.EXTENSORS): "quadriceps",
    (Joint.KNEE, MuscleGroup.FLEXORS): "hamstrings",
}

MUSCLE_GROUPS: dict[tuple[Joint, MuscleGroup], MuscleGroupInfo] = {
    (joint, group): MuscleGroupInfo(
        joint,
        group,
        f"{joint.label.capitalize()} {group.label.replace('_', ' ')}",
        _MUSCLES[(joint, group)],
    )
    for joint, groups in GROUPS_BY_JOINT.items()
    for group in groups
}


def label(joint: Joint, group: MuscleGroup) -> str:
    info = MUSCLE_GROUPS[(joint, group)]
    if joint is Joint.KNEE:
        return f"{info.label} ({info.muscles})"
    return info.label

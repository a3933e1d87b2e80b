"""The typed ids of a patient and an exam, on their own: the window's modules use them at run time
(`PatientId(row)`) without loading the domain's enums and dataclasses (`forms.model` re-exports them)."""

from __future__ import annotations

from typing import NewType

PatientId = NewType("PatientId", int)
ExamId = NewType("ExamId", str)

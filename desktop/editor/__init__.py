"""The exam editor and its live analysis panel (embedded by the main window).

`ExamEditor` edits one exam: `load(patient, exam)`, `exam()`, `problems()`,
`set_locked(locked)`, `section_names()`, `show_section(name)`, and the signals
`changed` (every user edit) and `analysis_updated(Analysis)`. `AnalysisPanel`
shows a `forms.findings.Analysis`; the editor holds one beside the form.

Both are imported on first use (PEP 562), so the window's theme can read
`desktop.editor.style` at start-up without building the largest widget of all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kinelink.desktop.editor.editor import ExamEditor
    from kinelink.desktop.editor.panel import AnalysisPanel

__all__ = ["AnalysisPanel", "ExamEditor"]


def __getattr__(name: str) -> Any:
    if name == "ExamEditor":
        from kinelink.desktop.editor.editor import ExamEditor

        return ExamEditor
    if name == "AnalysisPanel":
        from kinelink.desktop.editor.panel import AnalysisPanel

        return AnalysisPanel
    raise AttributeError(f"module 'kinelink.desktop.editor' has no attribute {name!r}")

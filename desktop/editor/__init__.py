"""The exam editor and its live analysis panel (embedded by the main window).

`ExamEditor` edits one exam: `load(patient, exam)`, `exam()`, `problems()`,
`set_locked(locked)`, `section_names()`, `show_section(name)`, and the signals
`changed` (every user edit) and `analysis_updated(Analysis)`. `AnalysisPanel`
shows a `forms.findings.Analysis`; the editor holds one beside the form.
"""

from desktop.editor.editor import ExamEditor
from desktop.editor.panel import AnalysisPanel

__all__ = ["AnalysisPanel", "ExamEditor"]

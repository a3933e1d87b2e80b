"""What the right-hand side shows before a patient is chosen: the first-run
welcome on an empty database, otherwise a short "choose a patient" hint."""

from __future__ import annotations

from kinelink.desktop import theme
from kinelink.forms.i18n import N_, _
from PySide6 import QtCore
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

# The keys a newcomer needs first, two to a row: plain labels in a grid (a rich-text table took as long to
# lay out as the rest of the window's first paint).
SHORTCUTS: tuple[tuple[tuple[str, str], ...], ...] = (
    ((N_("Ctrl+F"), N_("find a patient")), (N_("Ctrl+N"), N_("new exam"))),
    ((N_("Ctrl+Shift+N"), N_("new patient")), (N_("Ctrl+S"), N_("save now (it also saves as you type)"))),
    ((N_("Ctrl+P"), N_("summary PDF")), (N_("Ctrl+L"), N_("referral letter"))),
    ((N_("F1"), N_("all shortcuts")),),
)


class WelcomePanel(QWidget):
    new_patient_requested = Signal()
    demo_requested = Signal()
    import_requested = Signal()
    settings_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Page")
        self.title = QLabel()
        self.title.setObjectName("WelcomeTitle")
        theme.set_role(self.title, "welcome-title")
        self.lead = QLabel()
        self.lead.setObjectName("WelcomeLead")
        self.lead.setWordWrap(True)
        theme.set_role(self.lead, "lead")
        self.new_button = QPushButton(_("New patient"))
        self.new_button.setObjectName("WelcomeNewPatient")
        theme.set_role(self.new_button, "primary")
        self.demo_button = QPushButton(_("Open demo data"))
        self.demo_button.setObjectName("WelcomeDemo")
        self.demo_button.setToolTip(_("Opens a separate database of made-up patients; your own records are not "
                                      "touched"))
        self.import_button = QPushButton(_("Import exam files…"))
        self.settings_hint = QLabel()
        self.settings_hint.setWordWrap(True)
        theme.set_role(self.settings_hint, "hint")
        self.settings_button = QPushButton(_("Settings…"))
        self.database_label = QLabel()
        self.database_label.setObjectName("WelcomeDatabase")
        self.database_label.setWordWrap(True)  # selectable once it names the database (`show_state`)
        theme.set_role(self.database_label, "muted")
        self.shortcuts = QWidget()
        self.shortcuts.setObjectName("WelcomeShortcuts")
        keys = QGridLayout(self.shortcuts)
        keys.setContentsMargins(6, 6, 6, 6)
        keys.setHorizontalSpacing(6)
        keys.setVerticalSpacing(6)
        keys.setColumnMinimumWidth(2, 30)  # the gap between the pairs
        for row, pairs in enumerate(SHORTCUTS):
            for pair, (key, does) in enumerate(pairs):
                key_label, does_label = QLabel(_(key)), QLabel(_(does))
                theme.set_role(key_label, "key")
                does_label.setWordWrap(True)  # a narrow window wraps the words instead of cutting them
                theme.set_role(does_label, "muted")
                keys.addWidget(key_label, row, pair * 3)
                keys.addWidget(does_label, row, pair * 3 + 1)
        keys.setColumnStretch(1, 1)
        keys.setColumnStretch(4, 1)

        self.new_button.clicked.connect(self.new_patient_requested)
        self.demo_button.clicked.connect(self.demo_requested)
        self.import_button.clicked.connect(self.import_requested)
        self.settings_button.clicked.connect(self.settings_requested)

        buttons = QHBoxLayout()
        buttons.setSpacing(10)
        for button in (self.new_button, self.demo_button, self.import_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        settings_row = QHBoxLayout()
        settings_row.addWidget(self.settings_hint, 1)
        settings_side = QVBoxLayout()  # the button at the top of the row, however many lines the hint takes
        settings_side.addWidget(self.settings_button)
        settings_side.addStretch(1)
        settings_row.addLayout(settings_side)

        column = QVBoxLayout()
        column.setSpacing(14)
        column.addStretch(1)
        column.addWidget(self.title)
        column.addWidget(self.lead)
        column.addSpacing(6)
        column.addLayout(buttons)
        column.addSpacing(14)
        column.addLayout(settings_row)
        column.addWidget(self.shortcuts)
        column.addSpacing(10)
        column.addWidget(self.database_label)
        column.addStretch(1)
        # Centred by the stretches above and below, not by alignment flags: those would load the `Qt`
        # namespace (113 enums, ~20 ms) before the window's first paint.
        box = QWidget()
        box.setMaximumWidth(680)
        box.setLayout(column)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(40, 40, 40, 40)
        outer.addStretch(1)
        outer.addWidget(box, 4)
        outer.addStretch(1)

    def show_state(self, *, empty: bool, database: str, clinician: str) -> None:
        if empty:
            self.title.setText(_("Welcome to Kinelink"))
            self.lead.setText(
                _("Knee and hip examinations with kinetic-chain reasoning. Start with your first patient, "
                "or look around in a database of made-up patients first.")
            )
        else:
            self.title.setText(_("Choose a patient"))
            self.lead.setText(
                _("Search by name, record number or date of birth on the left, then press Enter to open the "
                "patient. Accents and case do not matter: “zolc” finds Żółć.")
            )
        self.demo_button.setVisible(empty)
        self.import_button.setVisible(empty)
        self.new_button.setVisible(empty)
        if clinician:
            self.settings_hint.setText(_("Changes and signatures are recorded as {clinician}. The clinic's name "
                                         "and address for documents are in Settings.").format(clinician=clinician))
        else:
            self.settings_hint.setText(_("Add your name and your clinic's details in Settings: your name is "
                                       "recorded with every change and signs your documents."))
        self.database_label.setText(_('Database: {database}').format(database=database))
        self.database_label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)

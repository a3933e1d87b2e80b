"""Who the referral letter goes to, why, and what is asked of them."""

from __future__ import annotations

from kinelink.desktop import theme
from kinelink.desktop.usecases.documents import Recipient
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)


def _text_box(accessible: str, lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setAccessibleName(accessible)
    box.setTabChangesFocus(True)  # Tab moves on, as in every other field
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


class RecipientDialog(QDialog):
    def __init__(self, parent: QWidget | None, initial: Recipient) -> None:
        super().__init__(parent)
        self.setWindowTitle("Referral letter")
        self.setStyleSheet(theme.style_sheet())
        self.setMinimumWidth(560)
        self._result: Recipient | None = None

        self.name = QLineEdit(initial.name)
        self.name.setAccessibleName("Recipient name")
        self.name.setPlaceholderText("e.g. Dr Anna Nowak, orthopaedic surgeon")
        self.address = _text_box("Recipient address", 3)
        self.address.setPlainText(initial.address)
        self.reason = _text_box("Reason for referral", 3)
        self.reason.setPlainText(initial.reason)
        self.request = _text_box("Request", 2)
        self.request.setPlainText(initial.request)
        self.name_error = QLabel()
        theme.set_role(self.name_error, "error")
        self.name_error.hide()

        form = QFormLayout()
        form.setVerticalSpacing(8)
        form.setHorizontalSpacing(12)
        captions = []
        for text, widget in (("&To", self.name), ("", self.name_error), ("A&ddress", self.address),
                             ("&Reason", self.reason), ("Re&quest", self.request)):
            caption = QLabel(text)
            caption.setBuddy(widget)
            form.addRow(caption, widget)
            captions.append(caption)
        widest = max(c.fontMetrics().horizontalAdvance(c.text().replace("&", "")) for c in captions)
        for caption in captions:  # the label column as wide as its widest caption: "To" is never cut
            caption.setMinimumWidth(widest + 6)
        hint = QLabel("The letter lists the key findings and the likely link from the exam. Left empty, "
                      "the reason and the request are worded from the analysis.")
        hint.setWordWrap(True)
        theme.set_role(hint, "hint")

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Write letter…")
        buttons.accepted.connect(self._try_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.setSpacing(12)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)

    def _try_accept(self) -> None:
        name = self.name.text().strip()
        if not name:
            self.name_error.setText("Enter who the letter is addressed to.")
            self.name_error.show()
            theme.set_flag(self.name, "invalid", True)
            self.name.setFocus()
            return
        self._result = Recipient(
            name=name,
            address=self.address.toPlainText().strip(),
            reason=self.reason.toPlainText().strip(),
            request=self.request.toPlainText().strip(),
        )
        self.accept()

    def recipient(self) -> Recipient | None:
        return self._result

"""The window's language: Kinelink's catalogs (forms/i18n.py) and Qt's own for its standard dialogs.

Chosen once when the window starts, from Settings ▸ Language or, with "System", the computer's
locale; a new choice applies at the next start (widgets are built with their text, so switching
under them would leave half the window in the old language).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kinelink.forms import i18n
from PySide6.QtCore import QCoreApplication, QLocale

if TYPE_CHECKING:
    from PySide6.QtCore import QTranslator

_installed: list[QTranslator] = []  # kept alive as long as the application: Qt does not own them


def apply(choice: str) -> i18n.Language:
    """Set the language from the Settings choice; Qt's buttons (OK, Cancel, Yes) and its file dialogs
    follow through Qt's own translations (qtbase_<language>.qm, shipped with PySide6)."""
    language = i18n.set_language(i18n.choose_language(choice))
    QLocale.setDefault(QLocale(language.tag.replace("-", "_")))
    app = QCoreApplication.instance()
    for translator in _installed:
        QCoreApplication.removeTranslator(translator)
    _installed.clear()
    if app is not None and language.code != i18n.ENGLISH:
        from PySide6.QtCore import QLibraryInfo, QTranslator  # not needed in English, the language of Qt's words

        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        translator = QTranslator(app)
        if translator.load(f"qtbase_{language.code}", folder):
            QCoreApplication.installTranslator(translator)
            _installed.append(translator)
    return language

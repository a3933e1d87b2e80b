"""Who a letter is addressed to, and how they are greeted.

The salutation is built from the name alone: "Dear Dr Zola," for a titled person,
"Dear Anna Zola," for a person named without a title, "Dear colleague," when no person
is named or the name is a department ("Emergency Department"). The role and the
organisation go in the address block, never into the greeting.
"""

from __future__ import annotations

from dataclasses import dataclass

from kinelink.forms.i18n import N_, _

# Titles that greet with the family name ("Dr Anna Zola" -> "Dr Zola").
TITLES = ("Dr", "Dr.", "Doctor", "Prof", "Prof.", "Professor", "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.",
          "Miss", "Mx", "Mx.")
# Words that make a "name" a place or a team rather than a person.
_SERVICE_WORDS = ("department", "clinic", "team", "service", "hospital", "practice", "unit", "centre", "center",
                  "surgery", "ward", "emergency", "radiology", "imaging", "on-call", "on call",
                  # the same in German, as a German address book names them ("Zentrale Notaufnahme")
                  "abteilung", "klinik", "notaufnahme", "notfall", "ambulanz", "praxis", "radiologie", "station",
                  "zentrum", "krankenhaus", "dienst")

COLLEAGUE = N_("Dear colleague,")  # shown through _()
# A title that says the person's gender greets in its own words (German "Sehr geehrte Frau Zola,"); any other
# ("Dr", "Professor") greets with the title as the language writes it (German "Dr.", "Prof.").
_GREETINGS = {"Mr": N_("Dear Mr {name},"), "Mrs": N_("Dear Mrs {name},"), "Ms": N_("Dear Ms {name},"),
              "Miss": N_("Dear Miss {name},"), "Mx": N_("Dear Mx {name},")}
_TITLE_WORDS = {"Dr": N_("Dr"), "Professor": N_("Professor")}
# Words that belong to the family name that follows them ("Dr Anna van der Berg" -> "Dr van der Berg").
_PARTICLES = ("van", "von", "der", "den", "de", "da", "di", "du", "del", "della", "le", "la", "ó", "ní", "nic",
              "mac", "bin", "al", "ter", "ten", "st", "st.")


@dataclass(frozen=True, slots=True)
class Recipient:
    """An addressee: `name` is a person ("Dr Anna Zola") or empty; the rest are for the address block."""

    name: str = ""
    role: str = ""  # "Consultant orthopaedic surgeon"
    organisation: str = ""  # "St Mary's Hospital, Orthopaedics"
    address: str = ""  # several lines

    @classmethod
    def from_line(cls, line: str, address: str = "") -> Recipient:
        """`Dr Anna Nowak, orthopaedic surgeon` (the command line's `--to`): the name, then the role."""
        name, _unused, role = line.strip().partition(",")
        return cls(name=name.strip(), role=role.strip(), address=address.strip())

    @property
    def is_person(self) -> bool:
        words = self.name.lower()
        return bool(self.name.strip()) and not any(w in words for w in _SERVICE_WORDS)

    @property
    def salutation(self) -> str:
        return salutation(self)

    @property
    def label(self) -> str:
        """One line for lists and the issued document: `Dr Anna Zola, orthopaedic surgeon, St Mary's`."""
        return ", ".join(p for p in (self.name.strip(), self.role.strip(), self.organisation.strip()) if p)

    def address_lines(self) -> tuple[str, ...]:
        """The address block, top to bottom; blank parts left out."""
        lines = [self.name.strip(), self.role.strip(), self.organisation.strip()]
        lines += self.address.replace("\r\n", "\n").split("\n")
        return tuple(line.strip() for line in lines if line.strip())


def salutation(recipient: Recipient) -> str:
    """`Dear Dr Zola,` / `Dear Anna Zola,` / `Dear colleague,`."""
    if not recipient.is_person:
        return _(COLLEAGUE)
    words = recipient.name.split()
    if words[0] in TITLES or words[0].capitalize() in TITLES:
        title = words[0].rstrip(".")
        title = {"Doctor": "Dr", "Prof": "Professor"}.get(title, title)
        if len(words) == 1:
            return _(COLLEAGUE)
        start = len(words) - 1
        while start > 2 and words[start - 1].lower() in _PARTICLES:
            start -= 1
        family = " ".join(words[start:])
        if title.capitalize() in _GREETINGS:
            return _(_GREETINGS[title.capitalize()]).format(name=family)
        word = _TITLE_WORDS.get(title.capitalize(), title)
        shown = _(word) if _(word) != word else title  # the language's own form ("Dr."), else as typed
        return _("Dear {title} {name},").format(title=shown, name=family)
    return _("Dear {name},").format(name=" ".join(words))

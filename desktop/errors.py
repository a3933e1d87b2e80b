"""Errors the user can fix; the command line prints them as `kinelink: error: WHERE: WHAT`."""

from __future__ import annotations


class UserError(Exception):
    """Bad input: one or more (where, what) problems. Exit status 2."""

    def __init__(self, where: str, what: str, *more: tuple[str, str]) -> None:
        self.problems: list[tuple[str, str]] = [(where, what), *more]
        super().__init__(f"{where}: {what}")

    @classmethod
    def many(cls, problems: list[tuple[str, str]]) -> UserError:
        first, *rest = problems
        return cls(first[0], first[1], *rest)

    def lines(self) -> list[str]:
        return [f"{where}: {what}" if where else what for where, what in self.problems]

"""The application layer: each thing a user can do, once, for the window and the command line alike.

Qt-free (tests/test_layers.py checks it). A use case takes the open database (or a
target to open), the author and plain values, does the work in one unit of work,
and returns plain results or raises `UserError` (what the user can fix, per file or
field) or a `db` error. The window only asks (dialogs) and shows (status bar,
message boxes); `kinelink` only parses options and prints.
"""

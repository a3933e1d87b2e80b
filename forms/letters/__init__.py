"""Letters as data: the letter types, the recipient and salutation, and composing one letter.

`types` declares each kind of letter (who it is for, its sections in order, its urgency and how its
request is worded); `recipients` owns how an addressee is named and greeted; `compose` turns an exam,
its analysis and the clinician's review into a `Letter`: plain-text sections the clinician can tick,
edit and read before anything is written. `reports.letter` only lays a `Letter` out on paper.
"""

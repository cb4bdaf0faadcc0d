"""Plain language you can measure: readability scores, hard sentences and words, CDC checks.

Pure functions from a :class:`~carted_export.document.Document` (already translated for a
locale) to typed results (:mod:`.model`); reading sources and writing the report happen in
:mod:`.report` and the CLI.  See docs/readability.md for the formulas and heuristics.
"""

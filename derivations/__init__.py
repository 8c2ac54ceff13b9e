"""The companion document: one module per notes section, assembled by ``symml notes``.

Every module here defines ``SECTION`` (the notes' number, e.g. ``"2.2"``), ``TITLE`` and
``build(ctx) -> list[Block]``.  Modules compute everything they show with symml at build
time and pass each claim through ``ctx.proven(...)`` / ``ctx.refuted(...)``, so the build
fails on an ``undecided`` where a proof was expected.  Statements of the notes that symml
refutes go to ``ctx.erratum(...)``; with the refutations of ``symml check`` on the notes
(``NOTES_FILE``), joined to the erratum about the same display, they make the Errata section.
"""

from derivations._build import NOTES_FILE, SECTIONS, BuildContext, Erratum, build_companion, section_modules

__all__ = ["NOTES_FILE", "SECTIONS", "BuildContext", "Erratum", "build_companion", "section_modules"]

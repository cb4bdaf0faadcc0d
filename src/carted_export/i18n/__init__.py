"""Catalogs: UI strings (``carted_export`` domain) and per-document content.  The translate
pass that uses them is :mod:`carted_export.transforms.translate`.

Kept free of heavy imports (no WeasyPrint, no ebooklib) so ``carted-export i18n`` starts fast.

- :mod:`.locales`: locale codes, BCP 47 tags, text direction, display names
- :mod:`.po`: strict PO reading (errors carry ``file:line``) and writing, shared by all
- :mod:`.ui`: UI translations compiled in memory for the templates
- :mod:`.content`: per-document content catalogs, one entry per segment
- :mod:`.rules`: the safety rules of every build and ``i18n check`` (with :mod:`.numbers`,
  :mod:`.characters`, :mod:`.units` and its data files, :mod:`.cldr` for locale data)
- :mod:`.extract`, :mod:`.update`, :mod:`.stats`, :mod:`.check`: the ``i18n`` commands
"""

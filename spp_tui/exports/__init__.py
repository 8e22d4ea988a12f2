"""Word exports: minutes, action log, agenda pack (core: never imports Textual).

Each export reads through one service call (``spp_tui.db.services.minutes_data`` or the
action services), builds the document with python-docx, and writes it safely
(``spp_tui.exports.docx_kit.save_document``: temp file in the target folder, then rename).
python-docx is imported inside the functions, so importing this package costs nothing.
"""

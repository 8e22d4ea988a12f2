"""Services: the only way the UI and the exports touch the database.

Each public function takes a ``Database`` first, runs one short transaction, writes an
``AuditEntry`` for every change, and returns detached objects or small row dataclasses.
"""

"""The headless core: models, database opening and migrations, services. Never imports Textual.

Heavy modules (SQLAlchemy, SQLModel, Alembic) are imported by the submodules only, so that
``import spp_tui.db`` stays cheap for the UI's first paint.
"""

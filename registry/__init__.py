"""Persistence: SQLAlchemy 2 models and the database engine (SQLite by default).

Small on purpose for now (drafts and issued certificates); a later issue grows it into the full
registry with Alembic migrations.
"""

"""Storage: one place that makes engines, the table modules, the queries each concern needs, and migrations.

The backend is chosen by the database URL alone (:mod:`.engine`): a SpatiaLite
file is the embedded default, PostGIS the production database, with the same
behaviour on both. Every schema change is an Alembic migration
(:mod:`.schema`, ``migraties/``). Nothing here knows Flask or the web.
"""

"""The stored history of the months (SQLAlchemy Core; SQLite by default, PostgreSQL by URL)."""

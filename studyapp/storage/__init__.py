"""SQLite persistence: models, engine, migrations and repositories. ORM rows stay in here."""

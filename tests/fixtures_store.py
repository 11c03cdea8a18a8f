"""Store fixtures (SQLite and PostgreSQL). Filled in by the store work."""

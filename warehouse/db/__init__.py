"""Database access: the embedded server, engines, migrations and the ORM models."""

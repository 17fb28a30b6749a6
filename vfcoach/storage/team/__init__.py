"""Team mode on PostgreSQL: roles, row-level security and the people who log in (issue 13)."""

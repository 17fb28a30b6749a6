"""Team mode in the window: signing in to a shared PostgreSQL database."""

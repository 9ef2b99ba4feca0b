"""Everything that does work. Never imports the UI or Qt."""

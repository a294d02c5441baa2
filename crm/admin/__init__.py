"""Administration: staff accounts and teams."""

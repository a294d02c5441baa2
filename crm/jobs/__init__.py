"""Job matches through to hire, job starts, and the follow-along support after them."""

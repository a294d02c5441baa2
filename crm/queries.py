"""Small helpers for building queries from what people type."""


def escape_like(text: str) -> str:
    """text with LIKE's wildcards escaped (use with escape="\\"), so "100%" finds "100%" and not everything."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

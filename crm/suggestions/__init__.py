"""Suggested openings for a participant, reviewed together; the participant decides."""

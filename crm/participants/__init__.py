"""Participants on a caseload and their career profiles."""

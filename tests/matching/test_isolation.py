"""Importing matching (and running it) loads no web framework, database layer, forms library or CRM code."""

import subprocess
import sys

from tests.matching.helpers import PROJECT_ROOT

CHECK = """
import sys
import matching
from matching import Matcher
Matcher().fit([{"id": "o-1", "title": "Barista"}]).rank({"id": "p-1", "job_goals": ["barista"]})
import matching.cli
banned = [m for m in sys.modules if m.split(".")[0] in {"flask", "sqlalchemy", "wtforms", "crm", "flask_wtf"}]
print(",".join(banned))
"""


def test_matching_imports_no_web_or_database_code():
    result = subprocess.run([sys.executable, "-c", CHECK], cwd=PROJECT_ROOT, capture_output=True, text=True,
                            check=True, timeout=120)
    assert result.stdout.strip() == ""

"""WSGI entry point: `gunicorn wsgi:app` or `flask --app wsgi run`."""

import sys

from crm import create_app
from crm.config import ConfigError

try:
    app = create_app()
except ConfigError as error:
    # A settings mistake is the operator's to fix: say which one, without a traceback.
    print(f"Configuration error: {error}", file=sys.stderr)
    raise SystemExit(1) from None

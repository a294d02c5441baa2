"""The job-development CRM: application factory."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from crm.config import DEFAULTS, DEV_SECRET_KEY, ConfigError, check_settings, normalise_database_url

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: defaults, then instance/config.py, then the environment, then test_config."""
    instance_path = os.environ.get("CRM_INSTANCE_PATH") or str(PROJECT_ROOT / "instance")
    app = Flask(
        __name__,
        instance_path=instance_path,
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    sources = _load_config(app, test_config)
    check_settings(app.config, source_of=lambda name: sources.get(name, "the defaults"))
    if app.config["SECRET_KEY"] == DEV_SECRET_KEY and not (app.debug or app.testing):
        raise ConfigError(
            "Setting SECRET_KEY is the development key; set a random one in instance/config.py "
            "(`python -m crm.instance` writes one) or in the SECRET_KEY environment variable."
        )

    from crm import audit, auth, database, errors, formatting, security
    from crm.cli import register_cli
    from crm.extensions import csrf, db, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    with app.app_context():
        database.configure_engine(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])

    security.init_app(app)
    audit.init_app(app)
    auth.init_app(app)
    errors.init_app(app)
    formatting.init_app(app)
    _register_blueprints(app)
    register_cli(app)
    return app


def _load_config(app: Flask, test_config: dict | None) -> dict[str, str]:
    """Apply the configuration layers; return where each overridden setting came from."""
    sources: dict[str, str] = {}
    app.config.from_mapping(DEFAULTS)
    instance_file = Path(app.instance_path) / "config.py"
    if instance_file.exists():
        before = dict(app.config)
        try:
            app.config.from_pyfile(instance_file)
        except Exception as exc:  # any mistake in the file must stop start-up with its name
            raise ConfigError(f"instance/config.py could not be read: {type(exc).__name__}: {exc}") from exc
        sources.update({k: "instance/config.py" for k in app.config if app.config[k] != before.get(k)})
    for env_name, key in (("DATABASE_URL", "SQLALCHEMY_DATABASE_URI"), ("SECRET_KEY", "SECRET_KEY")):
        if os.environ.get(env_name):
            app.config[key] = os.environ[env_name]
            sources[key] = f"the {env_name} environment variable"
    before = dict(app.config)
    app.config.from_prefixed_env("CRM")
    sources.update({k: f"the CRM_{k} environment variable" for k in app.config if app.config[k] != before.get(k)})
    if test_config:
        app.config.from_mapping(test_config)
        sources.update({k: "the test configuration" for k in test_config})
    uri = app.config.get("SQLALCHEMY_DATABASE_URI")
    if not uri:
        uri = f"sqlite:///{Path(app.instance_path) / 'crm.db'}"
    if not isinstance(uri, str):
        source = sources.get("SQLALCHEMY_DATABASE_URI", "the defaults")
        raise ConfigError(f"Setting SQLALCHEMY_DATABASE_URI from {source} must be text, got {uri!r}.")
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(uri)
    return sources


def _register_blueprints(app: Flask) -> None:
    """Attach every feature's blueprint."""
    from crm.admin.views import bp as admin_bp
    from crm.auth.views import bp as auth_bp
    from crm.contacts.views import bp as contacts_bp
    from crm.employers.views import bp as employers_bp
    from crm.jobs.views import bp as jobs_bp
    from crm.main.views import bp as main_bp
    from crm.openings.views import bp as openings_bp
    from crm.participants.views import bp as participants_bp
    from crm.review.views import bp as review_bp
    from crm.suggestions.views import bp as suggestions_bp
    from crm.transfer.views import bp as transfer_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(employers_bp, url_prefix="/employers")
    app.register_blueprint(openings_bp, url_prefix="/openings")
    app.register_blueprint(contacts_bp, url_prefix="/contacts")
    app.register_blueprint(participants_bp, url_prefix="/participants")
    app.register_blueprint(jobs_bp, url_prefix="/jobs")
    app.register_blueprint(suggestions_bp)
    app.register_blueprint(transfer_bp, url_prefix="/transfer")
    app.register_blueprint(review_bp, url_prefix="/review")

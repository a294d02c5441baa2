"""Configuration layers and start-up checks."""

import os
import stat

import pytest

from crm import create_app
from crm.config import DEV_SECRET_KEY, ConfigError, normalise_database_url, write_instance_config


@pytest.fixture
def instance(tmp_path, monkeypatch):
    """An empty instance folder, with no config-related environment variables leaking in."""
    folder = tmp_path / "instance"
    folder.mkdir()
    monkeypatch.setenv("CRM_INSTANCE_PATH", str(folder))
    for name in list(os.environ):
        if name.startswith("CRM_") and name != "CRM_INSTANCE_PATH" or name in ("DATABASE_URL", "SECRET_KEY"):
            monkeypatch.delenv(name)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    return folder


def test_refuses_development_secret_key_outside_debug_and_testing(instance):
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()


def test_development_key_allowed_when_testing(instance):
    app = create_app({"TESTING": True})
    assert app.config["SECRET_KEY"] == DEV_SECRET_KEY


def test_layers_override_in_order(instance, monkeypatch):
    (instance / "config.py").write_text("SECRET_KEY = 'from-file'\nPER_PAGE = 30\nLOGIN_MAX_FAILURES = 7\n")
    monkeypatch.setenv("CRM_PER_PAGE", "40")
    app = create_app({"LOGIN_MAX_FAILURES": 9})
    assert app.config["SECRET_KEY"] == "from-file"
    assert app.config["PER_PAGE"] == 40  # environment beats the file, parsed as JSON
    assert app.config["LOGIN_MAX_FAILURES"] == 9  # the test dict beats everything
    monkeypatch.setenv("SECRET_KEY", "from-env")
    assert create_app().config["SECRET_KEY"] == "from-env"


def test_database_url_from_environment_is_normalised(instance, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "k")
    monkeypatch.setenv("DATABASE_URL", "postgres://u@h/db")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"


def test_default_database_is_sqlite_in_instance_folder(instance):
    app = create_app({"TESTING": True})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{instance / 'crm.db'}"


@pytest.mark.parametrize("url, expected", [
    ("postgres://a/b", "postgresql+psycopg://a/b"),
    ("postgresql://a/b", "postgresql+psycopg://a/b"),
    ("postgresql+psycopg://a/b", "postgresql+psycopg://a/b"),
    ("sqlite:///x.db", "sqlite:///x.db"),
])
def test_normalise_database_url(url, expected):
    assert normalise_database_url(url) == expected


@pytest.mark.parametrize("content, setting", [
    ("PER_PAGE = 'many'\n", "PER_PAGE"),
    ("PER_PAGE = -3\n", "PER_PAGE"),
    ("LOGIN_MAX_FAILURES = True\n", "LOGIN_MAX_FAILURES"),
    ("SECRET_KEY = ''\n", "SECRET_KEY"),
    ("SECRET_KEY = 42\n", "SECRET_KEY"),
    ("DEFAULT_TIMEZONE = 'Mars/Olympus'\n", "DEFAULT_TIMEZONE"),
    ("SQLALCHEMY_DATABASE_URI = 5\n", "SQLALCHEMY_DATABASE_URI"),
    ("SESSION_IDLE_MINUTES = 0\n", "SESSION_IDLE_MINUTES"),
    ("SESSION_ABSOLUTE_HOURS = '12'\n", "SESSION_ABSOLUTE_HOURS"),
    ("TOTP_REQUIRED_FOR_ADMINS = 'yes'\n", "TOTP_REQUIRED_FOR_ADMINS"),
])
def test_bad_instance_value_names_the_setting(instance, content, setting):
    (instance / "config.py").write_text("SECRET_KEY = 'k'\n" + content)
    with pytest.raises(ConfigError) as raised:
        create_app()
    assert setting in str(raised.value)
    assert "instance/config.py" in str(raised.value)


def test_corrupt_instance_file_is_a_clear_error(instance):
    (instance / "config.py").write_text("SECRET_KEY = 'unterminated\n")
    with pytest.raises(ConfigError, match="instance/config.py could not be read"):
        create_app()


def test_bad_environment_value_names_the_variable(instance, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "k")
    monkeypatch.setenv("CRM_PER_PAGE", "lots")
    with pytest.raises(ConfigError, match="CRM_PER_PAGE"):
        create_app()


def test_write_instance_config_once_with_private_mode(tmp_path):
    folder = tmp_path / "inst"
    assert write_instance_config(folder) is True
    path = folder / "config.py"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    first = path.read_text()
    assert "SECRET_KEY = '" in first and DEV_SECRET_KEY not in first
    assert write_instance_config(folder) is False
    assert path.read_text() == first
    namespace: dict = {}
    exec(compile(first, str(path), "exec"), namespace)  # noqa: S102 - our own generated file
    assert len(namespace["SECRET_KEY"]) == 64


def test_generated_config_lets_the_app_start(tmp_path, monkeypatch, instance):
    write_instance_config(instance)
    app = create_app()
    assert app.config["SECRET_KEY"] != DEV_SECRET_KEY


def test_flask_command_with_bad_setting_prints_one_clear_line(instance):
    import subprocess
    import sys

    from tests.conftest import PROJECT_ROOT

    (instance / "config.py").write_text("SECRET_KEY = 'k'\nPER_PAGE = 'x'\n")
    env = {**os.environ, "CRM_INSTANCE_PATH": str(instance)}
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "routes"], cwd=PROJECT_ROOT,
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "Configuration error: Setting PER_PAGE from instance/config.py must be a whole number, got 'x'."
    )

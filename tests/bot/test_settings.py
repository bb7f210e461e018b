"""Settings: defaults, environment overrides, every problem reported at once by variable name."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import SettingsError, load_settings


def test_defaults_run_with_only_the_web_channel() -> None:
    s = load_settings({})
    assert s.enabled_channels == ["web"]
    assert s.data_dir == Path("./var")
    assert s.redis_url == ""
    assert s.public_url == "http://127.0.0.1:8080"
    assert s.wechat.replay_window == 300
    assert s.server.port == 8080


def test_environment_overrides_top_level_and_sections() -> None:
    s = load_settings({"PETITION_DATA_DIR": "/srv/pb", "PETITION_SERVER_PORT": "9000",
                       "PETITION_WECHAT_TOKEN": "tok", "PETITION_WECHAT_REPLAY_WINDOW": "0",
                       "PETITION_TWILIO_FROM": "+15005550006",
                       "PETITION_TWILIO_AUTH_TOKEN": "x", "PETITION_TWILIO_ACCOUNT_SID": "AC1",
                       "PETITION_NLP_THRESHOLD": "0.7"})
    assert s.data_dir == Path("/srv/pb") and s.server.port == 9000
    assert s.wechat.token == "tok" and s.wechat.replay_window == 0
    assert s.twilio.from_ == "+15005550006"
    assert s.nlp.threshold == 0.7
    assert s.enabled_channels == ["web", "wechat", "sms"]


def test_all_problems_are_reported_together_with_variable_names() -> None:
    with pytest.raises(SettingsError) as err:
        load_settings({"PETITION_SERVER_PORT": "eighty", "PETITION_REDIS_URL": "http://x",
                       "PETITION_CASE_WEBHOOK_URL": "https://cases.example/intake",
                       "PETITION_QQ_SECRET": "s", "PETITION_WECHAT_TOKEN": "t",
                       "PETITION_WECHAT_AES_KEY": "tooshort"})
    text = str(err.value)
    for var in ("PETITION_SERVER_PORT", "PETITION_REDIS_URL", "PETITION_CASE_WEBHOOK_SECRET",
                "PETITION_QQ_APPID", "PETITION_WECHAT_AES_KEY", "PETITION_WECHAT_APPID"):
        assert var in text
    assert len(err.value.problems) == 6


def test_secrets_in_the_settings_file_are_refused(tmp_path: Path) -> None:
    f = tmp_path / "settings.toml"
    f.write_text('[wechat]\ntoken = "in-file"\n', encoding="utf-8")
    with pytest.raises(SettingsError) as err:
        load_settings({}, config_file=f)
    assert "PETITION_WECHAT_TOKEN" in str(err.value)


def test_unknown_and_malformed_file_entries(tmp_path: Path) -> None:
    f = tmp_path / "settings.toml"
    f.write_text('colour = "x"\n[server]\nport = "eighty"\n[nonsense]\na = 1\n', encoding="utf-8")
    with pytest.raises(SettingsError) as err:
        load_settings({}, config_file=f)
    assert {p.split(":")[0] for p in err.value.problems} == {
        "PETITION_COLOUR", "PETITION_SERVER_PORT", "[nonsense]"}
    f.write_text("port = = 1", encoding="utf-8")
    with pytest.raises(SettingsError, match="not valid TOML"):
        load_settings({}, config_file=f)


def test_cli_reports_configuration_errors_without_a_traceback() -> None:
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "bot.cli", "serve"], capture_output=True,
                          text=True, env={"PETITION_SERVER_PORT": "x", "PATH": "/usr/bin"},
                          timeout=60, check=False)
    assert proc.returncode == 2
    assert "PETITION_SERVER_PORT" in proc.stderr and "Traceback" not in proc.stderr


def test_twilio_needs_its_sending_number() -> None:
    with pytest.raises(SettingsError) as err:
        load_settings({"PETITION_TWILIO_AUTH_TOKEN": "x", "PETITION_TWILIO_ACCOUNT_SID": "AC1"})
    assert [p.split(":")[0] for p in err.value.problems] == ["PETITION_TWILIO_FROM"]

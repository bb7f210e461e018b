"""Typed settings: config/settings.toml defaults + PETITION_* environment overrides.

Top-level keys are overridden by PETITION_<KEY>, section keys by PETITION_<SECTION>_<KEY>.
Secrets come only from the environment. Every problem is collected and reported at once, each
naming the variable, so an operator fixes the whole configuration in one go.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_type_hints
from urllib.parse import urlsplit

from nlp.configfile import read_toml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CONFIG_DIR = Path(os.environ.get("PETITION_CONFIG_DIR", PROJECT_ROOT / "config"))
PREFIX = "PETITION_"


class SettingsError(Exception):
    """Raised with every problem found, one per line, each naming its variable."""

    def __init__(self, problems: list[str] | str):
        problems = [problems] if isinstance(problems, str) else problems
        self.problems = problems
        super().__init__("invalid configuration:\n  " + "\n  ".join(problems))


def secret(default: str = "") -> Any:
    return field(default=default, metadata={"secret": True}, repr=False)


@dataclass(frozen=True)
class ServerSettings:
    host: str = "127.0.0.1"
    port: int = 8080
    workers: int = 1
    max_body_bytes: int = 1024 * 1024


@dataclass(frozen=True)
class DialogSettings:
    idle_minutes: int = 30
    retention_days: int = 7
    max_chars: int = 2000
    max_attempts: int = 3
    lock_timeout_ms: int = 5000
    dedupe_ttl_seconds: int = 86400


@dataclass(frozen=True)
class NlpSettings:
    threshold: float = 0.0


@dataclass(frozen=True)
class CaseWebhookSettings:
    url: str = ""
    secret: str = secret()
    timeout_seconds: float = 10.0
    max_retry_hours: float = 24.0
    event_window_seconds: int = 300


@dataclass(frozen=True)
class WechatSettings:
    token: str = secret()
    appid: str = ""
    aes_key: str = secret()
    secret: str = secret()
    replay_window: int = 300
    accept_plaintext: bool = False  # with an AES key: also take plain bodies (see README)
    api_base: str = "https://api.weixin.qq.com"
    reply_budget_ms: int = 4000

    @property
    def enabled(self) -> bool:
        return bool(self.token)


@dataclass(frozen=True)
class TwilioSettings:
    account_sid: str = ""
    auth_token: str = secret()
    from_: str = ""
    api_base: str = "https://api.twilio.com"

    @property
    def enabled(self) -> bool:
        return bool(self.auth_token)


@dataclass(frozen=True)
class TencentSmsSettings:
    """Tencent Cloud SMS, the domestic two-way SMS provider (SendSms API + 上行短信回调)."""

    secret_id: str = secret()
    secret_key: str = secret()
    callback_token: str = secret()  # shared secret in the reply-callback URL (?token=...)
    sdk_app_id: str = ""
    sign_name: str = ""
    template_id: str = ""  # an approved template whose single variable {1} carries the text
    region: str = "ap-guangzhou"
    api_base: str = "https://sms.tencentcloudapi.com"

    @property
    def enabled(self) -> bool:
        return bool(self.secret_key)


@dataclass(frozen=True)
class QQSettings:
    appid: str = ""
    secret: str = secret()
    api_base: str = "https://api.sgroup.qq.com"
    token_url: str = "https://bots.qq.com/app/getAppAccessToken"
    replay_window: int = 300  # seconds X-Signature-Timestamp may differ from now; 0 = off

    @property
    def enabled(self) -> bool:
        return bool(self.secret)


@dataclass(frozen=True)
class WeiboSettings:
    """Weibo 粉丝服务平台 (fan service platform) push: the app secret signs every push."""

    app_key: str = ""
    app_secret: str = secret()
    access_token: str = secret()  # 粉丝服务 → 高级功能 → 开发模式; for the reply API
    api_base: str = "https://m.api.weibo.com"
    replay_window: int = 300  # seconds; Weibo's timestamps are milliseconds
    reply_budget_ms: int = 4000  # Weibo waits 5 s for the passive reply

    @property
    def enabled(self) -> bool:
        return bool(self.app_secret)


@dataclass(frozen=True)
class LimitSettings:
    citizen_per_minute: int = 20
    web_ip_per_minute: int = 120
    web_sessions_per_ip_hour: int = 60


@dataclass(frozen=True)
class StaffSettings:
    session_hours: float = 12.0
    lockout_failures: int = 5
    lockout_minutes: int = 15
    login_ip_failures: int = 20  # failed logins from one client IP per lockout window


@dataclass(frozen=True)
class RetentionSettings:
    files_days: int = 400  # lines of cases.jsonl / ratings.jsonl older than this are purged
    media_days: int = 400  # files under <data dir>/media/ older than this are purged


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path("./var")
    redis_url: str = ""
    redis_cluster: bool = False  # PETITION_REDIS_CLUSTER: redis_url names one cluster node
    redis_sentinels: str = ""  # PETITION_REDIS_SENTINELS: "host:port,host:port"
    redis_sentinel_master: str = "petition"
    redis_appendfsync: str = "always"  # embedded server only
    case_retention_days: int = 400  # PETITION_CASE_RETENTION_DAYS: case records kept this long
    public_url: str = "http://127.0.0.1:8080"
    timezone: str = "Asia/Shanghai"
    log_level: str = "INFO"
    config_dir: Path = CONFIG_DIR
    server: ServerSettings = field(default_factory=ServerSettings)
    dialog: DialogSettings = field(default_factory=DialogSettings)
    nlp: NlpSettings = field(default_factory=NlpSettings)
    case_webhook: CaseWebhookSettings = field(default_factory=CaseWebhookSettings)
    wechat: WechatSettings = field(default_factory=WechatSettings)
    twilio: TwilioSettings = field(default_factory=TwilioSettings)
    tencent_sms: TencentSmsSettings = field(default_factory=TencentSmsSettings)
    qq: QQSettings = field(default_factory=QQSettings)
    weibo: WeiboSettings = field(default_factory=WeiboSettings)
    limits: LimitSettings = field(default_factory=LimitSettings)
    staff: StaffSettings = field(default_factory=StaffSettings)
    retention: RetentionSettings = field(default_factory=RetentionSettings)

    @property
    def enabled_channels(self) -> list[str]:
        names = ["web"]
        if self.wechat.enabled:
            names.append("wechat")
        if self.twilio.enabled or self.tencent_sms.enabled:
            names.append("sms")
        if self.qq.enabled:
            names.append("qq")
        if self.weibo.enabled:
            names.append("weibo")
        return names


def _key(name: str) -> str:
    """Attribute name -> config key (`from_` is `from` in TOML and PETITION_TWILIO_FROM)."""
    return name.rstrip("_")


def _env_name(section: str | None, name: str) -> str:
    parts = [PREFIX.rstrip("_")] + ([section] if section else []) + [_key(name)]
    return "_".join(parts).upper()


def _convert(raw: Any, typ: Any, var: str, problems: list[str]) -> Any:
    try:
        if typ is bool:
            if isinstance(raw, bool):
                return raw
            s = str(raw).strip().lower()
            if s in ("1", "true", "yes", "on"):
                return True
            if s in ("0", "false", "no", "off", ""):
                return False
            raise ValueError
        if typ is int:
            if isinstance(raw, bool):
                raise ValueError
            return int(str(raw).strip())
        if typ is float:
            if isinstance(raw, bool):
                raise ValueError
            return float(str(raw).strip())
        if typ is Path:
            return Path(str(raw))
        return str(raw)
    except (TypeError, ValueError):
        kind = {bool: "true/false", int: "an integer", float: "a number"}.get(typ, "a string")
        problems.append(f"{var}: expected {kind}, got {raw!r}")
        return None


def _build(cls: type, section: str | None, file_values: Mapping[str, Any],
           env: Mapping[str, str], problems: list[str]) -> Any:
    hints = get_type_hints(cls)
    kwargs: dict[str, Any] = {}
    known = set()
    for f in dataclasses.fields(cls):
        typ = hints[f.name]
        if dataclasses.is_dataclass(typ):
            continue
        key = _key(f.name)
        known.add(key)
        var = _env_name(section, f.name)
        is_secret = f.metadata.get("secret", False)
        if is_secret and key in file_values:
            where = f"[{section}] " if section else ""
            problems.append(f"{var}: secrets are read only from the environment; remove "
                            f"{where}{key} from settings.toml")
        if var in env:
            raw: Any = env[var]
        elif key in file_values and not is_secret:
            raw = file_values[key]
        else:
            continue
        value = _convert(raw, typ, var, problems)
        if value is not None:
            kwargs[f.name] = value
    for key, value in file_values.items():
        if key not in known and not isinstance(value, dict):
            problems.append(f"{_env_name(section, key)}: unknown setting {key!r} in settings.toml")
    return cls(**kwargs)


def _validate(s: Settings, problems: list[str]) -> None:
    def url_ok(url: str, schemes: tuple[str, ...]) -> bool:
        parts = urlsplit(url)
        return parts.scheme in schemes and bool(parts.netloc or parts.path)

    if s.redis_url and not url_ok(s.redis_url, ("redis", "rediss", "unix")):
        problems.append("PETITION_REDIS_URL: must be a redis://, rediss:// or unix:// URL")
    if s.redis_sentinels:
        for part in s.redis_sentinels.split(","):
            host, _, port = part.strip().rpartition(":")
            if not host or not port.isdigit():
                problems.append("PETITION_REDIS_SENTINELS: expected host:port[,host:port...]")
                break
    if s.redis_cluster and not s.redis_url:
        problems.append("PETITION_REDIS_CLUSTER: needs PETITION_REDIS_URL of a cluster node")
    if s.case_retention_days < 0:
        problems.append("PETITION_CASE_RETENTION_DAYS: must be 0 (keep) or a number of days")
    if s.retention.files_days < 0 or s.retention.media_days < 0:
        problems.append("PETITION_RETENTION_FILES_DAYS / PETITION_RETENTION_MEDIA_DAYS: "
                        "0 (keep) or a number of days")
    if s.redis_appendfsync not in ("always", "everysec", "no"):
        problems.append("PETITION_REDIS_APPENDFSYNC: one of always, everysec, no")
    if not url_ok(s.public_url, ("http", "https")):
        problems.append("PETITION_PUBLIC_URL: must be an http(s):// URL")
    if not 0 < s.server.port < 65536:
        problems.append("PETITION_SERVER_PORT: must be between 1 and 65535")
    if s.server.workers < 1:
        problems.append("PETITION_SERVER_WORKERS: must be at least 1")
    if s.case_webhook.url:
        if not url_ok(s.case_webhook.url, ("http", "https")):
            problems.append("PETITION_CASE_WEBHOOK_URL: must be an http(s):// URL")
        if not s.case_webhook.secret:
            problems.append("PETITION_CASE_WEBHOOK_SECRET: required when "
                            "PETITION_CASE_WEBHOOK_URL is set")
    if not 0.0 <= s.nlp.threshold <= 1.0:
        problems.append("PETITION_NLP_THRESHOLD: must be between 0 and 1")
    if s.wechat.enabled:
        if s.wechat.aes_key:
            if len(s.wechat.aes_key) != 43:
                problems.append("PETITION_WECHAT_AES_KEY: the EncodingAESKey has 43 characters")
            if not s.wechat.appid:
                problems.append("PETITION_WECHAT_APPID: required with PETITION_WECHAT_AES_KEY")
        if s.wechat.replay_window < 0:
            problems.append("PETITION_WECHAT_REPLAY_WINDOW: must be >= 0")
    if s.twilio.enabled and not s.twilio.account_sid:
        problems.append("PETITION_TWILIO_ACCOUNT_SID: required with PETITION_TWILIO_AUTH_TOKEN")
    if s.twilio.enabled and not s.twilio.from_:
        problems.append("PETITION_TWILIO_FROM: required with PETITION_TWILIO_AUTH_TOKEN "
                        "(the number replies and updates are sent from)")
    if s.tencent_sms.enabled:
        for name in ("secret_id", "sdk_app_id", "sign_name", "template_id", "callback_token"):
            if not getattr(s.tencent_sms, name):
                problems.append(f"PETITION_TENCENT_SMS_{name.upper()}: required with "
                                "PETITION_TENCENT_SMS_SECRET_KEY")
    if s.qq.enabled and not s.qq.appid:
        problems.append("PETITION_QQ_APPID: required with PETITION_QQ_SECRET")
    if s.qq.replay_window < 0:
        problems.append("PETITION_QQ_REPLAY_WINDOW: must be >= 0")
    if s.weibo.enabled and s.weibo.replay_window < 0:
        problems.append("PETITION_WEIBO_REPLAY_WINDOW: must be >= 0")
    if s.weibo.enabled and not url_ok(s.weibo.api_base, ("http", "https")):
        problems.append("PETITION_WEIBO_API_BASE: must be an http(s):// URL")
    positive = {
        "PETITION_DIALOG_MAX_CHARS": s.dialog.max_chars,
        "PETITION_DIALOG_MAX_ATTEMPTS": s.dialog.max_attempts,
        "PETITION_DIALOG_RETENTION_DAYS": s.dialog.retention_days,
        "PETITION_LIMITS_CITIZEN_PER_MINUTE": s.limits.citizen_per_minute,
        "PETITION_SERVER_MAX_BODY_BYTES": s.server.max_body_bytes,
    }
    for var, value in positive.items():
        if value <= 0:
            problems.append(f"{var}: must be positive")


def load_settings(env: Mapping[str, str] | None = None, config_file: Path | None = None) -> Settings:
    """Read settings.toml and the environment; raise SettingsError listing every problem."""
    env = os.environ if env is None else env
    config_dir = Path(env.get("PETITION_CONFIG_DIR", str(CONFIG_DIR)))
    path = config_file or config_dir / "settings.toml"
    problems: list[str] = []
    data = read_toml(path, optional=True, error=SettingsError)
    hints = get_type_hints(Settings)
    sections: dict[str, Any] = {}
    for f in dataclasses.fields(Settings):
        typ = hints[f.name]
        if isinstance(typ, type) and dataclasses.is_dataclass(typ):
            values = data.get(f.name, {})
            if not isinstance(values, dict):
                problems.append(f"[{f.name}] in settings.toml must be a table")
                values = {}
            sections[f.name] = _build(typ, f.name, values, env, problems)
    top = {k: v for k, v in data.items() if not isinstance(v, dict)}
    unknown_sections = [k for k, v in data.items() if isinstance(v, dict) and k not in sections]
    for name in unknown_sections:
        problems.append(f"[{name}]: unknown section in settings.toml")
    base = _build(Settings, None, top, env, problems)
    settings = dataclasses.replace(base, config_dir=config_dir, **sections)
    _validate(settings, problems)
    if problems:
        raise SettingsError(problems)
    return settings


def settings_or_exit() -> Settings:
    """For commands: the settings, or every problem on stderr and exit status 2 (no traceback)."""
    try:
        return load_settings()
    except SettingsError as exc:
        print(f"petition-bot: {exc}", file=sys.stderr)
        raise SystemExit(2) from None

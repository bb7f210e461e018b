"""Reading one file of config/: TOML, with any failure named by its path.

Every loader of a config file (the taxonomy, the legal rules, the gazetteer, the channels'
sentences, the settings ...) reads through `read_toml` and raises its own error type with the
message this gives, so that a bad edit stops the start with the file named, never a stack trace.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any


class ConfigFileError(ValueError):
    """A config file is missing, unreadable or not valid TOML; the message names it."""


def read_toml(path: Path, *, optional: bool = False,
              error: Callable[[str], Exception] = ConfigFileError) -> dict[str, Any]:
    """The file's tables; {} for a missing `optional` file. Failures raise `error(message)`."""
    if optional and not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise error(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise error(f"{path}: not valid TOML ({exc})") from exc

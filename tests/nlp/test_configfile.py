"""Config files are read through one function whose failures name the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.configfile import ConfigFileError, read_toml


class OwnError(Exception):
    pass


def test_reads_tables(tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    path.write_text('[towns]\nname = "金南镇"\n', encoding="utf-8")
    assert read_toml(path) == {"towns": {"name": "金南镇"}}


def test_missing_file_is_an_error_unless_optional(tmp_path: Path) -> None:
    path = tmp_path / "absent.toml"
    with pytest.raises(ConfigFileError, match=f"{path}: cannot be read"):
        read_toml(path)
    assert read_toml(path, optional=True) == {}


@pytest.mark.parametrize("content", [b"[broken\n", b"name = \xff\xfe\n"])
def test_bad_toml_raises_the_callers_error_naming_the_file(tmp_path: Path,
                                                           content: bytes) -> None:
    path = tmp_path / "bad.toml"
    path.write_bytes(content)
    with pytest.raises(OwnError, match=f"{path}: not valid TOML"):
        read_toml(path, error=OwnError)

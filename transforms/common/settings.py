"""Settings: every threshold and every vocabulary the transforms use, loaded in one place.

Numeric knobs live in ``transforms/config.toml`` (a user file given with ``--config``
overrides only the keys it sets); word lists and line patterns live as plain text files
under ``transforms/data/`` (one entry a line, ``#`` starts a comment). Stages receive a
:class:`Settings` object instead of reading files themselves, so tests can pass their own.

Example:
    >>> s = load_settings()
    >>> s.load.max_file_bytes
    20000000
    >>> "said" in s.vocab("cue_verbs")
    True
"""
from __future__ import annotations

import functools
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEFAULT_CONFIG = Path(__file__).resolve().parent.parent / "config.toml"


@dataclass(frozen=True, eq=False)
class Settings:
    """Thresholds by section (``settings.dedup.threshold``) plus access to vocabularies."""

    sections: dict = field(default_factory=dict)

    # Equal and hashed by value: stages cache compiled patterns and loaded models per
    # Settings (functools.cache), and every batch sent to a worker process arrives as a new,
    # unpickled copy; by identity each copy would load the models again.
    def __eq__(self, other: object) -> bool:
        return isinstance(other, Settings) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def _key(self) -> str:
        key = self.__dict__.get("_value_key")
        if key is None:
            key = json.dumps(self.sections, sort_keys=True, default=str)
            object.__setattr__(self, "_value_key", key)
        return key

    def __getattr__(self, name: str) -> SimpleNamespace:
        # Only called for names that are not attributes; while unpickling (in worker processes)
        # ``sections`` itself is not set yet and must not recurse.
        sections = self.__dict__.get("sections")
        if sections is None or name.startswith("__") or name not in sections:
            raise AttributeError(f"no settings section [{name}]")
        return SimpleNamespace(**sections[name])

    @staticmethod
    def vocab(name: str) -> frozenset[str]:
        """A word list from ``transforms/data/<name>.txt``, lower-cased."""
        return _vocab(name)

    @staticmethod
    def vocab_list(name: str) -> tuple[str, ...]:
        """A word list in file order, case kept (for lists where order or case matters)."""
        return _lines(name)

    @staticmethod
    def any_pattern(name: str) -> re.Pattern:
        """All patterns of ``transforms/data/<name>.txt`` as one alternation: one search per
        line instead of one per pattern."""
        return _any_pattern(name)


@functools.cache
def _lines(name: str) -> tuple[str, ...]:
    text = (DATA_DIR / f"{name}.txt").read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        line = line.split(" #", 1)[0].rstrip() if not line.startswith("#") else ""
        if line.strip():
            out.append(line.strip())
    return tuple(out)


@functools.cache
def _vocab(name: str) -> frozenset[str]:
    return frozenset(line.lower() for line in _lines(name))


@functools.cache
def _any_pattern(name: str) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in _lines(name)), re.IGNORECASE)


def _merge(base: dict, override: dict) -> dict:
    out = dict(base)
    for key, value in override.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


@functools.cache
def _read_toml(path: str) -> dict:
    with open(path, "rb") as f:
        return tomllib.load(f)


def load_settings(user_config: str | Path | None = None) -> Settings:
    """Defaults from ``config.toml``, overridden key by key by ``user_config`` if given.

    Raises:
        FileNotFoundError: the user file does not exist.
        tomllib.TOMLDecodeError: the user file is not valid TOML.
    """
    sections = _read_toml(str(DEFAULT_CONFIG))
    if user_config:
        sections = _merge(sections, _read_toml(str(Path(user_config).resolve())))
    return Settings(sections)

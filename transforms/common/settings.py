"""Settings: every threshold and every vocabulary the transforms use, as one object.

Thresholds live in ``transforms/config.toml``, one section per stage; each section becomes a
frozen dataclass typed by its defaults there (:data:`SECTIONS`). A user file given with
``--config`` overrides only the keys it sets, and a key or section that does not exist, or a
value of the wrong type, is a :class:`ConfigError` naming the file and the key. Word lists and line patterns live as
plain text files under ``transforms/data/`` (one entry a line, ``#`` starts a comment,
columns separated by tabs) and are read through :class:`Vocabularies`, so a test can inject
its own lists. Stages receive the :class:`Settings` object; none reads a file itself.

Example:
    >>> s = load_settings()
    >>> s.load.max_file_bytes
    20000000
    >>> "said" in s.vocab("cue_verbs")
    True
    >>> s.replace(claims={"learned_tagger": False}).claims.learned_tagger
    False
    >>> s.with_vocabularies(hedges=["allegedly"]).vocab("hedges")
    frozenset({'allegedly'})
"""
from __future__ import annotations

import dataclasses
import difflib
import functools
import hashlib
import json
import re
import tomllib
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEFAULT_CONFIG = Path(__file__).resolve().parent.parent / "config.toml"


class ConfigError(ValueError):
    """A settings file that cannot be used: missing, not TOML, an unknown key, a wrong type.
    The message is one line that names the file and the key."""


# ----------------------------------------------------------------------------- sections
# Every section of config.toml becomes a frozen dataclass whose fields are its keys, typed by
# their default values there: config.toml is the one list of settings and of their types
# (whole number, number, true/false, list of strings), so nothing here can drift from it.

def _section_classes(defaults: dict) -> dict[str, type]:
    classes = {}
    for name, values in defaults.items():
        fields = [(key, _type_of(value, f"{DEFAULT_CONFIG}: [{name}] {key}")) for key, value in values.items()]
        classes[name] = dataclasses.make_dataclass(f"{name.title().replace('_', '')}Config", fields, frozen=True)
    return classes


def _type_of(value, where: str) -> type:
    if isinstance(value, bool):
        return bool
    if isinstance(value, (int, float)):
        return type(value)
    if isinstance(value, str):
        return str
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple[str, ...]
    raise ConfigError(f"{where}: a default must be a number, true/false, a string or a list of strings")


# ----------------------------------------------------------------------------- vocabularies
class Vocabularies:
    """The word lists of ``data_dir`` (``<name>.txt``), read once each and cached.

    Args:
        data_dir: folder of the lists (default ``transforms/data``).
        overrides: lists given in code, by name, instead of the files (tests inject here).
    """

    def __init__(self, data_dir: Path = DATA_DIR, overrides: Mapping[str, Iterable[str]] | None = None) -> None:
        self.data_dir = Path(data_dir)
        self.overrides = {k: tuple(v) for k, v in sorted((overrides or {}).items())}
        self._cache: dict = {}

    def key(self) -> str:
        """What the lists depend on, for fingerprints (the files themselves are part of the
        code fingerprint)."""
        # the project's own lists are named, not located: a clone elsewhere is the same code
        data_dir = "transforms/data" if Path(self.data_dir).resolve() == DATA_DIR.resolve() else str(self.data_dir)
        return json.dumps({"data_dir": data_dir, "overrides": self.overrides}, sort_keys=True)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Vocabularies) and self.key() == other.key()

    def __hash__(self) -> int:
        return hash(self.key())

    def __getstate__(self) -> dict:              # worker processes rebuild the caches
        return {"data_dir": self.data_dir, "overrides": self.overrides, "_cache": {}}

    def _cached(self, kind: str, name: str, make):
        key = (kind, name)
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    def lines(self, name: str) -> tuple[str, ...]:
        """Entries in file order, case kept (for lists where order or case matters)."""
        return self._cached("lines", name, lambda: self.overrides.get(name) or _read_lines(self.data_dir / f"{name}.txt"))

    def words(self, name: str) -> frozenset[str]:
        """Entries lower-cased, as a set."""
        return self._cached("words", name, lambda: frozenset(line.lower() for line in self.lines(name)))

    def rows(self, name: str) -> tuple[tuple[str, ...], ...]:
        """Tab-separated entries split into their columns (stripped)."""
        return self._cached("rows", name, lambda: tuple(tuple(c.strip() for c in line.split("\t")) for line in self.lines(name)))

    def pronouns(self, *forms: str, persons: Iterable[str] = ("1", "2", "3", "")) -> frozenset[str]:
        """Pronouns of any of the given forms (subject, object, possessive, demonstrative,
        relative) and grammatical persons, from ``pronouns.txt``."""
        persons = tuple(persons)
        return self._cached("pronouns", (forms, persons), lambda: frozenset(
            row[0].lower() for row in self.rows("pronouns")
            if set(row[1].split(",")) & set(forms) and (row[2] if len(row) > 2 else "") in persons))

    def pattern(self, name: str) -> re.Pattern:
        """Every entry (a regular expression) as one alternation: one search per line of
        text instead of one per pattern."""
        return self._cached("pattern", name, lambda: re.compile("|".join(f"(?:{p})" for p in self.lines(name)), re.IGNORECASE))

    def pattern_parts(self, name: str) -> tuple[re.Pattern | None, re.Pattern | None]:
        """:meth:`pattern` split in two: the entries anchored at the start of the line, as one
        pattern to ``match`` (it looks at the start only), and the others, to ``search``.
        ``pattern(name).search(s)`` finds something exactly when one of the two does; the
        split lets a caller that knows where a new match can be look only there."""
        def split():
            anchored = [p[1:] for p in self.lines(name) if p.startswith("^") and not _top_level_or(p)]
            floating = [p for p in self.lines(name) if not (p.startswith("^") and not _top_level_or(p))]
            return (re.compile("^(?:" + "|".join(f"(?:{p})" for p in anchored) + ")", re.IGNORECASE) if anchored else None,
                    re.compile("|".join(f"(?:{p})" for p in floating), re.IGNORECASE) if floating else None)
        return self._cached("pattern_parts", name, split)


def _top_level_or(pattern: str) -> bool:
    """Does a regular expression have a ``|`` outside its groups and character classes?"""
    depth, in_class, escaped = 0, False, False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return True
    return False


@functools.cache
def _read_lines(path: Path) -> tuple[str, ...]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split(" #", 1)[0].rstrip() if not line.startswith("#") else ""
        if line.strip():
            out.append(line.strip())
    return tuple(out)


# ----------------------------------------------------------------------------- settings
@dataclass(frozen=True, eq=False)
class Settings:
    """Thresholds by section (``settings.dedup.candidate_jaccard``) and the vocabularies.

    Args:
        config: section name -> that section's frozen dataclass (see :data:`SECTIONS`).
        vocabularies: the word lists.
    """

    config: Mapping[str, object]
    vocabularies: Vocabularies = field(default_factory=Vocabularies)

    def __getattr__(self, name: str):
        # Only called for names that are not attributes; while unpickling (in worker
        # processes) ``config`` itself is not set yet and must not recurse.
        config = self.__dict__.get("config")
        if config is None or name.startswith("__") or name not in config:
            raise AttributeError(f"no settings section [{name}]")
        return config[name]

    # Equal and hashed by value, the hash computed once: stages cache compiled patterns and
    # loaded models per Settings (functools.cache) and look them up per sentence, and every
    # batch sent to a worker process arrives as a new, unpickled copy.
    def __eq__(self, other: object) -> bool:
        return isinstance(other, Settings) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def _key(self) -> str:
        key = self.__dict__.get("_value_key")
        if key is None:
            key = json.dumps({"sections": self.sections(), "vocabularies": self.vocabularies.key()}, sort_keys=True)
            object.__setattr__(self, "_value_key", key)
        return key

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "_value_key"}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)

    def sections(self) -> dict[str, dict]:
        """Every threshold, by section, as plain values (for summaries and hashing)."""
        return {name: dataclasses.asdict(section) for name, section in self.config.items()}

    def fingerprint(self) -> str:
        """The code, vocabulary and model files of the transforms plus these settings: rows
        made under one fingerprint are never mixed with rows made under another."""
        from transforms import code_fingerprint

        return code_fingerprint() + "-" + hashlib.sha256(self._key().encode()).hexdigest()[:8]

    def replace(self, **sections: Mapping[str, object]) -> Settings:
        """A copy with some keys of some sections changed, checked like a config file:
        ``settings.replace(claims={"learned_tagger": False})``."""
        merged = _merge(self.sections(), {k: dict(v) for k, v in sections.items()})
        return _build(merged, "replace()", self.vocabularies)

    def with_vocabularies(self, **lists: Iterable[str]) -> Settings:
        """A copy whose named word lists are the given ones instead of the files."""
        vocab = Vocabularies(self.vocabularies.data_dir, {**self.vocabularies.overrides, **lists})
        return dataclasses.replace(self, vocabularies=vocab)

    # Shorthands for the stages, which read vocabularies far more often than anything else.
    def vocab(self, name: str) -> frozenset[str]:
        """A word list from ``transforms/data/<name>.txt``, lower-cased."""
        return self.vocabularies.words(name)

    def vocab_list(self, name: str) -> tuple[str, ...]:
        """A word list in file order, case kept."""
        return self.vocabularies.lines(name)

    def vocab_rows(self, name: str) -> tuple[tuple[str, ...], ...]:
        """A tab-separated list, split into columns."""
        return self.vocabularies.rows(name)

    def any_pattern(self, name: str) -> re.Pattern:
        """All patterns of ``transforms/data/<name>.txt`` as one alternation."""
        return self.vocabularies.pattern(name)


def load_settings(user_config: str | Path | None = None, vocabularies: Vocabularies | None = None) -> Settings:
    """Defaults from ``config.toml``, overridden key by key by ``user_config`` if given.

    Args:
        user_config: a TOML file with some keys of some sections.
        vocabularies: word lists to use instead of ``transforms/data``.

    Raises:
        ConfigError: the file is missing or not TOML, names a section or key that does not
            exist, or gives a value of the wrong type.
    """
    sections = _read_toml(str(DEFAULT_CONFIG))
    source = str(DEFAULT_CONFIG)
    if user_config:
        path = Path(user_config)
        if not path.is_file():
            raise ConfigError(f"config file {user_config} not found (or not a file)")
        sections = _merge(sections, _read_toml(str(path.resolve())), where=str(user_config))
        source = str(user_config)
    return _build(sections, source, vocabularies or Vocabularies())


@functools.cache
def _read_toml(path: str) -> dict:
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: not valid TOML: {err}") from None
    except OSError as err:
        raise ConfigError(f"{path}: cannot read: {err.strerror}") from None


def _merge(base: dict, override: dict, where: str = "replace()") -> dict:
    out = {name: dict(values) for name, values in base.items()}
    for name, values in override.items():
        if name not in SECTIONS:
            close = difflib.get_close_matches(name, list(SECTIONS), n=1)
            hint = f"did you mean [{close[0]}]?" if close else f"sections are {', '.join(SECTIONS)}"
            raise ConfigError(f"{where}: unknown section [{name}]; {hint}")
        if not isinstance(values, dict):
            raise ConfigError(f"{where}: [{name}] must be a table of keys, got {values!r}")
        known = [f.name for f in dataclasses.fields(SECTIONS[name])]
        for key in values:
            if key not in known:
                close = difflib.get_close_matches(key, known, n=1)
                hint = f"did you mean {close[0]}?" if close else f"[{name}] has {', '.join(known)}"
                raise ConfigError(f"{where}: unknown key [{name}] {key}; {hint}")
        out[name] = {**out.get(name, {}), **values}
    return out


def _build(sections: dict, source: str, vocabularies: Vocabularies) -> Settings:
    built = {}
    for name, cls in SECTIONS.items():
        values = sections.get(name, {})
        hints = typing.get_type_hints(cls)
        kwargs = {}
        for f in dataclasses.fields(cls):
            if f.name not in values:
                raise ConfigError(f"{source}: [{name}] {f.name} is missing")
            kwargs[f.name] = _typed(values[f.name], hints[f.name], f"{source}: [{name}] {f.name}")
        unknown = set(values) - set(kwargs)
        if unknown:
            raise ConfigError(f"{source}: unknown key [{name}] {sorted(unknown)[0]}; [{name}] has {', '.join(kwargs)}")
        built[name] = cls(**kwargs)
    return Settings(built, vocabularies)


def _typed(value, hint, where: str):
    """``value`` as the type the section declares, or a ConfigError saying what was expected."""
    if hint is bool:
        ok = isinstance(value, bool)
    elif hint is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif hint is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        value = float(value) if ok else value
    elif typing.get_origin(hint) is tuple:
        ok = isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)
        value = tuple(value) if ok else value
    else:
        ok = isinstance(value, hint)
    if not ok:
        expected = {bool: "true or false", int: "a whole number", float: "a number", str: "a string"}.get(hint, "a list of strings")
        raise ConfigError(f"{where} must be {expected}, got {value!r}")
    if hint in (int, float) and value < 0:
        raise ConfigError(f"{where} must not be negative, got {value!r}")
    return value


#: Section name -> its frozen dataclass, typed from the defaults in config.toml.
SECTIONS: dict[str, type] = _section_classes(_read_toml(str(DEFAULT_CONFIG)))
for _cls in SECTIONS.values():                 # made at import: named here so that they pickle
    _cls.__module__ = __name__
    globals()[_cls.__name__] = _cls

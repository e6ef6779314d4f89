"""Settings: one object, typed sections from config.toml, user files checked key by key,
vocabularies injectable, a fingerprint that follows the values."""
import pickle

import pytest

from transforms.common.settings import SECTIONS, ConfigError, load_settings


def _config(tmp_path, text: str) -> str:
    path = tmp_path / "my.toml"
    path.write_text(text)
    return str(path)


def test_a_user_file_overrides_only_its_keys(tmp_path):
    s = load_settings(_config(tmp_path, "[dedup]\ncandidate_jaccard = 0.4\n"))
    assert s.dedup.candidate_jaccard == 0.4
    assert s.dedup.num_perm == load_settings().dedup.num_perm


@pytest.mark.parametrize("text, message", [
    ("[dedup]\ncandidate_jacard = 0.3\n", "my.toml: unknown key [dedup] candidate_jacard; did you mean candidate_jaccard?"),
    ("[dedupe]\nnum_perm = 64\n", "my.toml: unknown section [dedupe]; did you mean [dedup]?"),
    ("[dedup]\nnum_perm = \"64\"\n", "my.toml: [dedup] num_perm must be a whole number, got '64'"),
    ("[claims]\nlearned_tagger = 1\n", "my.toml: [claims] learned_tagger must be true or false, got 1"),
    ("[stories]\nmax_days = -2\n", "my.toml: [stories] max_days must not be negative, got -2"),
    ("[load]\nextensions_text = [1]\n", "my.toml: [load] extensions_text must be a list of strings, got [1]"),
    ("[claims]\nsyntax_units = false\n", "my.toml: [claims] syntax_units must be a string, got False"),
])
def test_mistakes_in_a_user_file_name_the_file_and_the_key(tmp_path, text, message):
    with pytest.raises(ConfigError) as err:
        load_settings(_config(tmp_path, text))
    assert str(err.value).endswith(message)


def test_broken_toml_and_missing_files_name_the_file(tmp_path):
    with pytest.raises(ConfigError, match=r"my\.toml: not valid TOML: "):
        load_settings(_config(tmp_path, "[dedup\n"))
    with pytest.raises(ConfigError, match=r"config file .*nope\.toml not found"):
        load_settings(str(tmp_path / "nope.toml"))


def test_sections_are_typed_by_their_defaults():
    s = load_settings()
    assert set(SECTIONS) == set(s.sections())
    assert isinstance(s.dedup.num_perm, int) and isinstance(s.dedup.candidate_jaccard, float)
    assert isinstance(s.load.extensions_json, tuple) and isinstance(s.claims.syntax_units, str)
    with pytest.raises(Exception):                  # frozen
        s.dedup.num_perm = 3
    assert load_settings(None).replace(stories={"min_similarity": 1}).stories.min_similarity == 1.0


def test_vocabularies_can_be_injected_and_equal_settings_hash_alike():
    s = load_settings()
    mine = s.with_vocabularies(hedges=["allegedly", "Reportedly"])
    assert mine.vocab("hedges") == frozenset({"allegedly", "reportedly"})
    assert mine.vocab_list("hedges") == ("allegedly", "Reportedly")
    assert "said" in mine.vocab("cue_verbs")                       # the others still come from data/
    assert mine != s and mine.fingerprint() != s.fingerprint()
    assert load_settings() == s and hash(load_settings()) == hash(s) and load_settings().fingerprint() == s.fingerprint()


def test_settings_travel_to_worker_processes_by_value():
    s = load_settings().replace(claims={"learned_tagger": False})
    back = pickle.loads(pickle.dumps(s))
    assert back == s and hash(back) == hash(s) and back.claims.learned_tagger is False
    assert back.vocab("cue_verbs") == s.vocab("cue_verbs")


def test_pronoun_forms_select_the_lists_each_stage_reads():
    v = load_settings().vocabularies
    assert v.pronouns("subject", "possessive", persons=("1", "3")) == {"i", "we", "he", "she", "it", "they", "his", "her"}
    assert "you" in v.pronouns("subject") and "his" not in v.pronouns("subject", "object")

"""person_tagger: which tokens are scored, greedy BIO decoding with hand-set weights, spans, training."""
import pytest

from transforms.models import person_tagger
from transforms.models.person_tagger import Tagger

# a capitalised word opens a name, and a name goes on after B or I
TOY = Tagger({"sh=Xxx": {"B": 1.0}, "pt=B": {"I": 2.0}, "pt=I": {"I": 2.0}})


@pytest.mark.parametrize("line,expected", [
    ("PRESIDENT ZELENSKYY VISITS LONDON", True), ("NATO AND EU", True),
    ("President Zelenskyy visits London", False), ("UK", False),                 # too few letters to tell
])
def test_is_upper_line(line, expected):
    assert person_tagger.is_upper_line(line) is expected


def test_only_capitalised_tokens_and_particles_are_candidates():
    assert [person_tagger.is_candidate(t) for t in ("Doe", "van", "bin", "said", "3")] == [True, True, True, False, False]


def test_features_read_the_neighbours_and_the_previous_tag():
    feats = person_tagger.features(["Jane", "Doe", "said"], 1, "B", False)
    assert {"w=doe", "sh=Xxx", "pw=jane", "nw=said", "nw2=</s>", "pt=B", "pt+w=B+doe", "start=False"} <= set(feats)
    first = person_tagger.features(["Jane", "Doe"], 0, "O", True)
    assert {"pw=<s>", "start=True", "start+w=jane", "upper+w=jane"} <= set(first)


def test_greedy_tagging_with_hand_set_weights():
    assert TOY.tag(["Jane", "Doe", "said"]) == ["B", "I", "O"]
    assert TOY.tag(["Ludwig", "van", "Beethoven"]) == ["B", "I", "I"]
    assert TOY.tag(["Ludwig", "van", "said"]) == ["B", "O", "O"]                # a particle cannot end a name
    assert TOY.tag(["the", "van", "Doe"]) == ["O", "O", "B"]                    # nor open one
    assert Tagger({"w=doe": {"I": 5.0}}).tag(["Doe"]) == ["B"]                  # I after O is read as B


def test_spans_carry_offsets_across_lines():
    text = "Jane Doe said.\nand then Ludwig van Beethoven left"
    spans = TOY.spans(text)
    assert spans == [("Jane Doe", 0, 8), ("Ludwig van Beethoven", 24, 44)]
    assert all(text[s:e] == surface for surface, s, e in spans)
    assert TOY.spans("") == []


def test_shipped_model_finds_names_not_organisations():
    tagger = person_tagger.load_tagger()
    text = "Defense Minister Rustem Umerov told KBS on Monday.\nLater Jean-Claude Van Damme said nothing to Reuters."
    assert [s for s, _, _ in tagger.spans(text)] == ["Rustem Umerov", "Jean-Claude Van Damme"]
    assert person_tagger.load_tagger() is tagger                                # loaded once


def test_train_reproduces_its_training_lines():
    lines = [(["Jane", "Doe", "said", "."], ["B", "I", "O", "O"], False),
             (["The", "minister", "Jane", "Doe", "left"], ["O", "O", "B", "I", "O"], False),
             (["Monday", "was", "cold"], ["O", "O", "O"], False)]
    tagger = Tagger(person_tagger.train(lines, epochs=5))
    assert [tagger.tag(tokens, upper) for tokens, _, upper in lines] == [gold for _, gold, _ in lines]


def test_word_dropout_is_seeded_and_still_learns_the_context():
    lines = [(["Minister", name, "said", "."], ["O", "B", "O", "O"], False) for name in ("Doe", "Roe", "Poe", "Moe")] * 5
    plain = person_tagger.train(lines, epochs=5)
    dropped = person_tagger.train(lines, epochs=5, word_dropout=0.5)
    assert dropped == person_tagger.train(lines, epochs=5, word_dropout=0.5)     # same seed, same weights
    assert any(f.startswith("w=") for f in plain) and not any(f.startswith(person_tagger.WORD_FEATURES) for f in person_tagger.train(lines, word_dropout=1.0))
    assert Tagger(dropped).tag(["Minister", "Zed", "said", "."]) == ["O", "B", "O", "O"]

"""The attribution tagger's inputs beyond the words: the dependency parse and WordNet classes."""
from transforms.models import syntax
from transforms.common.text import tokenize
from transforms.models.word_classes import lookup


def test_parse_is_aligned_with_the_pipeline_tokens():
    units = ["Ukraine's defence minister said: “We are recording contacts,” on Tuesday.", "U.S. officials didn't say."]
    for unit, parse in zip(units, syntax.analyse(units)):
        assert len(parse) == len(tokenize(unit))
        assert all(0 <= tok[6] < len(parse) for tok in parse)


def test_parse_gives_a_reporting_verb_its_subject_and_clause():
    unit = "The FBI decided after a lengthy investigation not to recommend charges."
    words = [w for w, _, _ in tokenize(unit)]
    parse = syntax.analyse([unit])[0]
    tag, dep, _, _, kids, subject, head = parse[words.index("decided")]
    assert (tag, dep, subject) == ("VBD", "ROOT", "NNP")
    assert {"nsubj", "xcomp"} <= set(kids.split("+"))
    assert words[parse[words.index("FBI")][6]] == "decided"


def test_word_classes_reach_inflected_and_irregular_forms():
    assert "communication" in lookup("told")[0]              # irregular: tell
    assert "communication" in lookup("criticizes")[0]        # -s
    assert "cognition" in lookup("believed")[0]              # -ed on an -e verb
    assert "person" in lookup("spokeswomen")[1]              # men -> man
    assert lookup("Zelenskyy") == ((), ())


def _attribution(text, source, cue, content):
    from transforms.models.attribution_tagger import Attribution
    def span(part):
        return text.index(part), text.index(part) + len(part)
    return Attribution(source, span(source), cue, span(cue), content, span(content))


def test_an_attribution_inside_a_content_is_folded_into_it():
    from transforms.models.attribution_tagger import _fold_nested
    text = "The commissioner says an internal review shows no one leaked the filings."
    outer = _attribution(text, "The commissioner", "says", "an")
    inner = _attribution(text, "internal review", "shows", "no one leaked the filings")
    (folded,) = _fold_nested(text, [outer, inner])
    assert (folded.source, folded.cue, folded.content) == (
        "The commissioner", "says", "an internal review shows no one leaked the filings")
    assert text[slice(*folded.content_span)] == folded.content


def test_attributions_apart_are_not_folded():
    from transforms.models.attribution_tagger import _fold_nested
    text = "The commissioner says it, and later an internal review shows no one leaked the filings."
    found = [_attribution(text, "The commissioner", "says", "it"),
             _attribution(text, "internal review", "shows", "no one leaked the filings")]
    assert _fold_nested(text, found) == found


def test_the_cue_decoder_takes_the_best_sequence_not_the_best_first_step():
    from transforms.models.linear_chain import Decoder
    # "reported" alone looks like an inside tag, but nothing can enter I-C from O: the
    # best sequence makes "was" the cue's first word; a token-by-token choice would not.
    model = {"state": {"w=was": {"O": 1.0, "B-C": 0.8}, "w=reported": {"I-C": 3.0}},
             "transitions": {"O>I-C": -10.0}}
    decoder = Decoder(model, ("O", "B-C", "I-C"))
    assert decoder.decode([["w=it"], ["w=was"], ["w=reported"]]) == ["O", "B-C", "I-C"]
    assert decoder.decode([]) == []


def test_the_three_tag_decoder_finds_what_the_general_one_finds_ties_included():
    import itertools
    import random

    import numpy as np

    from transforms.models.linear_chain import Decoder
    rng, tags = random.Random(5), ("O", "B-C", "I-C")
    for _ in range(500):
        weights = {f"{a}>{b}": rng.choice([0.0, 0.5, 1.0, -9.0]) for a in tags for b in tags}
        decoder = Decoder({"state": {}, "transitions": weights}, tags)
        rows = [[rng.choice([-1.0, 0.0, 0.5, 1.0]) for _ in tags] for _ in range(rng.randint(1, 6))]
        assert [tuple(s) for s in decoder._forward3(rows)] == [tuple(s) for s in decoder._forward(rows)]
        best = decoder.best_path(np.array(rows))
        score = lambda path: sum(r[k] for r, k in zip(rows, path)) + sum(
            weights[f"{tags[a]}>{tags[b]}"] for a, b in zip(path, path[1:]))
        top = max(score(p) for p in itertools.product(range(3), repeat=len(rows)))
        assert score([tags.index(t) for t in best]) == top                   # the best sequence's score

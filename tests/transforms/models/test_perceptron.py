"""perceptron: tie-breaking, averaged training worked out by hand, forced tokens, the numpy scorer."""
import numpy as np
import pytest

from transforms.models import perceptron

WEIGHTS = {"a": {"X": 1.0, "Y": 0.5}, "b": {"Y": 1.0}, "h": {"Z": 3.0}}


def test_best_tag_sums_feature_weights():
    assert perceptron.best_tag(WEIGHTS, ["a"], ("X", "Y", "Z"), "Z") == "X"
    assert perceptron.best_tag(WEIGHTS, ["a", "b"], ("X", "Y", "Z"), "X") == "Y"          # 1.5 beats 1.0
    assert perceptron.best_tag(WEIGHTS, ["a", "b", "h"], ("X", "Y", "Z"), "X") == "Z"


@pytest.mark.parametrize("default", ["X", "Y"])
def test_best_tag_ties_go_to_the_default(default):
    assert perceptron.best_tag({"a": {"X": 1.0, "Y": 1.0}}, ["a"], ("X", "Y"), default) == default
    assert perceptron.best_tag(WEIGHTS, ["unknown"], ("X", "Y"), default) == default


def test_training_averages_weights_over_steps():
    # epoch 1: the tie goes to the default A, wrong, so b -> B +1, A -1; epoch 2: right.
    # Averaged over the 2 steps: the new weight only counted in step 2, so half of it.
    featurize = lambda inputs, i, history: ["b"]
    assert perceptron.train([("x", ["B"])], featurize, ("A", "B"), "A", epochs=2) == {"b": {"B": 0.5, "A": -0.5}}
    assert perceptron.train([("x", ["B"])], featurize, ("A", "B"), "A", epochs=1) == {}       # never used yet
    assert perceptron.train([("x", ["A"])], featurize, ("A", "B"), "A", epochs=3) == {}       # never wrong


def test_forced_tokens_are_not_learned_but_feed_the_history():
    seen = []

    def featurize(tokens, i, history):
        seen.append(list(history))
        return [f"w={tokens[i]}", f"prev={history[-1] if history else '-'}"]

    forced = lambda tokens, i, history: "O" if tokens[i] == "the" else None
    weights = perceptron.train([(["the", "Doe"], ["O", "B"])], featurize, ("B", "O"), "O", forced=forced, epochs=2)
    assert not any(f == "w=the" for f in weights)                          # the forced token is never scored
    assert seen == [["O"], ["O"]] and weights["prev=O"] == {"B": 0.5, "O": -0.5}


def test_training_learns_a_separable_rule():
    examples = [(["Jane", "said", "Doe", "left"], ["B", "O", "B", "O"]), (["walk", "Kyiv", "now"], ["O", "B", "O"])]
    featurize = lambda tokens, i, history: ["bias", f"cap={tokens[i][0].isupper()}"]
    weights = perceptron.train(examples, featurize, ("B", "O"), "O", epochs=4)
    for word, tag in (("Zed", "B"), ("zed", "O")):
        assert perceptron.best_tag(weights, featurize([word], 0, []), ("B", "O"), "O") == tag


def test_scorer_matches_best_tag():
    scorer = perceptron.Scorer(WEIGHTS, ("X", "Y", "Z"))
    static = scorer.static([["a", "b"], ["a", "never-seen"], ["never-seen"]])
    np.testing.assert_allclose(static, [[1.0, 1.5, 0.0], [1.0, 0.5, 0.0], [0.0, 0.0, 0.0]])
    assert scorer.best(static[0], []) == "Y" == perceptron.best_tag(WEIGHTS, ["a", "b"], ("X", "Y", "Z"), "X")
    assert scorer.best(static[0], ["h"]) == "Z"                            # a history feature added per token
    assert scorer.best(static[2], []) == "X"                               # all zero: the first tag
    assert scorer.static([]).shape == (0, 3)


def test_group_scores_sum_the_groups_of_each_token_as_the_flat_features_would():
    scorer = perceptron.Scorer(WEIGHTS, ("X", "Y", "Z"))
    groups = (lambda key, ctx: [key], lambda key, ctx: list(key))               # a key of () has no feature
    scores = perceptron.GroupScores(scorer, groups, max_rows=12)
    columns = [["a", "b", "a"], [("b",), (), ("h", "never-seen")]]
    expected = scorer.static([["a", "b"], ["b"], ["a", "h", "never-seen"]])
    np.testing.assert_allclose(scores.static(columns), expected)
    size = scores.size
    np.testing.assert_allclose(scores.static(columns), expected)             # the second time from the memo
    assert scores.size == size == 5                                            # each distinct key scored once
    np.testing.assert_allclose(scores.static([["b"] * 4, [("a",)] * 4]), [[1.0, 1.5, 0.0]] * 4)
    assert scores.size == 2                                                    # over max_rows: the memo started again
    assert scores.vector(1, ("h",)) == [0.0, 0.0, 3.0] and scores.static([[], []]).shape == (0, 3)

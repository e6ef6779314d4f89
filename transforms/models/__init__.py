"""Learned models and the linguistic resources they read.

The averaged perceptron and the linear-chain CRF decoder, the person-name tagger, the
attribution tagger (cues, then sources and contents), the spaCy dependency parse and WordNet
word classes. Weights and tables ship in ``transforms/data/``; nothing is downloaded.
"""

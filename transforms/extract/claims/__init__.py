"""Stage 6, claims: article bodies -> attributed statements (who said / reported / believes what).

Input: articles (``article_id``, ``body``, ``published_at``, ``caption_spans``) and the
people ``mentions`` (to resolve "he said" and "the minister" and to link speakers to
people). Output: ``claims`` with speaker, speaker_person_id, cue, content and its character
offsets in the body, is_direct, medium, claim_date, is_hedged.

Patterns (general English reporting structures; cue words in ``transforms/data/``):
    * quote first:      “...,” Umerov said.        ‘...,’ he stressed.     (direct)
    * signed quote:     “...” ― Sonya Herridge                               (direct)
    * transcript turn:  PENCE: Well, look, ... (to the end of the paragraph)
    * lead-in:          The governor added:  (a paragraph's last words: the next paragraph
                        is the content, and the ones after it while a quotation stays open;
                        with any verb when that paragraph opens with a quotation: "Cruz continued:")
    * speaker first:    Umerov said (that) ...      X told KBS that ...     X said: “...”
    * speaker last:     ..., Ukraine's defense minister said Tuesday.
    * according to:     According to X, ...         ..., according to X.
    * passive:          ... was reported by X.      ..., as stated by X.
    * estimate:         Forbes put his net worth at $45 billion.
    * noun cue:         ... Mr. Trump's claim that Obama founded ISIS ...
Quotes that run over several sentences are followed to their closing mark.

With them runs the learned attribution tagger (``transforms.models.attribution_tagger``, trained on
PolNeAR train, reading a dependency parse of each unit from ``transforms.models.syntax``): it also
finds the long tail of cues ("X criticized ...", "X wants ...", "X's view that ..."). Where
both find the same content the tagger's version is kept, as it draws boundaries better;
``extractor`` says which found a row. ``[claims] learned_tagger = false`` turns the tagger
and the parse off: 20x faster, PolNeAR dev F1 0.75 -> 0.53; ``[claims] syntax_units``
chooses which units the tagger reads a parse of (README: quality against speed).

The package follows the data flow of one sentence: :mod:`.patterns` (with :mod:`.speaker`)
and the tagger, :mod:`.merge`, :mod:`.link`, :mod:`.rows`; :mod:`.article` walks a body and
keeps the state across sentences. :func:`find_claims` works on one article (pure);
:func:`process` runs a batch and builds rows; :func:`prepare` parses and tags a batch's
bodies before their people mentions are known (a scheduled run's warm worker).

Example:
    >>> from transforms.common.settings import load_settings
    >>> settings = load_settings()
    >>> rows = find_claims("a1", "Umerov said five units were deployed. “It is hard,” he added.", None, [], settings)
    >>> [(r["speaker"], r["cue"], r["content"], r["is_direct"]) for r in rows]
    [('Umerov', 'said', 'five units were deployed', False), ('Umerov', 'added', 'It is hard', True)]
"""
from transforms.extract.claims.article import find_claims, prepare, process
from transforms.extract.claims.rows import claim_date, medium_of

__all__ = ["claim_date", "find_claims", "medium_of", "prepare", "process"]

"""Property tests: arbitrary text never crashes a transform, and offsets always slice back."""
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from transforms.extract.claims import find_claims
from transforms.ingest.clean import clean_page
from transforms.cluster.dedup import signature
from transforms.extract.figures import find_figures
from transforms.ingest.metadata import extract
from transforms.models.person_tagger import load_tagger
from transforms.common.settings import load_settings

SETTINGS = load_settings()
# News-like alphabet: letters, digits, quotes, dashes, currency, newlines, odd unicode.
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400) | st.lists(
    st.sampled_from(["Umerov", "said", "“", "”", "\"", "'", "‘", "’", ",", ".", "\n", "\n\n", "5", "1,000", "$", "pct",
                     "up to", "about", "According to", "the", "minister", "told", "KBS", "that", "Posted", "Nov 5, 2024",
                     "Tags:", "By", "Jane", "Doe", "-", "–", "(AP Photo/X Y)", "mln", "dlrs", "five", "He", "added"]),
    max_size=80).map(" ".join)
RUN = hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@RUN
@given(TEXT)
def test_clean_and_metadata_never_crash(text):
    cleaned = clean_page(text, SETTINGS)
    for start, end in cleaned["caption_spans"]:
        assert 0 <= start < end <= len(cleaned["body"])
    extract(cleaned, SETTINGS)


@RUN
@given(TEXT)
def test_claims_slice_back(text):
    for row in find_claims("a", text, None, [], SETTINGS):
        assert text[row["char_start"]:row["char_end"]] == row["content"]


@RUN
@given(TEXT)
def test_figures_slice_back(text):
    for f in find_figures(text, SETTINGS):
        assert text[f["char_start"]:f["char_end"]] == f["text"]
        assert f["value"] >= 0


@RUN
@given(TEXT)
def test_names_slice_back_and_dedup_signs(text):
    for surface, start, end in load_tagger().spans(text):
        assert text[start:end] == surface
    signature(text, SETTINGS)

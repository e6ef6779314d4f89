"""transforms.common.frames: Arrow's membership test gives what pandas' isin gives; rows_at gives what iloc gives."""
import numpy as np
import pandas as pd
import pytest

from transforms.common.frames import member

IDS = [f"a{i:05d}" for i in range(2_000)]


@pytest.mark.parametrize("values", [IDS[::3], set(IDS[1::7]), pd.Series(IDS[:10]), [], ["x", None], {"a00001": 1},
                                    pd.Series(IDS[:5], dtype=object)])
def test_member_agrees_with_pandas_isin_on_text_columns(values):
    column = pd.Series(IDS + [None, "x"], dtype="str")
    expected = column.isin(list(values) if isinstance(values, dict) else values).to_numpy()
    got = member(column, values)
    assert got.dtype == bool and got.shape == (len(column),)
    assert (got == expected).all()


def test_member_on_other_columns_and_mixed_values():
    numbers = pd.Series([1, 2, None], dtype="Int64")
    assert member(numbers, [2]).tolist() == [False, True, False]
    mixed = pd.Series(["a", None, 3], dtype=object)
    assert member(mixed, [3, "a"]).tolist() == [True, False, True]
    assert member(pd.Series([], dtype="str"), ["a"]).tolist() == []
    assert np.array_equal(member(pd.Series(["a", "b"]), pd.Series([], dtype="str")), [False, False])


@pytest.mark.parametrize("positions", [[], [3], [0, 1, 2, 3, 4, 5], [4, 5, 0, 1, 2, 3], [5, 0, 4, 1, 3, 2], list(range(5, -1, -1))])
def test_rows_at_is_iloc_whether_it_joins_slices_or_takes(positions, monkeypatch):
    import transforms.common.frames as frames

    frame = pd.DataFrame({"text": pd.Series(list("abcdef"), dtype="str"), "n": range(6), "lists": [[i] for i in range(6)],
                          "when": pd.to_datetime(range(6), unit="D", utc=True)}, index=range(10, 16))
    for runs in (frames.MAX_RUNS, 1):                    # slices, then a take
        monkeypatch.setattr(frames, "MAX_RUNS", runs)
        got = frames.rows_at(frame, positions)
        pd.testing.assert_frame_equal(got, frame.iloc[positions])

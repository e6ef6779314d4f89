"""transforms.common.frames: Arrow's membership test gives what pandas' isin gives."""
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

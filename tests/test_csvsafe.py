import pytest

from lawgraph.csvsafe import safe_cell


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+2", "'=1+2"),  # formula
        ("+86", "'+86"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("泰州市科学技术局", "泰州市科学技术局"),  # plain text untouched
        ("a=b", "a=b"),  # only the first character counts
        ("", ""),
        (-3, -3),  # numbers are data
        (None, None),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected

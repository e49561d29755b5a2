"""One table style: readable names, no index-name row or row numbers, numbers rounded and
right-aligned, missing values blank; the same rules for tables pandas already rendered."""

import pandas as pd
import pytest

from reappraise.errors import ReappraiseError
from reappraise.report import tables


@pytest.mark.parametrize("value, shown", [
    (12, "12"), (12.0, "12"), (25000, "25,000"), (0.3423423423, "0.342"), (2.9210526316, "2.92"),
    (19.33333, "19.3"), (-0.0702948179, "−0.0703"), (8.3e-06, "8.3e−06"), (None, ""), (float("nan"), ""),
    (True, "yes"), ("text", "text"), (1234.5, "1,234"),
])
def test_numbers_are_rounded_to_three_significant_digits_with_a_true_minus(value, shown):
    assert tables.number(value) == shown


def test_number_refuses_a_meaningless_precision():
    with pytest.raises(ReappraiseError, match="digits"):
        tables.number(1.5, digits=0)


def test_tidy_hides_row_numbers_and_index_names_and_blanks_missing_values():
    df = pd.DataFrame({"rd_low": [0.12148, None], "arm": ["mdma", None]})
    out = tables.tidy(df).to_html()
    assert "rd low" in out and "0.121" in out and "nan" not in out.lower().replace("tabular-nums", "")
    assert ">0<" not in out and ">1<" not in out, "row numbers hidden"
    assert out == tables.tidy(df).to_html(), "no random ids: the same bytes every time"


def test_tidy_keeps_meaningful_row_labels_without_the_index_name_row():
    df = pd.DataFrame({"p": [0.0033454178]}, index=pd.Index(["MAPP1"], name="trial"))
    out = tables.tidy(df).to_html()
    assert "MAPP1" in out and ">trial<" not in out


def test_tidy_refuses_what_is_not_a_dataframe():
    with pytest.raises(ReappraiseError, match="df"):
        tables.tidy([1, 2])


def test_tidy_html_applies_the_rules_to_a_rendered_dataframe():
    df = pd.DataFrame({"printed": ["67%", "32%"], "numerator": pd.array([28, None], dtype="Int64"),
                       "ok": [True, False], "rd": [0.3423423423, 0.5]}, index=pd.Index(["a", "b"], name="id"))
    out = tables.tidy_html(df.to_html())
    assert "<style" not in out and 'border="1"' not in out
    assert "&lt;NA&gt;" not in out and ">yes<" in out and ">0.342<" in out
    assert out.count("<tr>") == 3, "the index-name row is gone"
    assert '<th scope="col">id</th>' in out, "the index name heads its column"
    assert '<td class="rp-num">67%</td>' in out


def test_tidy_html_drops_row_numbers_and_leaves_other_html_alone():
    out = tables.tidy_html(pd.DataFrame({"x": [1, 2]}).to_html())
    assert "<th>0</th>" not in out and "<th>1</th>" not in out
    assert tables.tidy_html("<p>hello</p>") == "<p>hello</p>"


def test_key_results_are_a_two_column_table_with_rounded_values_and_real_minus_signs():
    out = tables.key_results_html({"rd": 0.3423423423, "verdict": "change −19.3", "list": [1, 2]})
    assert "<code>rd</code>" in out and ">0.342<" in out and "change −19.3" in out and "\\u2212" not in out
    with pytest.raises(ReappraiseError, match="values"):
        tables.key_results_html([1])

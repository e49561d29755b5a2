"""Colours: contrast ratios as WCAG 2.x defines them, and labels that stay readable."""

import pytest

from reappraise import style
from reappraise.errors import ReappraiseError
from reappraise.evidence import claims


def test_contrast_matches_the_wcag_reference_values():
    # WCAG 2.x: black on white is 21:1; #767676 on white is the lightest grey passing 4.5:1.
    assert style.contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert style.contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)
    assert style.contrast("#777777", "#FFFFFF") < 4.5


def test_text_color_picks_the_more_legible_of_black_and_white():
    assert style.text_color("#000000") == "#FFFFFF" and style.text_color("#FFFFFF") == "#000000"


def test_every_verdict_colour_gets_count_labels_with_at_least_4_5_to_1_contrast():
    for verdict, fill in claims.verdict_colors().items():
        assert style.contrast(style.text_color(fill), fill) >= 4.5, verdict


def test_contrast_refuses_a_colour_that_is_not_rrggbb():
    with pytest.raises(ReappraiseError, match="color"):
        style.contrast("red", "#FFFFFF")

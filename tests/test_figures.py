"""Figures: one style, and files whose bytes do not change when nothing changed."""

import matplotlib.pyplot as plt
import pytest

from reappraise.report import figures
from reappraise.errors import ReappraiseError


def a_figure():
    figures.use_style()
    fig, ax = plt.subplots()
    ax.plot([0, 1, 2], [2, 1, 3], color=figures.COLORS["mdma"], label="line")
    ax.set(xlabel="x (units)", ylabel="y (units)", title="test")
    ax.legend()
    return fig


def test_saving_the_same_figure_twice_gives_identical_png_and_svg_bytes(tmp_path):
    first = figures.save(a_figure(), "same", svg=True, folder=tmp_path / "a")
    second = figures.save(a_figure(), "same", svg=True, folder=tmp_path / "b")
    for x, y in zip(first, second, strict=True):
        assert x.read_bytes() == y.read_bytes()


def test_png_files_carry_no_timestamp_and_svg_files_no_date(tmp_path):
    png, svg = figures.save(a_figure(), "stamp", svg=True, folder=tmp_path)
    assert b"tIME" not in png.read_bytes()
    assert b"<dc:date>" not in svg.read_bytes()


def test_the_palette_is_okabe_ito_and_roles_have_fixed_colours():
    assert figures.COLORS["mdma"] == figures.OKABE_ITO["blue"]
    assert figures.COLORS["placebo"] == figures.OKABE_ITO["orange"]


@pytest.mark.parametrize("name", ["", "../escape", ".hidden", "a/b"])
def test_a_figure_name_must_be_a_plain_file_stem(tmp_path, name):
    with pytest.raises(ReappraiseError, match="figure name"):
        figures.save(a_figure(), name, folder=tmp_path)


def test_show_requires_alt_text(tmp_path, monkeypatch):
    monkeypatch.setenv("REAPPRAISE_FIGURES", str(tmp_path))
    with pytest.raises(ValueError, match="alt must describe the figure"):
        figures.show(a_figure(), "no-alt", alt="  ")

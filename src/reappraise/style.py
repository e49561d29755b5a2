"""The collection's colours: the Okabe-Ito palette (safe for colour-blind readers) and
what each colour means across notebooks. Plain constants, so any layer may import them.
"""

OKABE_ITO = {
    "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73", "yellow": "#F0E442",
    "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7", "black": "#000000",
    "grey": "#999999",
}
#: Roles used across notebooks, so the same thing has the same colour everywhere.
COLORS = {
    "mdma": OKABE_ITO["blue"], "placebo": OKABE_ITO["orange"], "benchmark": OKABE_ITO["grey"],
    "reconstructed": OKABE_ITO["purple"], "reported": OKABE_ITO["black"],
    "highlight": OKABE_ITO["vermillion"], "good": OKABE_ITO["green"],
}


def _luminance(color: str) -> float:
    """Relative luminance of a '#RRGGBB' colour (WCAG 2.x definition)."""
    text = color.lstrip("#")
    if len(text) != 6:
        from reappraise.errors import ReappraiseError

        raise ReappraiseError(f"color must be '#RRGGBB', got {color!r}")
    channels = [int(text[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two '#RRGGBB' colours (1 to 21; text needs at least 4.5)."""
    a, b = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def text_color(background: str) -> str:
    """Return black or white, whichever has the higher contrast on ``background``."""
    return "#000000" if contrast("#000000", background) >= contrast("#FFFFFF", background) else "#FFFFFF"

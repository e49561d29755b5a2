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

"""Sections a study cannot fill: skipped with a visible note, not an error.

A single-arm notebook run for another study (``study`` parameter) reaches sections that
need numbers the study does not report. :func:`skip` shows one short note saying which
roles are missing and why (no row, or a gap row and what its note says), and returns True
so the notebook can jump the section; for a study with every role it shows nothing and
returns False, so the published notebooks' outputs do not change.
"""

from __future__ import annotations

from reappraise.evidence.studies import Study


def missing_text(study: Study, roles) -> str:
    """Words for the roles of ``roles`` that ``study`` lacks: 'baseline.mean (gap row x: ...)'."""
    parts = []
    for role in study.lacking(*roles):
        rid = study.id(role)
        if study.status(role) == "missing":
            parts.append(f"`{role}` (no ledger row `{rid}`)")
        else:
            note = str(study.ledger.row(rid)["note"]).strip()
            parts.append(f"`{role}` (ledger row `{rid}` is a gap{': ' + note if note else ''})")
    return "; ".join(parts)


def skip(study: Study, roles, section: str) -> bool:
    """If ``study`` lacks any of ``roles``, display a note that ``section`` is skipped; return True.

    Returns False (and displays nothing) when every role is available.
    """
    if study.has(*roles):
        return False
    from IPython.display import Markdown, display

    display(Markdown(f"> **Skipped for {study.short}:** {section} needs numbers this study does not report "
                     f"here: {missing_text(study, roles)}."))
    return True


def skip_because(study: Study, section: str, why: str) -> bool:
    """Display a note that ``section`` is skipped for ``study`` because ``why``; return True."""
    from IPython.display import Markdown, display

    display(Markdown(f"> **Skipped for {study.short}:** {section}, because {why}."))
    return True


def about(study: Study, default: str) -> None:
    """For a study other than ``default``, say that the prose was written for the default study.

    The notebooks' text describes the default (published) study; code output, tables,
    figures and verdicts follow the ``study`` parameter. Shows nothing for the default.
    """
    if study.name == default:
        return
    from IPython.display import Markdown, display

    display(Markdown(f"> **This run asks the notebook's questions of another study: {study.title} "
                     f"({study.short}; outcome {study.scale}, primary time point {study.timepoint}).** "
                     f"The prose between the cells was written for the published study; every number, table, "
                     f"figure and verdict below is computed from this study's ledger rows. {study.note}"))

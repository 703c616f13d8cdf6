"""Which figures of one area and period add up to which, so that a withheld count of a source that is
not public cannot be worked back from the figures shown beside it.

publish.py withholds a small count of such a source; a total beside its parts, or an inflow and outflow
beside their net, would still give it back by adding and subtracting. The secondary withholding that
protects local partner data (disclosure.add_secondary) is applied here to these links as well: more
figures are withheld until no withheld one is pinned down by the ones shown. Public figures are never
touched (the methodology page's policy: what a publisher already publishes is shown).

Only exact identities are listed; a total with a part that is never shown (HESA's "not known" domicile)
is left out, because the shown figures do not pin its parts down.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from migration_profiles.stages.disclosure import PRIMARY, SECONDARY, add_secondary

_S95_PARTS = ("asylum_s95_dispersed", "asylum_s95_hotel", "asylum_s95_other", "asylum_s95_subsistence_only")

# (total, its parts) for the same area and period. A net flow is written as its inflow being the sum
# of the outflow and the net; one figure under two names as a total of one part.
LINKS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ltim_inflow", ("ltim_outflow", "ltim_net")),
    ("international_migration_net_mye", ("ltim_net",)),
    ("internal_inflow", ("internal_outflow", "internal_migration_net")),
    ("asylum_s95_total", _S95_PARTS),
    ("asylum_accommodated", ("asylum_s95_dispersed", "asylum_s95_hotel", "asylum_s95_other", "asylum_s4",
                             "asylum_s98")),
    ("asylum_total", ("asylum_s95_total", "asylum_s4", "asylum_s98")),
    ("resettlement_total", ("resettlement_syria_schemes", "resettlement_global_schemes",
                            "resettlement_afghan_schemes")),
    ("hesa_students_non_uk", ("hesa_students_eu", "hesa_students_non_eu")),
    ("aps_cob_non_uk_born", ("aps_cob_eu_born", "aps_cob_non_eu_born")),
)
TOTALS = frozenset(total for total, _ in LINKS)
LINKED = TOTALS | {part for _, parts in LINKS for part in parts}
_SAME_FIGURE = ["area_code", "period_label", "period_start", "period_end"]


def neighbours_to_withhold(figures: pd.DataFrame, withheld: pd.Series, among: pd.Series) -> pd.Series:
    """The figures (True) to withhold beside the `withheld` ones so that none of those can be worked out
    from what is shown; only figures in `among` (those of sources that are not public) are considered."""
    out = pd.Series(False, index=figures.index)
    linked = figures[among & figures["indicator_id"].isin(LINKED)]
    touched = linked[withheld[linked.index]]
    if touched.empty:
        return out
    wanted = pd.MultiIndex.from_frame(touched[_SAME_FIGURE])
    linked = linked[pd.MultiIndex.from_frame(linked[_SAME_FIGURE]).isin(wanted)]
    for _, group in linked.groupby(_SAME_FIGURE, sort=False):
        at = {indicator: i for i, indicator in enumerate(group["indicator_id"])}
        equations = [(at[total], [at[p] for p in parts]) for total, parts in LINKS
                     if total in at and all(p in at for p in parts)]
        if not equations:
            continue
        values = group["value"].to_numpy(dtype=float)
        primary = withheld[group.index].to_numpy()
        first = np.where(primary, PRIMARY, "").astype(object)
        totals_last = group["indicator_id"].isin(TOTALS).to_numpy().astype(int)
        decided = add_secondary(np.nan_to_num(values), equations, first, totals_last,
                                unknown=np.isnan(values) & ~primary)
        out[group.index[decided == SECONDARY]] = True
    return out

"""Pure statistics: functions of numbers in, numbers (or tables and figures) out.

Nothing here reads or writes a file, touches the environment or keeps global state; random
draws take a seed or generator argument. Modules may import each other and
:mod:`reappraise.errors` / :mod:`reappraise.style`, and nothing else of the package.

- ``validate``      argument checks: one rule, one message, always a ValueError
- ``printed``       numbers as printed: value, decimals, rounding windows (the one parser)
- ``proportions``   intervals and comparisons for proportions (RD, RR, NNT, Fisher, fragility)
- ``effect_sizes``  standardised effect sizes from summary statistics
- ``consistency``   GRIM, GRIMMER, DEBIT, p-value and interval checks of printed statistics
- ``reconstruct``   participant-level samples that printed summaries allow (SPRITE, enumeration)
- ``durability``    status at two time points and what aggregate counts allow
- ``bias``          regression to the mean; placebo and natural-course change
- ``comparators``   an observed proportion against external placebo / natural-course rates
- ``cutoffs``       what MADRS response and remission cut-offs imply for each other
- ``outcomes``      outcome definitions (scale, rule, time point) and rates that carry them
- ``bayes``         Beta-binomial posteriors under named priors; exceedance over a prior grid
- ``missing``       imputation scenarios and tipping points for participants not analysed
- ``design``        precision, power, sample size and simulated trials
- ``harms``         number needed to harm, bounds for zero events, what a trial of n could detect
- ``blinding``      Bang's and James' blinding indices; tipping points for a bias from unblinding
- ``pooling``       random-effects meta-analysis as metafor computes it (REML, DL, PM; Hartung-Knapp)
"""

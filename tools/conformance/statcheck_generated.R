# Run statcheck's own decision functions (R/compute_p.R, R/error_test.R, R/decision_error_test.R)
# on seeded, generated reports, with statcheck's defaults (two-tailed, alpha = .05,
# pZeroError = TRUE, pEqualAlphaSig = TRUE) and the rule of R/process_stats.R
# (a decision error is only looked for when the result is an error).
for (f in c("compute_p", "error_test", "decision_error_test")) source(file.path("statcheck", paste0(f, ".R")))
set.seed(1205)
N <- 3000
fmt <- function(x, d) formatC(x, format = "f", digits = d)
rows <- vector("list", N)
for (i in seq_len(N)) {
  type <- sample(c("t", "F", "Z", "r", "Chi2"), 1)
  df1 <- NA; df2 <- NA
  if (type == "t") { df2 <- sample(5:120, 1); stat <- abs(rnorm(1, 2, 1.2)) * sample(c(-1, 1), 1) }
  if (type == "Z") { stat <- abs(rnorm(1, 2, 1.2)) * sample(c(-1, 1), 1) }
  if (type == "F") { df1 <- sample(1:4, 1); df2 <- sample(10:120, 1); stat <- rchisq(1, df1, ncp = 4) / df1 }
  if (type == "Chi2") { df1 <- sample(1:6, 1); stat <- rchisq(1, df1, ncp = 3) }
  if (type == "r") { df2 <- sample(8:150, 1); stat <- tanh(rnorm(1, 0.25, 0.15)) }
  test_dec <- if (type == "r") sample(2:3, 1) else sample(1:3, 1)
  stat_txt <- fmt(stat, test_dec)
  stat <- as.numeric(stat_txt)
  if (type == "r" && abs(stat) >= 1) next
  comp <- compute_p(type, stat, df1, df2, TRUE)
  kind <- sample(c("exact", "exact", "off", "less", "greater"), 1)
  p_dec <- sample(2:3, 1)
  if (kind == "exact") { p_cmp <- "="; rep_p <- round(comp, p_dec) }
  if (kind == "off") { p_cmp <- "="; rep_p <- round(comp, p_dec) + sample(c(-3:-1, 1:3), 1) / 10^p_dec }
  if (kind == "less") { p_cmp <- "<"; rep_p <- sample(c(.001, .01, .05), 1); p_dec <- nchar(sub("^0\\.", "", format(rep_p, scientific = FALSE))) }
  if (kind == "greater") { p_cmp <- ">"; rep_p <- .05; p_dec <- 2 }
  rep_p <- as.numeric(fmt(rep_p, p_dec))  # the p as a reader sees it printed
  if (rep_p <= 0 || rep_p >= 1) next
  err <- error_test(rep_p, type, stat, df1, df2, p_cmp, "=", p_dec, test_dec, TRUE, .05, TRUE)
  dec <- if (err) decision_error_test(rep_p, comp, "=", p_cmp, .05, TRUE) else FALSE
  rows[[i]] <- data.frame(test = type, df1 = df1, df2 = df2, statistic = stat_txt,
                          p = paste(p_cmp, fmt(rep_p, p_dec)), computed_p = signif(comp, 6),
                          error = err, decision_error = dec)
}
out <- do.call(rbind, rows)
write.csv(out, "statcheck_generated.csv", row.names = FALSE)
cat(nrow(out), "rows;", sum(out$error), "errors;", sum(out$decision_error), "decision errors\n")

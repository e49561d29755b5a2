# Evaluate the two reference functions that scrutiny's tests/testthat/test-grimmer.R defines
# (Allard's aGrimmer and the rsprite2 GRIMMER_test copy) and run them on the cases the test file
# names and on the test file's own generator (seeded here).
exprs <- parse("scrutiny-test-grimmer.R")
for (e in exprs) {
  if (is.call(e) && length(e) == 3 && identical(e[[1]], as.name("<-")) && is.name(e[[2]]) &&
      as.character(e[[2]]) %in% c("aGrimmer", "GRIMMER_test")) eval(e)
}
cases <- data.frame(
  mean = c("1.2", "8.3", "5.23", "5.23", "5.2", "2.57", "3.756", "3.756", "3.75", "3.75", "5.21", "3.44", "5.21", "3.44"),
  sd   = c("0.3", "7.5", "2.55", "2.55", "2.5", "2.57", "4.485", "4.485", "4.48", "4.48", "1.60", "2.47", "1.60", "2.47"),
  n    = c(57, 103, 35, 127, 35, 30, 89, 12, 12, 89, 28, 18, 28, 18),
  items = c(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 3),
  stringsAsFactors = FALSE)
cases$expected <- mapply(function(m, s, n, k) suppressWarnings(GRIMMER_test(as.numeric(m), as.numeric(s), n, n_items = k)),
                         cases$mean, cases$sd, cases$n, cases$items)
write.csv(cases, "scrutiny_grimmer_vs_rsprite2.csv", row.names = FALSE)

# The test file's generator: means 1.00, 1.01, ... with two decimals, SD = round(mean * 2/5, 2), n uniform 10..150.
set.seed(14)
tested <- 7500
m <- seq(1, length.out = tested, by = 0.01)
m <- m[round(m * 100) %% 10 != 0]
n <- trunc(runif(length(m), 10, 150))
mean_txt <- formatC(m, format = "f", digits = 2)
sd_num <- round(m * 2 / 5, 2)
sd_txt <- formatC(sd_num, format = "f", digits = 2)
out <- mapply(function(nn, mm, ss) aGrimmer(nn, mm, ss), n, as.numeric(mean_txt), as.numeric(sd_txt))
gen <- data.frame(mean = mean_txt, sd = sd_txt, n = n, allard = out, stringsAsFactors = FALSE)
write.csv(gen, "allard_agrimmer_generated.csv", row.names = FALSE)
cat(nrow(gen), "generated rows;", table(out), "\n")

# Fragility indices computed by the peers' own functions on seeded 2x2 tables:
# fragility.index() from kippjohnson/fragilityindex R/fragility.index.R and
# bin.fi.walsh(dir = "left", group = "event") from brb225/FragilityTools R/internal.R.
source("fragilityindex-fragility.index.R")
for (e in parse("FragilityTools-internal.R")) {
  if (is.call(e) && length(e) == 3 && identical(e[[1]], as.name("<-")) && identical(e[[2]], as.name("bin.fi.walsh"))) eval(e)
}
fisher_p <- function(mat) fisher.test(mat)$p.value
set.seed(622)
N <- 300
rows <- vector("list", N)
for (i in seq_len(N)) {
  n1 <- sample(10:150, 1); n2 <- sample(10:150, 1)
  p1 <- runif(1, 0.05, 0.9); p2 <- min(0.95, max(0.02, p1 + sample(c(-1, 1), 1) * runif(1, 0.1, 0.4)))
  k1 <- rbinom(1, n1, p1); k2 <- rbinom(1, n2, p2)
  fi1 <- tryCatch(suppressWarnings(fragility.index(k1, k2, n1, n2)$index), error = function(e) NA)
  yates <- suppressWarnings(chisq.test(matrix(c(k1, k2, n1 - k1, n2 - k2), nrow = 2))$p.value)
  walsh <- tryCatch(bin.fi.walsh(matrix(c(k1, k2, n1 - k1, n2 - k2), nrow = 2), fisher_p, 0.05, dir = "left", group = "event")$FI,
                    error = function(e) NA)
  rows[[i]] <- data.frame(k1 = k1, n1 = n1, k2 = k2, n2 = n2, fisher_p = signif(fisher_p(matrix(c(k1, k2, n1 - k1, n2 - k2), nrow = 2)), 6),
                          yates_p = signif(yates, 6), fragilityindex = fi1, fragilitytools_walsh = walsh)
}
out <- do.call(rbind, rows)
write.csv(out, "fragility_generated.csv", row.names = FALSE)
print(summary(out))
# the packages' documented examples
ex <- data.frame(
  call = c("fragility.index(15, 6, 40, 40)", "fragility.index(15, 5, 40, 41)", "fragility.index(15, 5, 40, 40)",
           "bin.fi.walsh(matrix(c(100, 96, 13, 28), nrow = 2), fisher, dir = 'left')",
           "bin.fi.walsh(matrix(c(100, 96, 13, 28), nrow = 2), fisher)"),
  value = c(fragility.index(15, 6, 40, 40)$index, fragility.index(15, 5, 40, 41)$index, fragility.index(15, 5, 40, 40)$index,
            bin.fi.walsh(matrix(c(100, 96, 13, 28), nrow = 2), fisher_p, dir = "left")$FI,
            bin.fi.walsh(matrix(c(100, 96, 13, 28), nrow = 2), fisher_p)$FI))
print(ex)

# scrutiny's example data sets data/pigs1.rda and data/pigs5.rda as CSV (text columns kept as printed).
for (name in c("pigs1", "pigs5")) {
  e <- new.env()
  load(paste0(name, ".rda"), envir = e)
  d <- get(name, e)
  class(d) <- "data.frame"
  write.csv(d, paste0(name, ".csv"), row.names = FALSE)
}

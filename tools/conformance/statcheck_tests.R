# Record every expectation in statcheck's tests/testthat/test-error.R and test-decisionerror.R
# without running statcheck: statcheck() is replaced by a stub that keeps the text and options,
# and expect_true/expect_false/expect_equal record (text, options, variable, expected value).
VAR_ERROR <- "error"; VAR_DEC_ERROR <- "decision_error"; VAR_COMPUTED_P <- "computed_p"
rec <- list(); block <- ""; file <- ""
context <- function(...) invisible(NULL)
test_that <- function(desc, code) { block <<- desc; eval(substitute(code), envir = new.env(parent = globalenv())) }
statcheck <- function(texts, messages = TRUE, ...) structure(list(texts = texts, opts = list(...)), class = "stub")
`[[.stub` <- function(x, name) structure(list(texts = x$texts, opts = x$opts, var = name), class = "stubvar")
opts_text <- function(o) if (length(o)) paste(names(o), unlist(o), sep = "=", collapse = ";") else ""
add <- function(x, expected) {
  for (i in seq_along(x$texts)) {
    rec[[length(rec) + 1]] <<- data.frame(file = file, block = block, text = x$texts[i], options = opts_text(x$opts),
                                          variable = x$var, expected = if (length(expected) > length(x$texts)) paste(expected, collapse = "|") else as.character(expected[i]))
  }
}
expect_true <- function(x) add(x, TRUE)
expect_false <- function(x) add(x, FALSE)
expect_equal <- function(x, y, ...) if (inherits(x, "stubvar")) add(x, y)
for (f in c("test-error.R", "test-decisionerror.R")) { file <- f; source(paste0("statcheck-", f)) }
out <- do.call(rbind, rec)
write.csv(out, "statcheck_tests.csv", row.names = FALSE)
cat(nrow(out), "expectations\n"); print(table(out$file, out$variable))

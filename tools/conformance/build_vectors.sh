#!/usr/bin/env bash
# Rebuild tests/conformance/vectors/ from the peers' public repositories.
#
#   tools/conformance/build_vectors.sh MIRRORS
#
# MIRRORS holds one clone per peer as MIRRORS/<owner>+<name>/repo (e.g. lhdjung+scrutiny/repo),
# each containing the commit pinned in extract.py. Needs git, Rscript (base R only) and
# python3. Not part of CI: the vector files are committed and the tests read only them.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
mirrors="$(cd "$1" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

pin() { python3 -c "import sys; sys.path.insert(0, '$here'); import extract; print(extract.PEERS['$1'])"; }
take() {  # take REPO PATH DEST: the file at the pinned commit
  git -C "$mirrors/${1/\//+}/repo" show "$(pin "$1"):$2" > "$work/$3"
}

mkdir -p "$work/statcheck"
take lhdjung/scrutiny data/pigs1.rda pigs1.rda
take lhdjung/scrutiny data/pigs5.rda pigs5.rda
take lhdjung/scrutiny tests/testthat/test-grimmer.R scrutiny-test-grimmer.R
for f in compute_p error_test decision_error_test; do take MicheleNuijten/statcheck "R/$f.R" "statcheck/$f.R"; done
take MicheleNuijten/statcheck tests/testthat/test-error.R statcheck-test-error.R
take MicheleNuijten/statcheck tests/testthat/test-decisionerror.R statcheck-test-decisionerror.R
take kippjohnson/fragilityindex R/fragility.index.R fragilityindex-fragility.index.R
take brb225/FragilityTools R/internal.R FragilityTools-internal.R

cp "$here"/*.R "$work/"
(cd "$work" && for s in pigs scrutiny_grimmer statcheck_tests statcheck_generated fragility_generated; do
   Rscript --vanilla "$s.R" > /dev/null; done)
python3 "$here/extract.py" "$mirrors" "$work" "$root/tests/conformance/vectors"

# Sphinx configuration of the reappraise site. The settings live in
# reappraise.pipeline.site.sphinx_config(), so they are tested with the rest of the code.
from reappraise.pipeline.site import sphinx_config

globals().update(sphinx_config())

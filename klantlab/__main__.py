"""``python -m klantlab``: the same as the ``klantlab`` command."""

import sys

from klantlab.cli import main

sys.exit(main())

"""`python -m pipeline` runs the `manifesto` command."""

import sys

from pipeline.cli import main

sys.exit(main())

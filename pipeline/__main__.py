"""`python -m pipeline` runs the `manifesto` command."""

import sys

from .cli import main

sys.exit(main())

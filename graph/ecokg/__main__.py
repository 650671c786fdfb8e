"""``python -m ecokg``: the command line."""

import sys

from ecokg.cli.main import main

sys.exit(main())

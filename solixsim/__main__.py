"""``python -m solixsim``."""

import sys

from solixsim.cli import main

sys.exit(main())

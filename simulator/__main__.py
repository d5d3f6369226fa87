"""`python -m smsim`: the CLI."""

import sys

from smsim.clients.cli import main

sys.exit(main())

"""``python -m monitor`` is the ``monitor`` command (handy with ``python -X importtime``)."""

import sys

from monitor.cli import main

sys.exit(main())

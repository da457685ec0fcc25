"""``python -m landscape.sample``: write the sample, or rebuild the workbook from its CSVs."""

import sys

from landscape.sample.generate import main

sys.exit(main())

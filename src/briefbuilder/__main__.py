import sys

from briefbuilder.cli import main

sys.exit(main())

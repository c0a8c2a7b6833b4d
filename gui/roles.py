"""Qt's item data roles as plain ints, for the table models shown at start-up.

The models compare roles with these rather than with ``Qt.ItemDataRole`` members: the first use of
``Qt`` makes PySide create every enum of the Qt namespace (about 13 ms), and the start-up leaves
that until after the window's first paint. The values are Qt's own (unchanged since Qt 4); a test
checks them against ``Qt.ItemDataRole``.
"""
from __future__ import annotations

DISPLAY = 0
TOOL_TIP = 3
FONT = 6
TEXT_ALIGNMENT = 7
FOREGROUND = 9
#: The first role an application may define (``Qt.ItemDataRole.UserRole``).
USER = 256

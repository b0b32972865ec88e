"""The command line. Importing it sets the garbage collector for a short-lived process.

Start-up allocates a few hundred thousand objects (typer, rich, the content, the history), and
at the default threshold the cyclic collector ran about fifty times doing it, scanning the heap
each time for cycles there are almost none of: 10 to 40 ms of every command, against about 12 ms
for a bare Typer app. Collecting after every 50,000 net allocations instead of 700 leaves a few
collections in a long drill or mock and none in an everyday command; memory is still freed by
reference counting as before, and only cyclic garbage waits a little longer.
"""

import gc

GEN0_THRESHOLD = 50_000

if gc.get_threshold()[0] < GEN0_THRESHOLD:
    gc.set_threshold(GEN0_THRESHOLD, *gc.get_threshold()[1:])

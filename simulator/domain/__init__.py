"""Pure rules and data: no I/O, no SQL, no Flask, no clock reads (time is passed in)."""

"""QObjects that own one aggregate each, write it through a unit of work, and signal changes."""

"""The event list: a table model over the pass's annotations, a filter proxy, and its view."""

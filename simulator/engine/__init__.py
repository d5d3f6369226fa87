"""Use-cases over the store: what the web layer, the CLI and the control plane call."""

"""Official documents: rendering, seal, signature, preview and printing."""

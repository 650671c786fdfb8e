"""Writing the build: deterministic TriG, Turtle, JSON-LD and the manifest, replaced atomically."""

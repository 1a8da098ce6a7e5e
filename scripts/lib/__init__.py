"""The small shared library every stage uses: paths, atomic I/O, clear input errors, params, manifest."""

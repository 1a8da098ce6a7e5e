"""Pipeline stages: one module per DVC stage (see dvc.yaml), plus the shared library in scripts.lib."""

"""params.yaml: every tunable of the pipeline, read in one place."""

from functools import lru_cache

from .io import read_yaml
from .paths import PARAMS


@lru_cache(maxsize=1)
def load_params() -> dict:
    return read_yaml(PARAMS) or {}


def params_for(stage: str) -> dict:
    return load_params().get(stage, {})

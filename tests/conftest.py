"""Shared fixtures.

The tests keep the gazetteer index inside the checkout (``.territory_home/``, git-ignored) so a
test run never touches the user's own index and later runs reuse the build.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
SHARED_DATA = SHARED / "data"

os.environ.setdefault("TERRITORY_HOME", str(REPO / ".territory_home"))


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The five seed articles with their manifest and gold (``../shared/seeds``)."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    return SEEDS


@pytest.fixture(scope="session")
def shared_data_dir() -> Path:
    """Stand-ins for the user's own downloads (``../shared/data``): never copied into the repo."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not beside this checkout")
    return SHARED_DATA

"""The k12-warehouse code location that `dagster dev` and `k12 ui` load: what Dagster shows in
its UI and runs on its schedule, with the settings of the environment it was started in."""

from orchestration.code_location import build_definitions
from orchestration.settings import Settings

defs = build_definitions(Settings.load())

"""Work spread over this process and forked workers, results back in order (`ordered_map`).

Used where a command does the same CPU-bound thing to many independent inputs (lint of many
targets, validate and render of many specs): the first process has loaded what every input
needs (the IAM catalogue and the rules; the schema and the templates) before it forks, so the
workers start warm; every process takes the next task from one queue as it finishes one, and
the first hands the results on in task order, so output is the same byte for byte whatever
the number of processes.
"""

from generator.workers.option import add_workers_option
from generator.workers.pool import (
    MIN_PARALLEL,
    WorkerError,
    auto_jobs,
    choose_jobs,
    map_in_slices,
    ordered_map,
    slices,
)

__all__ = [
    "MIN_PARALLEL",
    "WorkerError",
    "add_workers_option",
    "auto_jobs",
    "choose_jobs",
    "map_in_slices",
    "ordered_map",
    "slices",
]

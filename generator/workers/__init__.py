"""Work spread over forked worker processes, results back in order (`ordered_map`).

Used where a command does the same CPU-bound thing to many independent inputs (lint of many
targets): the parent has loaded what every input needs (the IAM catalogue, the rules) before it
forks, so the workers start warm and share those pages; each worker takes the next task from a
queue as it finishes one, and the parent hands the results on in task order, so output is the
same byte for byte whatever the number of workers.
"""

from generator.workers.option import add_workers_option
from generator.workers.pool import WorkerError, choose_jobs, ordered_map, usable_cpus

__all__ = ["WorkerError", "add_workers_option", "choose_jobs", "ordered_map", "usable_cpus"]

"""Running terraform and reading its plans.

Public surface:

    execute, Result, Watchdog, forward_signals   process.py    the one way a child process runs
    Terraform                                    runner.py     init / plan / show / apply / destroy / output
    CliConfig, prepare, find_mirror              cliconfig.py  bodocfg's own CLI config + plugin cache
    Plan, Resource, Change, Output               plan.py       `terraform show -json`, typed and read-only
    assertions                                   assertions.py plan checks for pytest suites
    FormValues                                   form.py       the Cloud Configuration form
    workflow                                     workflow.py   plan/apply/destroy/outputs for commands
"""

from generator.terraform.cliconfig import CliConfig, find_mirror, prepare
from generator.terraform.form import FormValues
from generator.terraform.plan import Change, ConfigResource, Module, Output, Plan, Resource
from generator.terraform.process import Result, Watchdog, execute, forward_signals
from generator.terraform.runner import Terraform

__all__ = [
    "Change",
    "CliConfig",
    "ConfigResource",
    "FormValues",
    "Module",
    "Output",
    "Plan",
    "Resource",
    "Result",
    "Terraform",
    "Watchdog",
    "execute",
    "find_mirror",
    "forward_signals",
    "prepare",
]

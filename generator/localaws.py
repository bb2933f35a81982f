"""The embedded local AWS: a moto server on a free loopback port, for demos and tests.

    with local_aws() as aws:
        aws.target            # an AwsTarget: boto3 and terraform both talk to it
        aws.exports()         # the `export ...` lines for a shell

What an unmodified `provider "aws"` block needs from the environment, found by running the
real provider against moto: AWS_ENDPOINT_URL (every service), dummy keys, and
AWS_EC2_METADATA_DISABLED so nothing waits on the instance metadata service. S3 needs no
path-style switch because the endpoint is an IP address (virtual-host addressing cannot
apply to one), which is why the server is always addressed as 127.0.0.1, never localhost.
Everything lives in memory: when the server stops, the account is gone. moto's accounts are
per process, so every server started in one process shares them; `account(id)` gives a
separate, empty account (as each customer has its own).
"""

from __future__ import annotations

import contextlib
import logging
import shlex
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from generator.aws import AwsTarget
from generator.errors import EnvironmentFailure

HOST = "127.0.0.1"
ACCOUNT_ID = "123456789012"
"""moto's default account."""
CUSTOMER_ACCOUNT_BASE = 100_000_000_000
"""Customer N's own local account is this + N (`demo`, `local-aws SPEC...`)."""
DEFAULT_REGION = "us-east-1"
HIDDEN = (
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN",
    "AWS_ROLE_ARN",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
)
"""Variables that could send terraform to a real account instead of the local one."""


def local_environment(endpoint: str) -> dict[str, str | None]:
    env: dict[str, str | None] = dict.fromkeys(HIDDEN)
    env.update(
        {
            "AWS_ENDPOINT_URL": endpoint,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_EC2_METADATA_DISABLED": "true",
        }
    )
    return env


@dataclass(frozen=True)
class LocalAws:
    endpoint: str

    @property
    def target(self) -> AwsTarget:
        return AwsTarget(overrides=local_environment(self.endpoint))

    def account(self, account_id: str) -> AwsTarget:
        """A target acting in another (empty) account of this server, as a customer's own account.

        moto keeps one set of accounts per process; credentials from sts:AssumeRole into
        `account_id` make every call, boto3's and terraform's, land in that account.
        """
        sts = self.target.client("sts", "us-east-1")
        role = f"arn:aws:iam::{account_id}:role/bodocfg-local"
        credentials = sts.assume_role(RoleArn=role, RoleSessionName="bodocfg")["Credentials"]
        overrides = local_environment(self.endpoint)
        overrides.update(
            {
                "AWS_ACCESS_KEY_ID": credentials["AccessKeyId"],
                "AWS_SECRET_ACCESS_KEY": credentials["SecretAccessKey"],
                "AWS_SESSION_TOKEN": credentials["SessionToken"],
            }
        )
        return AwsTarget(overrides=overrides)

    def exports(self, target: AwsTarget | None = None, region: str = DEFAULT_REGION) -> list[str]:
        """The shell lines that point a shell at this local AWS (at `target`'s account when
        given, else the default one) in `region` (AWS_REGION and AWS_DEFAULT_REGION)."""
        overrides = dict(target.overrides if target is not None else local_environment(self.endpoint))
        overrides.update({"AWS_REGION": region, "AWS_DEFAULT_REGION": region})
        lines = []
        for name, value in overrides.items():
            lines.append(f"unset {name}" if value is None else f"export {name}={shlex.quote(value)}")
        return lines

    def customer_account(self, number: int, topic_arn: str | None = None) -> AwsTarget:
        """The customer's own (empty) account, as each customer has one: the account of the
        existing topic its spec names, else CUSTOMER_ACCOUNT_BASE + number."""
        account = topic_arn.split(":")[4] if topic_arn else f"{CUSTOMER_ACCOUNT_BASE + number:012d}"
        return self.account(account)


def _table_updates_as_aws() -> None:
    """Two UpdateTable behaviours of AWS that moto 5.2 lacks, both met when adopting a hand-made
    provisioned lock table (the AWS provider then refuses or re-plans every later run):

    - a table switched to on-demand reports 0 read/write capacity (moto kept the old numbers:
      "read_capacity can not be set when billing_mode is PAY_PER_REQUEST");
    - `SSESpecification` changes the table's encryption (moto ignored it).

    Applied once per process, to the embedded local AWS only.
    """
    from moto.dynamodb.models import DynamoDBBackend
    from moto.dynamodb.responses import DynamoHandler

    if getattr(DynamoHandler.update_table, "bodocfg", False):
        return
    update_backend = DynamoDBBackend.update_table
    update_handler = DynamoHandler.update_table

    def backend_update(self: Any, *args: Any, **kwargs: Any) -> Any:
        table = update_backend(self, *args, **kwargs)
        if table.billing_mode == "PAY_PER_REQUEST":
            table.throughput.update({"ReadCapacityUnits": 0, "WriteCapacityUnits": 0})
        return table

    def handler_update(self: Any) -> Any:
        sse = self.body.get("SSESpecification")
        if sse is not None:
            table = self.dynamodb_backend.get_table(self.body["TableName"])
            wanted = dict(sse)
            if wanted.get("Enabled") and "KMSMasterKeyId" not in wanted:
                wanted["KMSMasterKeyId"] = table._get_default_encryption_key(
                    table.account_id, table.region_name
                )
            table.sse_specification = wanted if wanted.get("Enabled") else None
        return update_handler(self)

    handler_update.bodocfg = True  # type: ignore[attr-defined]
    DynamoDBBackend.update_table = backend_update  # type: ignore[method-assign]
    DynamoHandler.update_table = handler_update  # type: ignore[method-assign]


def _server_class() -> Any:
    try:
        from moto.server import ThreadedMotoServer
    except ImportError as error:
        raise EnvironmentFailure(
            f"the local AWS needs moto's server ({error.name} is missing): pip install 'bodocfg[local]'"
        ) from None
    _table_updates_as_aws()
    return ThreadedMotoServer


@contextlib.contextmanager
def local_aws(port: int = 0) -> Iterator[LocalAws]:
    """Run a moto server on 127.0.0.1 (a free port unless `port` is given) for the block's duration."""
    server_class = _server_class()
    if port:  # moto binds in its own thread and would hang on a busy port: check first
        with socket.socket() as probe:
            try:
                probe.bind((HOST, port))
            except OSError as error:
                raise EnvironmentFailure(
                    f"cannot start the local AWS on {HOST}:{port}: {error.strerror}"
                ) from None
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = server_class(ip_address=HOST, port=port, verbose=False)
    server.start()
    host, bound = server.get_host_and_port()
    try:
        yield LocalAws(endpoint=f"http://{host}:{bound}")
    finally:
        server.stop()

"""boto3 clients for the customer's account, and AWS failures turned into bodocfg errors.

The clients are botocore's, which is what `boto3.client` returns too; they are made from a
botocore session directly, and botocore is imported only when a client is made: importing
boto3 (with s3transfer and botocore) cost every `bodocfg plan` ~80 ms of start-up before terraform could
begin, and `open_session` now makes its preflight client on a thread while `terraform init` runs.

Credentials and endpoint come from the usual AWS sources (environment, AWS_PROFILE, config
files, instance roles); `AWS_ENDPOINT_URL` points every client at a local AWS such as the
embedded moto server. Clients fail fast: short connect/read timeouts and two attempts, so an
unreachable endpoint is reported in seconds, not after minutes of retries.

    with translate_errors("reading the vCPU metric in us-east-2"):
        client("cloudwatch", "us-east-2").get_metric_statistics(...)

raises `AwsUnreachable` or `CredentialsMissing` (exit 3) with one line naming what was being done.

An `AwsTarget` says where calls go: the usual sources plus overrides (the embedded local
AWS's endpoint and dummy keys). `preflight(target)` asks STS who we are before any terraform
runs; `probe(target)` is the cheap check a terraform watchdog repeats while it runs.
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from generator.errors import AwsUnreachable, CredentialsMissing, EnvironmentFailure

if TYPE_CHECKING:
    from botocore.config import Config

CONNECT_TIMEOUT = 5
READ_TIMEOUT = 20
MAX_ATTEMPTS = 2

CREDENTIAL_ERROR_CODES = frozenset(
    {
        "AuthFailure",
        "ExpiredToken",
        "ExpiredTokenException",
        "InvalidAccessKeyId",
        "InvalidClientTokenId",
        "SignatureDoesNotMatch",
        "UnrecognizedClientException",
    }
)
STS_FALLBACK_REGION = "us-east-1"


@functools.cache
def _config(probe: bool = False) -> Config:
    """botocore's settings for bodocfg's clients: fail fast; the watchdog's probe fails faster."""
    from botocore.config import Config

    if probe:
        return Config(connect_timeout=2, read_timeout=5, retries={"max_attempts": 1, "mode": "standard"})
    return Config(
        connect_timeout=CONNECT_TIMEOUT,
        read_timeout=READ_TIMEOUT,
        retries={"max_attempts": MAX_ATTEMPTS, "mode": "standard"},
    )


@dataclass(frozen=True)
class AwsTarget:
    """Where AWS calls go: the environment's usual sources with `overrides` applied on top.

    `overrides` uses environment variable names (AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, ...); a
    None value hides that variable. The same mapping is applied to terraform's environment,
    so boto3 and terraform always talk to the same account.
    """

    overrides: Mapping[str, str | None] = field(default_factory=dict)

    def value(self, name: str) -> str | None:
        if name in self.overrides:
            return self.overrides[name]
        return os.environ.get(name) or None

    @property
    def endpoint(self) -> str | None:
        return self.value("AWS_ENDPOINT_URL")

    def client(self, service: str, region: str, config: Config | None = None) -> Any:
        """A client from a new session: the usual credential chain, unless overrides name keys."""
        import botocore.session

        def key(name: str) -> str | None:
            return self.value(name) if self.overrides else None

        endpoint = self.endpoint if "AWS_ENDPOINT_URL" in self.overrides else None
        return botocore.session.get_session().create_client(
            service,
            region_name=region,
            config=config or _config(),
            endpoint_url=endpoint,
            aws_access_key_id=key("AWS_ACCESS_KEY_ID"),
            aws_secret_access_key=key("AWS_SECRET_ACCESS_KEY"),
            aws_session_token=key("AWS_SESSION_TOKEN"),
        )


DEFAULT_TARGET = AwsTarget()


def client(service: str, region: str, target: AwsTarget = DEFAULT_TARGET) -> Any:
    """A boto3 client for `service` in `region`, with bodocfg's fail-fast settings."""
    return target.client(service, region)


@dataclass(frozen=True)
class Identity:
    account: str
    arn: str
    endpoint: str | None
    """AWS_ENDPOINT_URL when set (a local AWS), else None (the real AWS endpoints)."""

    @property
    def where(self) -> str:
        return f"account {self.account}" + (f" at {self.endpoint}" if self.endpoint else "")


def _sts_region(target: AwsTarget) -> str:
    return target.value("AWS_REGION") or target.value("AWS_DEFAULT_REGION") or STS_FALLBACK_REGION


def preflight(target: AwsTarget = DEFAULT_TARGET) -> Identity:
    """Who we are, per sts:GetCallerIdentity; AwsUnreachable / CredentialsMissing within seconds."""
    with translate_errors("checking AWS credentials (sts:GetCallerIdentity)"):
        reply = target.client("sts", _sts_region(target)).get_caller_identity()
    return Identity(account=str(reply["Account"]), arn=str(reply["Arn"]), endpoint=target.endpoint)


def probe(target: AwsTarget = DEFAULT_TARGET) -> Callable[[], None]:
    """A check to repeat while terraform runs: one quick sts:GetCallerIdentity (one attempt,
    2 s to connect) on a client built once; raises like `preflight`."""
    clients: list[Any] = []
    doing = f"AWS stopped answering{' at ' + target.endpoint if target.endpoint else ''}"

    def check() -> None:
        with translate_errors(doing):
            if not clients:
                clients.append(target.client("sts", _sts_region(target), _config(probe=True)))
            clients[0].get_caller_identity()

    return check


@contextlib.contextmanager
def translate_errors(doing: str) -> Iterator[None]:
    """Turn botocore's exceptions raised inside the block into one-line bodocfg errors."""
    from botocore.exceptions import (
        BotoCoreError,
        ClientError,
        ConnectionError,
        HTTPClientError,
        NoCredentialsError,
        NoRegionError,
        PartialCredentialsError,
        ProfileNotFound,
        SSOError,
        TokenRetrievalError,
    )

    no_credentials = (
        NoCredentialsError,
        PartialCredentialsError,
        ProfileNotFound,
        SSOError,
        TokenRetrievalError,
    )
    try:
        yield
    except no_credentials as error:
        raise CredentialsMissing(f"{doing}: no usable AWS credentials ({error})") from None
    except (ConnectionError, HTTPClientError) as error:
        raise AwsUnreachable(f"{doing}: AWS endpoint unreachable ({error})") from None
    except NoRegionError:
        raise EnvironmentFailure(f"{doing}: no AWS region configured") from None
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "")
        message = error.response.get("Error", {}).get("Message", "") or str(error)
        if code in CREDENTIAL_ERROR_CODES:
            raise CredentialsMissing(f"{doing}: AWS rejected the credentials ({code}: {message})") from None
        raise EnvironmentFailure(f"{doing}: {code or 'AWS error'}: {message}") from None
    except BotoCoreError as error:
        raise EnvironmentFailure(f"{doing}: {error}") from None

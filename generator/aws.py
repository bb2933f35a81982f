"""boto3 clients for the customer's account, and AWS failures turned into bodocfg errors.

Credentials and endpoint come from the usual AWS sources (environment, AWS_PROFILE, config
files, instance roles); `AWS_ENDPOINT_URL` points every client at a local AWS such as the
embedded moto server. Clients fail fast: short connect/read timeouts and two attempts, so an
unreachable endpoint is reported in seconds, not after minutes of retries.

    with translate_errors("reading the vCPU metric in us-east-2"):
        client("cloudwatch", "us-east-2").get_metric_statistics(...)

raises `AwsUnreachable` or `CredentialsMissing` (exit 3) with one line naming what was being done.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionError,
    HTTPClientError,
    NoCredentialsError,
    NoRegionError,
    PartialCredentialsError,
)

from generator.errors import AwsUnreachable, CredentialsMissing, EnvironmentFailure

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

_CONFIG = Config(
    connect_timeout=CONNECT_TIMEOUT,
    read_timeout=READ_TIMEOUT,
    retries={"max_attempts": MAX_ATTEMPTS, "mode": "standard"},
)


def client(service: str, region: str) -> Any:
    """A boto3 client for `service` in `region`, with bodocfg's fail-fast settings."""
    return boto3.session.Session().client(service, region_name=region, config=_CONFIG)  # type: ignore[call-overload]


@contextlib.contextmanager
def translate_errors(doing: str) -> Iterator[None]:
    """Turn botocore's exceptions raised inside the block into one-line bodocfg errors."""
    try:
        yield
    except (NoCredentialsError, PartialCredentialsError) as error:
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

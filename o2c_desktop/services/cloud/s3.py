"""The S3 landing zone: content-addressed keys, SHA-256 checksums on upload, verified after.

Key layout (under the configured prefix)::

    raw/<dataset>/load_date=<YYYY-MM-DD>/<sha256><ext>         archived input files, unchanged
    tables/<table>/load_date=<YYYY-MM-DD>/<sha256>.parquet     normalized table snapshots

Each object carries its SHA-256 as metadata and S3's own SHA-256 checksum (per part for a
multipart upload, which S3 verifies as the parts arrive). After an upload both are read back and
compared; an object already present with the same hash is not sent again. Credentials come from
boto3's chain (profile, SSO, environment) unless the user stored keys in the keyring.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import date
from pathlib import Path
from typing import Any, Literal

import boto3
import botocore.config
import botocore.exceptions
from boto3.s3.transfer import TransferConfig

from o2c_desktop.errors import UserError
from o2c_desktop.messages import msg
from o2c_desktop.services.cloud.outbox import DestinationUnavailable
from o2c_desktop.services.cloud.secrets import CloudSecrets
from o2c_desktop.settings import S3Settings

MB = 1024 * 1024
Outcome = Literal["uploaded", "already-present"]

_THROTTLED = {"SlowDown", "ServiceUnavailable", "503", "RequestTimeout", "InternalError", "500"}
_REJECTED = {
    "InvalidAccessKeyId",
    "SignatureDoesNotMatch",
    "ExpiredToken",
    "InvalidToken",
    "AccessDenied",
    "403",
    "TokenRefreshRequired",
}


class S3Unavailable(DestinationUnavailable):
    """S3 could not take the file now; the item stays queued and is retried."""


def object_key(prefix: str, kind: str, dataset: str, load_date: date, name: str) -> str:
    folder = "raw" if kind == "raw" else "tables"
    parts = [prefix.strip("/"), folder, dataset, f"load_date={load_date.isoformat()}", name]
    return "/".join(p for p in parts if p)


class LandingZone:
    """Uploads files to the configured bucket and proves they arrived intact."""

    def __init__(self, settings: S3Settings, secrets: CloudSecrets | None = None) -> None:
        if not settings.bucket:
            raise UserError(msg("s3.no_bucket_configured"))
        self.settings = settings
        self.bucket = settings.bucket
        session_args: dict[str, Any] = {}
        if settings.profile:
            session_args["profile_name"] = settings.profile
        if settings.keys_in_keyring:
            keys = (secrets or CloudSecrets()).aws_keys()
            session_args["aws_access_key_id"] = keys.access_key_id
            session_args["aws_secret_access_key"] = keys.secret_access_key
        try:
            session = boto3.session.Session(**session_args)
        except botocore.exceptions.ProfileNotFound as exc:
            raise UserError(
                msg("s3.no_such_profile", profile=settings.profile), details=str(exc)
            ) from exc
        config = botocore.config.Config(
            retries={"max_attempts": settings.max_attempts, "mode": "standard"},
            connect_timeout=min(settings.timeout_s, 10.0),
            read_timeout=settings.timeout_s,
            request_checksum_calculation="when_required",
        )
        self.client = session.client(
            "s3",
            region_name=settings.region or None,
            endpoint_url=settings.endpoint_url or None,
            config=config,
        )
        self.transfer = TransferConfig(
            multipart_threshold=settings.multipart_threshold_mb * MB,
            multipart_chunksize=settings.multipart_chunk_mb * MB,
        )

    @property
    def where(self) -> str:
        endpoint = self.settings.endpoint_url or "AWS"
        return f"s3://{self.bucket} ({endpoint})"

    def upload(self, path: Path, key: str, sha256: str) -> Outcome:
        """Send ``path`` to ``key`` unless it is already there with the same hash."""
        size = path.stat().st_size
        try:
            if self._present(key, sha256, size):
                return "already-present"
            self.client.upload_file(
                str(path),
                self.bucket,
                key,
                ExtraArgs={"ChecksumAlgorithm": "SHA256", "Metadata": {"sha256": sha256}},
                Config=self.transfer,
            )
            if not self._present(key, sha256, size, path=path):
                raise S3Unavailable(
                    msg("s3.checksum_mismatch", where=self.where),
                    details=f"key={key}",
                    blocking=False,
                )
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as exc:
            raise self.translate(exc) from exc
        return "uploaded"

    def _present(self, key: str, sha256: str, size: int, path: Path | None = None) -> bool:
        try:
            head = self.client.head_object(Bucket=self.bucket, Key=key, ChecksumMode="ENABLED")
        except botocore.exceptions.ClientError as exc:
            if _code(exc) in {"404", "NoSuchKey", "NotFound"}:
                return False
            raise
        if head.get("Metadata", {}).get("sha256") != sha256 or head["ContentLength"] != size:
            return False
        stored = head.get("ChecksumSHA256")
        if path is None or stored is None:
            return True
        return bool(stored.split("-")[0] == self._s3_checksum(path, size))

    def _s3_checksum(self, path: Path, size: int) -> str:
        """S3's SHA-256 of the object: of the bytes, or of the parts' digests when multipart."""
        if size < self.transfer.multipart_threshold:
            digest = hashlib.sha256(path.read_bytes()).digest()
            return base64.b64encode(digest).decode("ascii")
        parts = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(self.transfer.multipart_chunksize):
                parts.update(hashlib.sha256(chunk).digest())
        return base64.b64encode(parts.digest()).decode("ascii")

    def translate(self, exc: Exception) -> UserError:
        """The clerk's reason for an S3 failure; every one of them leaves the item queued."""
        details = f"{type(exc).__name__}: {exc}"
        if isinstance(exc, botocore.exceptions.NoCredentialsError | PartialCredentials):
            return S3Unavailable(msg("s3.no_credentials"), details=details)
        if isinstance(exc, botocore.exceptions.ClientError):
            code = _code(exc)
            if code in _THROTTLED:
                return S3Unavailable(
                    msg("s3.throttled", where=self.where, code=code), details=details
                )
            if code in _REJECTED:
                return S3Unavailable(
                    msg("s3.credentials_rejected", where=self.where, code=code), details=details
                )
            if code == "NoSuchBucket":
                return S3Unavailable(msg("s3.no_such_bucket", bucket=self.bucket), details=details)
            return S3Unavailable(msg("s3.refused", where=self.where, code=code), details=details)
        return S3Unavailable(msg("s3.no_connection", where=self.where), details=details)


PartialCredentials = botocore.exceptions.PartialCredentialsError


def _code(exc: botocore.exceptions.ClientError) -> str:
    error = exc.response.get("Error", {})
    code = str(error.get("Code") or "")
    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    if code in {"", "Unknown"} and status:
        return str(status)
    return code

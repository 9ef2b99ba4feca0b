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
            raise UserError(
                "No hay un bucket de S3 configurado. Indíquelo en cloud.s3.bucket "
                "(Configuración → Nube) o use «o2c push --snowflake» para enviar solo a "
                "Snowflake.",
                "No S3 bucket is configured. Set cloud.s3.bucket (Settings → Cloud) or use "
                "'o2c push --snowflake' to push to Snowflake only.",
            )
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
                f"No existe el perfil de AWS «{settings.profile}». Revise cloud.s3.profile o "
                "su archivo ~/.aws/config.",
                f"There is no AWS profile '{settings.profile}'. Check cloud.s3.profile or your "
                "~/.aws/config file.",
                details=str(exc),
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
                    f"El archivo enviado a {self.where} no coincide con el original "
                    "(suma SHA-256 distinta). Se reintentará.",
                    f"The file sent to {self.where} does not match the original (SHA-256 "
                    "mismatch). It will be retried.",
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
            return S3Unavailable(
                "No hay credenciales de AWS. Inicie sesión (aws sso login), configure un "
                "perfil en cloud.s3.profile o guarde llaves con «o2c s3 keys set».",
                "No AWS credentials. Sign in (aws sso login), set a profile in "
                "cloud.s3.profile or store keys with 'o2c s3 keys set'.",
                details=details,
            )
        if isinstance(exc, botocore.exceptions.ClientError):
            code = _code(exc)
            if code in _THROTTLED:
                return S3Unavailable(
                    f"{self.where} pidió bajar el ritmo o no está disponible ({code}). "
                    "El envío queda en cola y se reintentará más tarde.",
                    f"{self.where} asked to slow down or is unavailable ({code}). The push "
                    "stays queued and will be retried later.",
                    details=details,
                )
            if code in _REJECTED:
                return S3Unavailable(
                    f"{self.where} rechazó las credenciales de AWS ({code}). Renueve la sesión "
                    "(aws sso login) o revise las llaves y permisos; el envío queda en cola.",
                    f"{self.where} rejected the AWS credentials ({code}). Renew the session "
                    "(aws sso login) or check the keys and permissions; the push stays queued.",
                    details=details,
                )
            if code == "NoSuchBucket":
                return S3Unavailable(
                    f"El bucket {self.bucket} no existe. Revise cloud.s3.bucket y la región.",
                    f"The bucket {self.bucket} does not exist. Check cloud.s3.bucket and region.",
                    details=details,
                )
            return S3Unavailable(
                f"{self.where} rechazó el envío ({code}). El envío queda en cola.",
                f"{self.where} refused the upload ({code}). The push stays queued.",
                details=details,
            )
        return S3Unavailable(
            f"No hay conexión con {self.where}. Revise la red; el envío queda en cola y se "
            "reintentará.",
            f"No connection to {self.where}. Check the network; the push stays queued and will "
            "be retried.",
            details=details,
        )


PartialCredentials = botocore.exceptions.PartialCredentialsError


def _code(exc: botocore.exceptions.ClientError) -> str:
    error = exc.response.get("Error", {})
    code = str(error.get("Code") or "")
    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    if code in {"", "Unknown"} and status:
        return str(status)
    return code

"""The production profile's services, each against a real server the test starts (issue #10
point 1): stored files in a private S3 bucket (moto in server mode, over HTTP, through
django-storages and boto3), and e-mail through SMTP (aiosmtpd on a local port)."""

from __future__ import annotations

import datetime as dt
import socket
import uuid
from typing import Any

import boto3
import pytest
from botocore.config import Config
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from sehati.core.backup import backup_create, manifest_read
from sehati.core.tests.samples import PNG_BYTES
from sehati.reports.services import report_create, report_evidence_attach

pytestmark = pytest.mark.django_db

DATA = {
    "kind": "receipt",
    "received_on": dt.date(2026, 10, 1),
    "category": "other",
    "form": "goods",
    "value_idr": 750_000,
    "giver_name": "PT Contoh",
    "giver_relation": "vendor",
    "description": "Parsel",
    "place": "Kantor",
    "chronology": "Diantar kurir ke kantor.",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def s3(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A moto S3 server on a local port, a private bucket, and SEHATI's storage pointed at it as
    SEHATI_STORAGE=s3 would."""
    from moto.server import ThreadedMotoServer

    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="uji",
        aws_secret_access_key="uji-rahasia",
    )
    bucket = f"sehati-uji-{uuid.uuid4().hex[:12]}"  # moto keeps every bucket of the process
    client.create_bucket(Bucket=bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": endpoint,
                "region_name": "us-east-1",
                "access_key": "uji",
                "secret_key": "uji-rahasia",
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
                "signature_version": "s3v4",
                "addressing_style": "path",
                "client_config": Config(
                    connect_timeout=1, read_timeout=5, retries={"max_attempts": 1}
                ),
            },
        },
    }
    stopped: list[bool] = []

    def stop() -> None:  # once: a second shutdown() of the server would wait forever
        if not stopped:
            stopped.append(True)
            server.stop()

    yield client, stop, bucket
    stop()


def test_evidence_goes_to_a_private_bucket_and_comes_back_through_sehati(world, s3) -> None:
    client, _stop, bucket = s3
    budi = world.users["pelapor"]
    report, _created = report_create(actor=budi, data=DATA)
    stored = report_evidence_attach(
        report=report, actor=budi, upload=SimpleUploadedFile("foto.png", PNG_BYTES)
    )
    assert default_storage.__class__.__name__ == "S3Storage"
    listed = client.list_objects_v2(Bucket=bucket)["Contents"]
    assert [o["Key"] for o in listed] == [stored.file.name]
    body = client.get_object(Bucket=bucket, Key=stored.file.name)["Body"].read()
    assert body == PNG_BYTES
    grants = client.get_object_acl(Bucket=bucket, Key=stored.file.name)["Grants"]
    assert all("AllUsers" not in str(g.get("Grantee", {})) for g in grants)  # private
    web = Client()
    web.force_login(budi)
    url = reverse("core:file_download", kwargs={"public_id": stored.public_id})
    answer = web.get(url)
    assert answer.status_code == 200 and b"".join(answer.streaming_content) == PNG_BYTES
    # The same headers as from the local folder: a photo inline but sandboxed, never sniffed.
    assert answer["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert answer["X-Content-Type-Options"] == "nosniff"
    health = Client().get("/healthz").json()
    assert health["storage"] == {"status": "ok", "backend": "S3Storage"}


@pytest.mark.django_db(transaction=True)  # as `sehati backup` runs: outside a transaction
def test_a_backup_copies_the_bucket(world, s3, tmp_path) -> None:
    budi = world.users["pelapor"]
    report, _created = report_create(actor=budi, data=DATA)
    stored = report_evidence_attach(
        report=report, actor=budi, upload=SimpleUploadedFile("foto.png", PNG_BYTES)
    )
    result = backup_create(tmp_path / "cadangan")
    files = manifest_read(result.path)["files"]
    assert list(files) == [stored.file.name] and files[stored.file.name]["size"] == len(PNG_BYTES)
    assert (result.path / "files" / stored.file.name).read_bytes() == PNG_BYTES


def test_healthz_is_503_when_the_bucket_does_not_answer(world, s3) -> None:
    _client, stop, _bucket = s3
    stop()
    answer = Client().get("/healthz")
    assert answer.status_code == 503 and answer.json()["storage"]["status"] == "error"


@pytest.fixture
def smtp_server() -> Any:
    """aiosmtpd on a local port, keeping what it receives."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    received: list[Any] = []

    class Keep(Message):
        def handle_message(self, message: Any) -> None:
            received.append(message)

    port = _free_port()
    controller = Controller(Keep(), hostname="127.0.0.1", port=port)
    controller.start()
    yield port, received
    controller.stop()


def test_mail_goes_out_through_smtp(
    world, smtp_server, settings, django_capture_on_commit_callbacks
) -> None:
    import environ

    port, received = smtp_server
    config = environ.Env.email_url_config(f"smtp://127.0.0.1:{port}")
    for key, value in config.items():
        setattr(settings, key, value)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    from sehati.notifications.services import notice_send

    upg = world.users["upg"]
    upg.email = "upg.siti@uji.sehati.invalid"
    upg.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        notice_send(user=upg, title="Tenggat kasus GRT/2026/000001", body="Segera.", url="/kasus/")
    assert len(received) == 1
    message = received[0]
    assert message["To"] == "upg.siti@uji.sehati.invalid"
    assert "GRT/2026/000001" in message["Subject"]

"""The notice pages and the navbar bell: one's own notices only."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sehati.notifications.models import Notice
from sehati.notifications.services import notice_send

pytestmark = pytest.mark.django_db


def _notice(user: Any, title: str = "Pengingat uji", url: str = "/laporan/") -> Notice:
    return notice_send(user=user, title=title, body="Isi pemberitahuan.", url=url, email=False)


def test_list_shows_own_notices_newest_first_unread_highlighted(
    client, world, django_assert_max_num_queries
) -> None:
    budi = world.users["pelapor"]
    old = _notice(budi, "Pemberitahuan lama")
    old.read_at = old.created_at
    old.save()
    _notice(budi, "Pemberitahuan baru")
    _notice(world.users["upg"], "Milik Siti")
    client.force_login(budi)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("notifications:notice_list")).content.decode()
    assert page.index("Pemberitahuan baru") < page.index("Pemberitahuan lama")
    assert "Milik Siti" not in page
    assert page.count("list-group-item-warning") == 1  # only the unread one
    assert 'id="notice-unread">1<' in page  # the bell
    assert "Tandai semua sudah dibaca" in page


def test_empty_list(client, world) -> None:
    client.force_login(world.users["pelapor"])
    page = client.get(reverse("notifications:notice_list")).content.decode()
    assert "Belum ada pemberitahuan." in page
    assert 'id="notice-unread"' not in page


def test_list_is_paginated_by_25(client, world) -> None:
    budi = world.users["pelapor"]
    for i in range(30):
        _notice(budi, f"Nomor {i:02d}")
    client.force_login(budi)
    first = client.get(reverse("notifications:notice_list")).content.decode()
    assert "Nomor 29" in first and "Nomor 04" not in first
    second = client.get(reverse("notifications:notice_list") + "?page=2").content.decode()
    assert "Nomor 04" in second and "Nomor 29" not in second


def test_open_marks_read_and_follows_the_link(client, world) -> None:
    budi = world.users["pelapor"]
    notice = _notice(budi, url="/laporan/7/")
    client.force_login(budi)
    response = client.get(reverse("notifications:notice_open", args=[notice.pk]))
    assert response.status_code == 302 and response["Location"] == "/laporan/7/"
    notice.refresh_from_db()
    assert notice.read_at is not None


@pytest.mark.parametrize("url", ["https://jahat.example/", "//jahat.example/x", "", "/\\jahat"])
def test_open_never_leaves_the_site(client, world, url) -> None:
    budi = world.users["pelapor"]
    notice = _notice(budi, url=url)
    client.force_login(budi)
    response = client.get(reverse("notifications:notice_open", args=[notice.pk]))
    assert response["Location"] == reverse("notifications:notice_list")


def test_someone_elses_notice_is_404_and_stays_unread(client, world) -> None:
    notice = _notice(world.users["upg"])
    client.force_login(world.users["pelapor"])
    assert client.get(reverse("notifications:notice_open", args=[notice.pk])).status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_read_all_and_read_some(client, world) -> None:
    budi, siti = world.users["pelapor"], world.users["upg"]
    a, b, c = _notice(budi), _notice(budi), _notice(budi)
    theirs = _notice(siti)
    client.force_login(budi)
    url = reverse("notifications:notice_read")
    response = client.post(url, {"notice": [a.pk, theirs.pk]})
    assert response["Location"] == reverse("notifications:notice_list")
    unread = set(Notice.objects.filter(read_at__isnull=True).values_list("pk", flat=True))
    assert unread == {b.pk, c.pk, theirs.pk}
    response = client.post(url, {"next": "/laporan/"})
    assert response["Location"] == "/laporan/"
    assert set(Notice.objects.filter(read_at__isnull=True).values_list("pk", flat=True)) == {
        theirs.pk
    }
    assert client.get(url).status_code == 405


def test_read_ignores_an_unsafe_next(client, world) -> None:
    client.force_login(world.users["pelapor"])
    response = client.post(reverse("notifications:notice_read"), {"next": "https://jahat.example/"})
    assert response["Location"] == reverse("notifications:notice_list")


def test_bell_counts_unread_in_one_query(client, world, django_assert_num_queries) -> None:
    from django.template import engines
    from django.test import RequestFactory

    from sehati.accounts.context_processors import navigation

    budi = world.users["pelapor"]
    _notice(budi)
    _notice(budi)
    _notice(world.users["upg"])
    request = RequestFactory().get("/")
    request.user = budi
    context = navigation(request)
    template = engines["django"].from_string("{{ notice_unread }}")
    with django_assert_num_queries(1):
        assert template.render({"notice_unread": context["notice_unread"]}) == "2"


def test_anonymous_is_sent_to_login(client, world) -> None:
    response = client.get(reverse("notifications:notice_list"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")

"""A write refused below the writers (the quarterly lock of ``organisasi.kunci``, a model's rule across
rows such as one target per indicator per quarter) reaches the user as a message, never a 500.

The pages of the app catch the services' refusals themselves; this is for the paths that
write models directly, above all the Django admin: its add, change and delete views and its
bulk delete run in a transaction that the refusal has already rolled back when it gets here.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import resolve
from django.urls.exceptions import Resolver404

from organisasi.kunci import TulisanDitolak


class DataTerkunciMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, TulisanDitolak):
            return None
        pesan = " ".join(exception.messages)
        try:
            admin = resolve(request.path_info).namespace == "admin"
        except Resolver404:
            admin = False
        if admin:
            # Back to the page the user was on (the change form, the delete confirmation, the list).
            messages.error(request, pesan)
            return HttpResponseRedirect(request.get_full_path())
        return render(request, "403.html", {"exception": pesan}, status=409)

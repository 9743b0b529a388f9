"""requests through a Flask test client, for tests of clients of our API (the real app, no socket)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import requests
from flask import Flask
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict


class FlaskAdapter(BaseAdapter):
    """requests' transport through a Flask test client: the real app, no socket."""

    def __init__(self, server: Flask) -> None:
        super().__init__()
        self._client = server.test_client()

    def send(self, request: requests.PreparedRequest, **_: Any) -> requests.Response:  # type: ignore[override]
        headers = {**request.headers, "Accept-Encoding": "identity"}  # urllib3 would undo a compression; we cannot
        path = urlsplit(request.url).path
        answer = self._client.open(path, method=request.method, data=request.body, headers=headers)
        response = requests.Response()
        response.status_code, response._content = answer.status_code, answer.data
        response.headers = CaseInsensitiveDict(answer.headers)
        response.url, response.request = str(request.url), request
        return response

    def close(self) -> None:
        """Nothing held open."""


def through_test_client(server: Flask) -> Callable[[], requests.Session]:
    def session() -> requests.Session:
        made = requests.Session()
        made.mount("http://", FlaskAdapter(server))
        return made

    return session

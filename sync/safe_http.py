"""POSTing to webhook receivers without being turned against the registry's own network.

The URL's host is checked when a receiver registers and again before each attempt
(``webhooks.refused_address``), but a host name can resolve differently a moment later (DNS
rebinding). So the connection itself resolves the host once, refuses if any address it got
is not public, and connects to the addresses it checked. Redirects are not followed, and
no proxy from the environment is used (the check must see the real peer)."""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError


def non_public(address: str) -> bool:
    """An address the registry will not connect to: loopback, private, link-local,
    reserved, unspecified (0.0.0.0, ::), multicast, IPv4-mapped private..."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


class RefusedAddress(OSError):
    """The host resolved (at connection time) to a non-public address."""


def vetted_connection(
    host: str, port: int, timeout: Any, source_address: Any = None, socket_options: Any = None
) -> socket.socket:
    """Like urllib3's ``create_connection``, but every address is checked before any
    connection is tried, from the same resolution the connection uses."""
    host = host.strip("[]")
    found = socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)
    if not settings.WEBHOOKS_ALLOW_PRIVATE:
        for *_, address in found:
            if non_public(str(address[0])):
                raise RefusedAddress(f"The host {host!r} resolves to a non-public address.")
    error: OSError | None = None
    for family, kind, proto, _name, address in found:
        sock = socket.socket(family, kind, proto)
        try:
            for option in socket_options or ():
                sock.setsockopt(*option)
            if timeout is None or isinstance(timeout, int | float):
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(address)
            return sock
        except OSError as exc:
            error = exc
            sock.close()
    raise error or OSError("getaddrinfo returned no address")


class _Vetted:
    def _new_conn(self) -> socket.socket:
        connection: Any = self
        try:
            return vetted_connection(
                connection._dns_host,
                connection.port,
                connection.timeout,
                connection.source_address,
                connection.socket_options,
            )
        except socket.gaierror as exc:
            raise NameResolutionError(connection.host, connection, exc) from exc
        except TimeoutError as exc:
            message = f"Connection to {connection.host} timed out."
            raise ConnectTimeoutError(connection, message) from exc
        except OSError as exc:  # RefusedAddress too
            raise NewConnectionError(connection, str(exc)) from exc


class VettedHTTPConnection(_Vetted, HTTPConnection):
    pass


class VettedHTTPSConnection(_Vetted, HTTPSConnection):
    pass


class VettedHTTPPool(HTTPConnectionPool):
    ConnectionCls = VettedHTTPConnection


class VettedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = VettedHTTPSConnection


class VettedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": VettedHTTPPool,
            "https": VettedHTTPSPool,
        }


def post(url: str, **kwargs: Any) -> requests.Response:
    """``requests.post`` through connections that refuse non-public peers."""
    with requests.Session() as session:
        session.trust_env = False
        session.mount("http://", VettedAdapter())
        session.mount("https://", VettedAdapter())
        return session.post(url, allow_redirects=False, **kwargs)

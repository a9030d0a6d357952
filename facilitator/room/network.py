"""The laptop's addresses that phones can reach, and the QR code that carries the join address (segno:
SVG for the wall, text for the terminal)."""

from __future__ import annotations

import io
import ipaddress
from dataclasses import dataclass

import segno


@dataclass(frozen=True)
class Address:
    ip: str
    interface: str


def _rank(ip: ipaddress.IPv4Address) -> int:
    """Lower is likelier what phones reach: a hotspot's or a home router's network first (192.168/16),
    then the other private ranges, then anything else."""
    if ip in ipaddress.ip_network("192.168.0.0/16"):
        return 0
    if ip in ipaddress.ip_network("10.0.0.0/8"):
        return 1
    if ip in ipaddress.ip_network("172.16.0.0/12"):
        return 2
    return 3


def lan_addresses() -> list[Address]:
    """The machine's IPv4 addresses on its networks (loopback and link-local left out), likeliest first.

    A laptop with Wi-Fi and a cable has several: the first is offered, the others are printed so the
    facilitator can pick with ``--host``."""
    import ifaddr

    found: list[tuple[int, str, Address]] = []
    for adapter in ifaddr.get_adapters():
        for entry in adapter.ips:
            if not isinstance(entry.ip, str):  # IPv6 entries are tuples; phones on a hotspot get IPv4
                continue
            try:
                ip = ipaddress.IPv4Address(entry.ip)
            except ValueError:
                continue
            if ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_unspecified:
                continue
            name = adapter.nice_name or adapter.name
            found.append((_rank(ip), name, Address(str(ip), name)))
    found.sort(key=lambda t: (t[0], t[1]))
    return [a for _rank_, _name, a in dict.fromkeys(found)]


def public_host(bound: str) -> str:
    """The address to put in the join URL for a server bound to ``bound``: itself, or for every
    interface (0.0.0.0) the likeliest LAN address (loopback when the machine has none)."""
    if bound not in ("0.0.0.0", "", "::"):
        return bound
    addresses = lan_addresses()
    return addresses[0].ip if addresses else "127.0.0.1"


def qr_svg(url: str) -> str:
    """The QR code of ``url`` as an inline SVG that scales to its box (dark modules on white)."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", xmldecl=False, svgns=True, border=2, scale=1,
                                    omitsize=True, dark="#000", light="#fff")
    return out.getvalue().decode("ascii")


def qr_text(url: str) -> str:
    """The QR code of ``url`` for a terminal: half-block characters, two modules a line."""
    out = io.StringIO()
    segno.make(url, error="m").terminal(out=out, compact=True, border=2)
    return out.getvalue()


def qr_blocks(url: str) -> str:
    """The QR code of ``url`` for a large terminal: a module is two full blocks wide and one line high (about
    square in a terminal font), light modules drawn, dark ones left blank: show it light on dark."""
    rows = segno.make(url, error="m").matrix_iter(scale=1, border=2)
    return "\n".join("".join("  " if dark else "██" for dark in row) for row in rows)

"""``python -m cli token …``: make, list, rotate and revoke display and API tokens from the server's shell.

For a fresh install, before any admin can sign in, and for scripts. A new or rotated secret is
printed once (with a display's link); it is not kept anywhere, so whoever runs the command passes
it on. Each change is recorded in the audit trail as done by the command line and the system user.
"""

from __future__ import annotations

import argparse
import getpass
import socket

from store.core.access import Principal, TokenScope
from store.core.db import make_engine, make_session_factory
from store.tokens.registry import IssuedToken, TokenError, TokenInfo, TokenKind, TokenRegistry

KINDS: dict[str, TokenKind] = {"display": "display", "api": "api_client"}
DISPLAY_PATH = "/display/"


def add_token_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    token = sub.add_parser("token", help="display and API tokens: create, list, rotate, revoke")
    commands = token.add_subparsers(dest="token_command", required=True)
    create = commands.add_parser("create", help="a new token; its secret is printed once")
    create.add_argument("--kind", choices=sorted(KINDS), required=True)
    create.add_argument("--name", required=True, help="what it is: the room of a display, the system of a client")
    create.add_argument(
        "--scope", action="append", default=[], choices=[scope.value for scope in TokenScope], help="API tokens; repeat"
    )
    create.add_argument("--url", default="", help="the dashboard's address, for a display's link (https://…)")
    commands.add_parser("list", help="every token, without secrets")
    for verb, text in (("rotate", "a new secret; the old one stops at once"), ("revoke", "stop the token for good")):
        command = commands.add_parser(verb, help=text)
        command.add_argument("id", type=int)
        if verb == "rotate":
            command.add_argument("--url", default="", help="the dashboard's address, for a display's link")


def run_token_command(args: argparse.Namespace) -> None:
    """Run ``args.token_command`` on the configured database; a refused request exits 1 with its reason."""
    registry = TokenRegistry(make_session_factory(make_engine()))
    actor = Principal(kind="person", account=f"command line ({getpass.getuser()}@{socket.gethostname()})")
    try:
        if args.token_command == "create":
            _print_issued(registry.create(KINDS[args.kind], args.name, args.scope, actor=actor), args.url)
        elif args.token_command == "rotate":
            _print_issued(registry.rotate(args.id, actor=actor), args.url)
        elif args.token_command == "revoke":
            token = registry.revoke(args.id, actor=actor)
            print(f"token {token.id} ({token.name}) revoked: it is refused from now on")
        else:
            for info in registry.tokens():
                print(_line(info))
    except TokenError as refused:
        raise SystemExit(f"netpracharat: {refused}") from None


def _print_issued(issued: IssuedToken, url: str) -> None:
    token = issued.token
    print(f"token {token.id} ({token.name}), {token.kind}{_scopes(token)}")
    print(f"secret (shown once, not stored): {issued.secret}")
    if token.kind == "display":
        print(
            f"display link (open it once on the screen): {url.rstrip('/')}{DISPLAY_PATH}?display_token={issued.secret}"
        )
    else:
        print(f"send it as: Authorization: Bearer {issued.secret}")


def _scopes(token: TokenInfo) -> str:
    return f" [{', '.join(sorted(token.scopes))}]" if token.scopes else ""


def _line(info: TokenInfo) -> str:
    state = f"revoked {info.revoked_at:%Y-%m-%d %H:%M}" if info.revoked_at else "active"
    used = f"{info.last_used_at:%Y-%m-%d %H:%M} UTC" if info.last_used_at else "never"
    return (
        f"{info.id:>4}  {info.kind:<10} {info.prefix}…  {info.name}{_scopes(info)}  "
        f"{state}; made {info.created_at:%Y-%m-%d} by {info.created_by}; last used {used}"
    )

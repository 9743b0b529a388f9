"""Single sign-on through OpenID Connect: its settings, and what an identity provider's claims make of
an account. Optional: without ``OIDC_ISSUER`` nothing of it is active and the password sign-in is all.

| variable | effect |
| --- | --- |
| ``OIDC_ISSUER`` | the provider's issuer URL; discovery reads its ``/.well-known/openid-configuration`` |
| ``OIDC_CLIENT_ID``, ``OIDC_CLIENT_SECRET`` | the dashboard's client at the provider; required with ``OIDC_ISSUER`` |
| ``OIDC_ROLE_CLAIM`` | the claim that names the role (default ``netdash_role``): a text, or a list of texts |
| ``OIDC_ROLE_MAP`` | ``value=role,...``: the provider's values to ours (default: admin, executive, officer) |
| ``OIDC_PROVINCES_CLAIM`` | the claim that lists the provinces' two-digit codes (default ``netdash_provinces``) |
| ``OIDC_SCOPES`` | the scopes asked for (default ``openid email profile``) |
| ``OIDC_EMAIL_CLAIM`` | the claim with the person's e-mail address (default ``email``) |
| ``OIDC_TRUST_EMAIL`` | ``1``: that address is taken as verified without ``email_verified`` (default off) |

``OIDC_TRUST_EMAIL`` is for a ministry's own directory whose addresses it assigns itself, such as
Azure AD's ``preferred_username`` in a single-tenant app, which sends no ``email_verified``.

The identity provider is the source of truth for the role and provinces of the people it signs in:
they are read from the ID token at every sign-in. Only a person's roles can come from it (admin,
executive, officer): a display's or an API client's never.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final, Literal

from store.accounts.directory import PERSON_ROLES
from store.core.access import Role

DEFAULT_ROLE_CLAIM: Final = "netdash_role"
DEFAULT_PROVINCES_CLAIM: Final = "netdash_provinces"
DEFAULT_SCOPES: Final = "openid email profile"
PROVINCE_CODE = re.compile(r"^\d{2}$")

RefusalReason = Literal["no_role", "no_verified_email", "bad_provinces", "no_subject", "inactive"]


@dataclass(frozen=True)
class OidcSettings:
    issuer: str
    client_id: str
    client_secret: str = field(repr=False)
    role_claim: str = DEFAULT_ROLE_CLAIM
    role_map: Mapping[str, Role] = field(default_factory=lambda: {role.value: role for role in PERSON_ROLES})
    provinces_claim: str = DEFAULT_PROVINCES_CLAIM
    scopes: str = DEFAULT_SCOPES
    email_claim: str = "email"
    trust_email: bool = False

    @property
    def metadata_url(self) -> str:
        """OpenID Connect discovery, on the issuer's own host (works inside a network without internet)."""
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"


class SignOnRefused(Exception):
    """Claims that give no account here: the person is told why (Thai and English), the audit trail too."""

    def __init__(self, reason: RefusalReason, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class SignOnGrant:
    """What the provider's claims say: who (its issuer and subject; the e-mail when verified), and
    what role and provinces the account gets."""

    identity: str
    email: str | None
    role: Role
    provinces: tuple[str, ...]


def oidc_settings(environ: Mapping[str, str]) -> OidcSettings | None:
    """The single sign-on of ``environ``; None when ``OIDC_ISSUER`` is not set. A partial or wrong
    configuration stops the start with one line (a deployment must not run with sign-on half set)."""
    issuer, client_id, secret = (
        environ.get(name, "").strip() for name in ("OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET")
    )
    if not (issuer or client_id or secret):
        return None
    if not (issuer and client_id and secret):
        raise SystemExit(
            "netpracharat: OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are set together or not at all"
        )
    if not issuer.startswith(("https://", "http://")):
        raise SystemExit(f"netpracharat: OIDC_ISSUER is the provider's issuer URL (https://...), got {issuer!r}")
    return OidcSettings(
        issuer=issuer,
        client_id=client_id,
        client_secret=secret,
        role_claim=environ.get("OIDC_ROLE_CLAIM", "").strip() or DEFAULT_ROLE_CLAIM,
        role_map=_role_map(environ.get("OIDC_ROLE_MAP", "")),
        provinces_claim=environ.get("OIDC_PROVINCES_CLAIM", "").strip() or DEFAULT_PROVINCES_CLAIM,
        scopes=environ.get("OIDC_SCOPES", "").strip() or DEFAULT_SCOPES,
        email_claim=environ.get("OIDC_EMAIL_CLAIM", "").strip() or "email",
        trust_email=_flag(environ, "OIDC_TRUST_EMAIL"),
    )


def _flag(environ: Mapping[str, str], name: str) -> bool:
    raw = environ.get(name, "").strip().lower()
    if raw not in ("", "0", "off", "1", "on"):
        raise SystemExit(f"netpracharat: {name} is 1 (on) or 0 (off), got {raw!r}")
    return raw in ("1", "on")


def _role_map(raw: str) -> dict[str, Role]:
    """``value=role,...``; only a person's roles may be targets."""
    if not raw.strip():
        return {role.value: role for role in PERSON_ROLES}
    mapping: dict[str, Role] = {}
    for pair in raw.split(","):
        value, _, role = pair.partition("=")
        if role.strip() not in {r.value for r in PERSON_ROLES} or not value.strip():
            raise SystemExit(
                f"netpracharat: OIDC_ROLE_MAP is value=role pairs (admin, executive, officer), got {pair!r}"
            )
        mapping[value.strip()] = Role(role.strip())
    return mapping


def sign_on_grant(claims: Mapping[str, object], settings: OidcSettings) -> SignOnGrant:
    """The account the validated ID token's ``claims`` ask for; ``SignOnRefused`` when they give none."""
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject:
        raise SignOnRefused("no_subject")
    email = claims.get(settings.email_claim)
    verified = settings.trust_email or claims.get("email_verified") is True
    verified = verified and isinstance(email, str) and "@" in email
    return SignOnGrant(
        identity=f"{settings.issuer.rstrip('/')} {subject}",
        email=str(email).strip().lower() if verified else None,
        role=_role(claims.get(settings.role_claim), settings),
        provinces=_provinces(claims.get(settings.provinces_claim)),
    )


def _role(value: object, settings: OidcSettings) -> Role:
    """Exactly one of our roles among the claim's values (others, such as other applications' roles, are ignored)."""
    values = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    roles = {settings.role_map[v] for v in values if isinstance(v, str) and v in settings.role_map}
    if len(roles) != 1:
        shown = ", ".join(str(v) for v in values)[:200] if values else "missing"
        raise SignOnRefused("no_role", f"{settings.role_claim}: {shown}")
    return roles.pop()


def _provinces(value: object) -> tuple[str, ...]:
    """Two-digit codes, from a list or from a text separated by spaces or commas."""
    if value is None:
        return ()
    codes = value.replace(",", " ").split() if isinstance(value, str) else value if isinstance(value, list) else None
    if codes is None or not all(isinstance(code, str) and PROVINCE_CODE.match(code) for code in codes):
        raise SignOnRefused("bad_provinces", str(value)[:200])
    return tuple(sorted(set(codes)))

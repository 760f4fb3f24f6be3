"""Synthetic scenarios and a minimal HTTP client for the simulator tests.

The login crypto is done here with ``cryptography`` directly so these tests do not depend on
the client library.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import aiohttp
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from solixsim import CloudSimulator

EMAIL = "tester@example.com"
PASSWORD = "s3cret-Pass"
USER_ID = "0123456789abcdef0123456789abcdef01234567"
SITE_ID = "0a1b2c3d-1111-2222-3333-444455556666"
MEMBER_SITE_ID = "9f8e7d6c-aaaa-bbbb-cccc-ddddeeeeffff"
SB3_SN = "SB3TESTSERIAL0001"
SB1_SN = "SB1TESTSERIAL001"
SCENE_TIME = "2025-06-04 12:00:00"
UTC_OFFSET_MINUTES = 120
# SCENE_TIME in the scenario's local time (UTC+2) as Unix seconds.
BASE_TS = datetime(2025, 6, 4, 12, 0, tzinfo=timezone(timedelta(hours=2))).timestamp()
COMMON_HEADERS = {
    "content-type": "application/json",
    "model-type": "DESKTOP",
    "app-name": "anker_power",
    "os-type": "android",
    "country": "DE",
    "timezone": "GMT+02:00",
}


def envelope(data: Any, code: int = 0, msg: str = "success!") -> dict[str, Any]:
    """An export file envelope."""
    return {"code": code, "msg": msg, "data": data, "trace_id": "0" * 32}


def write_json(folder: Path, name: str, content: Any) -> None:
    """Write ``<name>.json``."""
    (folder / f"{name}.json").write_text(json.dumps(content), encoding="utf-8")


def _site(site_id: str, ms_type: int, site_type: int, models: list[str]) -> dict[str, Any]:
    """A site_list entry."""
    return {
        "site_id": site_id,
        "site_name": "Test site",
        "ms_type": ms_type,
        "power_site_type": site_type,
        "current_site_device_models": models,
        "site_device_list": [],
    }


def _scene(site_id: str, serial: str, model: str) -> dict[str, Any]:
    """A small scene info ``data``."""
    return {
        "site_id": site_id,
        "solarbank_info": {
            "solarbank_list": [
                {
                    "device_pn": model,
                    "device_sn": serial,
                    "battery_power": "55",
                    "photovoltaic_power": "400",
                    "output_power": "200",
                    "status": "1",
                }
            ],
            "total_photovoltaic_power": "400",
            "total_output_power": "200.00",
            "total_battery_power": "0.55",
            "updated_time": SCENE_TIME,
            "is_display_data": True,
        },
        "retain_load": "200W",
    }


def build_scenario(
    folder: Path, *, ms_type: int = 1, country: str = "DE", with_member_site: bool = False
) -> Path:
    """Write a synthetic SB3 scenario (plus legacy and ignored files) and return its folder."""
    folder.mkdir(parents=True)
    write_json(
        folder,
        "scenario",
        {
            "description": "synthetic test scenario",
            "account": {
                "email": EMAIL,
                "password": PASSWORD,
                "country": country,
                "user_id": USER_ID,
                "nick_name": "tes***",
            },
            "utc_offset_minutes": UTC_OFFSET_MINUTES,
        },
    )
    sites = [_site(SITE_ID, ms_type, 12, ["A17C5"])]
    if with_member_site:
        sites.append(_site(MEMBER_SITE_ID, 2, 12, ["A17C5"]))
    write_json(folder, "site_list", envelope({"site_list": sites}))
    write_json(folder, f"scene_{SITE_ID}", envelope(_scene(SITE_ID, SB3_SN, "A17C5")))
    write_json(folder, "bind_devices", envelope({"data": [{"device_sn": SB3_SN}]}))
    write_json(
        folder,
        "ota_batch",
        envelope({"update_infos": [{"device_sn": SB3_SN}, {"device_sn": "OTHER0000000001"}]}),
    )
    write_json(
        folder,
        f"device_attrs_{SB3_SN}",
        envelope({"device_sn": SB3_SN, "attributes": {"rssi": "-40", "pv_power_limit": 3600}}),
    )
    write_json(folder, f"device_parm_6_{SITE_ID}", envelope({"param_data": '{"mode_type":1}'}))
    write_json(
        folder,
        f"energy_solarbank_{SITE_ID}",
        envelope(
            {
                "power": [
                    {"time": "2025-06-03", "value": "1.5"},
                    {"time": "2025-06-04", "value": "2.5"},
                ]
            }
        ),
    )
    write_json(folder, f"price_{SITE_ID}", envelope({"site_id": SITE_ID, "price": 0.3}))
    # Legacy: data-only file under an old name, and files that are not responses.
    write_json(folder, "site_rules", {"rule_list": [{"power_site_type": 12}]})
    write_json(folder, "api_sites", {"not": "a response"})
    (folder / "export.log").write_text("log", encoding="utf-8")
    return folder


def encrypt_password(server_public_key_hex: str, password: str) -> tuple[str, str]:
    """(client public key hex, Base64 password) as the app computes them (§2.2)."""
    client_key = ec.generate_private_key(ec.SECP256R1())
    server_key = ec.EllipticCurvePublicKey.from_encoded_point(
        ec.SECP256R1(), bytes.fromhex(server_public_key_hex)
    )
    secret = client_key.exchange(ec.ECDH(), server_key)
    padder = padding.PKCS7(128).padder()
    padded = padder.update(password.encode()) + padder.finalize()
    encryptor = Cipher(algorithms.AES(secret), modes.CBC(secret[:16])).encryptor()
    ciphertext = encryptor.update(padded) + encryptor.finalize()
    public = client_key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    return public.hex(), base64.b64encode(ciphertext).decode()


@dataclass
class Answer:
    """Status, raw text and (when JSON) the parsed body of a response."""

    status: int
    text: str
    headers: dict[str, str]
    json: Any = None


@dataclass
class SimClient:
    """A minimal cloud client for tests: login and raw requests."""

    sim: CloudSimulator
    url: str
    session: aiohttp.ClientSession
    token: str = ""
    user_id: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def headers(self) -> dict[str, str]:
        """Common headers plus the token headers after a login."""
        headers = dict(COMMON_HEADERS)
        if self.token:
            headers["x-auth-token"] = self.token
            headers["gtoken"] = hashlib.md5(self.user_id.encode()).hexdigest()
        return headers

    async def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        """Send a request with a JSON body (``{}`` by default)."""
        data = json.dumps({} if body is None else body)
        async with self.session.request(
            method, f"{self.url}/{path}", data=data, headers=headers or self.headers()
        ) as response:
            text = await response.text()
            try:
                parsed = json.loads(text)
            except ValueError:
                parsed = None
            return Answer(response.status, text, dict(response.headers), parsed)

    async def post(self, path: str, body: Any = None) -> Answer:
        """POST with the current headers."""
        return await self.request("POST", path, body)

    def login_body(self, email: str = EMAIL, password: str = PASSWORD) -> dict[str, Any]:
        """A login body with the password encrypted against the simulator key."""
        public_key, encrypted = encrypt_password(self.sim.public_key_hex, password)
        return {
            "ab": "DE",
            "client_secret_info": {"public_key": public_key},
            "enc": 0,
            "email": email,
            "password": encrypted,
            "time_zone": 7200000,
            "transaction": "1749031200000",
        }

    async def login(self, email: str = EMAIL, password: str = PASSWORD) -> Answer:
        """Log in; on success keep the token for later requests."""
        answer = await self.request(
            "POST", "passport/login", self.login_body(email, password), dict(COMMON_HEADERS)
        )
        if answer.json and answer.json.get("code") == 0:
            self.token = answer.json["data"]["auth_token"]
            self.user_id = answer.json["data"]["user_id"]
        return answer

"""Scenario folders: envelopes, legacy names, data-only files, modified variants, meta defaults."""

from __future__ import annotations

import hashlib
from pathlib import Path

from solixsim import ScenarioStore
from tests.sim.helpers import EMAIL, MEMBER_SITE_ID, SITE_ID, build_scenario, envelope, write_json


def test_store_reads_envelopes_and_ignores_non_responses(scenario: Path) -> None:
    store = ScenarioStore.load(scenario)
    names = store.names()
    assert "site_list" in names
    assert f"scene_{SITE_ID}" in names
    assert not any(name.startswith(("api_", "scenario", "export")) for name in names)
    assert store.site_ids() == [SITE_ID]
    assert store.meta.email == EMAIL
    assert store.meta.utc_offset_minutes == 120


def test_legacy_names_and_data_only_files_are_normalised(tmp_path: Path) -> None:
    folder = build_scenario(tmp_path / "legacy")
    write_json(folder, f"device_parm_{SITE_ID}", envelope({"param_data": '{"ranges":[]}'}))
    store = ScenarioStore.load(folder)
    rules = store.get("list_site_rules")
    assert rules == {
        "code": 0,
        "msg": "success!",
        "data": {"rule_list": [{"power_site_type": 12}]},
        "trace_id": "",
    }
    assert store.data(f"device_parm_4_{SITE_ID}") == {"param_data": '{"ranges":[]}'}
    assert "site_rules" not in store.names()


def test_modified_variant_wins_and_put_stays_in_memory(scenario: Path) -> None:
    write_json(scenario, f"device_parm_6_modified_{SITE_ID}", envelope({"param_data": "{}"}))
    store = ScenarioStore.load(scenario)
    assert store.data(f"device_parm_6_{SITE_ID}") == {"param_data": "{}"}
    store.put(f"price_{SITE_ID}", envelope({"price": 0.5}))
    assert store.data(f"price_{SITE_ID}") == {"price": 0.5}
    assert ScenarioStore.load(scenario).data(f"price_{SITE_ID}")["price"] == 0.3


def test_get_returns_deep_copies(scenario: Path) -> None:
    store = ScenarioStore.load(scenario)
    first = store.get("site_list")
    assert first is not None
    first["data"]["site_list"].clear()
    assert store.site_ids() == [SITE_ID]
    assert store.get("no_such_file") is None
    assert store.data("no_such_file") is None


def test_meta_defaults_without_scenario_json(tmp_path: Path) -> None:
    folder = tmp_path / "plain_export"
    folder.mkdir()
    write_json(folder, "site_list", envelope({"site_list": []}))
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    store = ScenarioStore.load(folder)
    meta = store.meta
    assert (meta.email, meta.password, meta.country) == (
        "demo@example.com",
        "demo-password",
        "DE",
    )
    assert meta.nick_name == "dem***"
    assert meta.utc_offset_minutes == 60
    assert meta.user_id == hashlib.sha1(b"plain_export").hexdigest()
    assert store.names() == ["site_list"]
    assert store.is_owner() is True


def test_ownership_by_ms_type(tmp_path: Path) -> None:
    store = ScenarioStore.load(build_scenario(tmp_path / "mixed", with_member_site=True))
    assert store.is_owner(SITE_ID) is True
    assert store.is_owner(MEMBER_SITE_ID) is False
    assert store.is_owner() is True
    member = ScenarioStore.load(build_scenario(tmp_path / "member", ms_type=2))
    assert member.is_owner() is False
    assert member.is_owner(SITE_ID) is False


def test_export_without_scenario_json_takes_the_country_of_its_account_cache(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "us_export"
    folder.mkdir()
    write_json(folder, "site_list", envelope({"site_list": []}))
    write_json(folder, "api_account", {"email": "someone@example.org", "country": "us"})
    meta = ScenarioStore.load(folder).meta
    assert (meta.email, meta.password, meta.country) == ("demo@example.com", "demo-password", "US")


def test_scenario_json_wins_over_the_account_cache(tmp_path: Path) -> None:
    folder = build_scenario(tmp_path / "with_meta")
    write_json(folder, "api_account", {"country": "US"})
    broken = tmp_path / "broken_cache"
    broken.mkdir()
    (broken / "api_account.json").write_text("[1, 2", encoding="utf-8")
    assert ScenarioStore.load(folder).meta.country == "DE"
    assert ScenarioStore.load(broken).meta.country == "DE"

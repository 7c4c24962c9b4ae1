"""Random but valid application records for the parser's round trips (Hypothesis strategies),
and the comparison that ignores what paper cannot say (the order of ticked boxes)."""

from __future__ import annotations

import copy
import datetime as dt
import typing
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from forms.common import InnovationKind
from forms.kinds import get_kind
from tests.conftest import example_data

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田"
            "董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢")
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰飞鹏宇浩然欣怡子涵晨𠮷〇"
HANZI = ("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也"
         "能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实"
         "加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与"
         "关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最"
         "立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山"
         "统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保"
         "治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风"
         "切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元"
         "况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深"
         "难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选"
         "标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细"
         "引听该铁价严龙飞")
ASCII = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
PUNCT = "，。、；：？！（）《》“”%.-/&<>'\"+=_#@￥¥〇𠮷"
ALPHABET = HANZI + ASCII + PUNCT + "  "


def text(min_size: int = 1, max_size: int = 30, newlines: bool = False) -> Any:
    alphabet = ALPHABET + ("\n" if newlines else "")
    return (st.text(alphabet=alphabet, min_size=min_size, max_size=max_size)
            .map(lambda s: "\n".join(part.strip(" ") for part in s.split("\n")).strip())
            .filter(lambda s: len(s) >= min_size and "\n\n" not in s))


names = st.builds(lambda s, g: s + g, st.sampled_from(SURNAMES),
                  st.text(alphabet=GIVEN, min_size=1, max_size=2))
dates = st.dates(dt.date(1960, 1, 1), dt.date(2004, 12, 31))
KINDS = typing.get_args(InnovationKind)


@st.composite
def member(draw: st.DrawFn) -> dict[str, Any]:
    return {"name": draw(names), "gender": draw(st.sampled_from(["男", "女"])),
            "birth_date": draw(dates).isoformat(),
            "education": draw(st.sampled_from(["大学本科", "硕士研究生", "大学专科", "中专/高中"])),
            "title": draw(text(0, 12)), "speciality": draw(text(1, 12))}


@st.composite
def application_data(draw: st.DrawFn) -> dict[str, Any]:
    data = copy.deepcopy(example_data("application"))
    data["studio"]["kinds"] = draw(st.lists(st.sampled_from(KINDS), min_size=1, max_size=5,
                                            unique=True))
    data["studio"]["category"] = draw(st.sampled_from(["劳模", "先进", "技师"]))
    data["host_unit"]["sector_kind"] = draw(st.sampled_from(["行业", "街镇", "直属"]))
    data["host_unit"]["address"] = draw(text(1, 60))
    data["host_unit"]["contact"] = draw(st.one_of(st.just(""), names))
    data["leader"]["name"] = draw(names)
    data["leader"]["post"] = draw(text(1, 20))
    data["leader"]["title"] = draw(text(0, 20))
    data["leader"]["expertise"] = draw(text(0, 300, newlines=True))
    data["leader"]["in_service"] = draw(st.booleans())
    data["team"] = draw(st.lists(member(), min_size=3, max_size=7))
    data["projects"] = [
        {"name": draw(text(1, 40)), "year": draw(st.integers(2000, 2100)),
         "goal": draw(text(0, 200, newlines=True))}
        for _ in range(draw(st.integers(1, 3)))]
    data["work_plan"] = draw(text(1, 600, newlines=True))
    data["achievements"] = [
        {"name": draw(text(1, 40)), "year": draw(st.integers(2000, 2100)),
         "summary": draw(text(1, 400, newlines=True)),
         "economic_benefit": draw(st.one_of(st.none(), st.decimals(
             0, 99999999, places=2).map(str))),
         "social_benefit": draw(text(0, 100, newlines=True)),
         "applied_in": draw(text(1, 60))}
        for _ in range(draw(st.integers(1, 3)))]
    data["site"]["area_m2"] = str(draw(st.decimals(Decimal("0.1"), 9999, places=1)))
    data["site"]["rules"] = draw(text(1, 300, newlines=True))
    data["opinions"]["unit_union"] = {
        "text": draw(text(0, 120, newlines=True)), "signatory": draw(st.one_of(st.just(""), names)),
        "sealed": False, "date": draw(st.one_of(st.none(), st.dates(dt.date(2020, 1, 1),
                                                                   dt.date(2030, 12, 31)))),
    }
    if data["opinions"]["unit_union"]["date"] is not None:
        data["opinions"]["unit_union"]["date"] = data["opinions"]["unit_union"]["date"].isoformat()
    return data


def comparable(record: BaseModel) -> dict[str, Any]:
    """The record as paper can hold it: ticked choices in the template's order."""
    dumped = record.model_dump()
    dumped["studio"]["kinds"] = [k for k in KINDS if k in dumped["studio"]["kinds"]]
    return dumped


@settings(max_examples=20, deadline=None)
@given(application_data())
def test_the_strategy_makes_records_the_schema_accepts(data: dict[str, Any]) -> None:
    record, result = get_kind("application").check(data)
    assert record is not None, [i.text() for i in result.issues]

"""Random but realistic application records for the parser corpus: zh_CN names, units and
long texts, with the characters OCR finds hard (〇 in dates written out, 𠮷, ￥, R&D, A<B)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from forms.naming import compose_name

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
            "彭曾萧田董潘袁蔡蒋余杜叶程魏苏吕丁沈姚卢")
GIVEN = ["建国", "志强", "丽华", "晓东", "敏", "静", "伟", "海燕", "文杰", "秀英", "国平", "建华",
         "婷", "磊", "子涵", "欣怡", "浩然", "桂兰", "玉梅", "卫东", "𠮷", "晨阳", "立新", "红梅"]
PLACES = ["杨浦", "五角场", "江浦", "长白", "延吉", "控江", "殷行", "新江湾", "定海", "平凉"]
TRADES = [("精密机械", "数控加工"), ("电力设备", "配电运维"), ("医疗器械", "精密装配"),
          ("轨道交通", "信号维护"), ("纺织科技", "智能纺纱"), ("环境工程", "污水处理"),
          ("建筑设计", "结构设计"), ("食品", "质量检验"), ("汽车零部件", "焊接工艺"),
          ("信息技术", "软件测试")]
POSTS = ["车间主任", "技术总监", "班组长", "高级工程师", "首席技师", "质量经理", "工艺主管"]
TITLES = ["工程师", "高级工程师", "助理工程师", "技师", "高级技师", "高级工", ""]
EDU = ["博士研究生", "硕士研究生", "大学本科", "大学专科", "中专/高中"]
PHRASES = [
    "针对生产中{x}的难题，团队开展技术攻关", "形成标准作业指导书一项", "合格率由92%提升至98.5%",
    "年节约成本约￥35万元", "申请发明专利一项、实用新型专利两项",
    "在二〇二五年区职工技能竞赛中获奖",
    "建立R&D数据平台，实现A<B类设备分级管理", "组织师徒带教，培养青年技术骨干5名",
    "完成{x}工艺验证并在三个车间推广", "开展QC小组活动，解决现场问题12项",
    "与同济大学、上海理工大学开展产学研合作", "编写培训教材《{x}实务》一册",
]


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _text(rng: random.Random, topic: str, sentences: tuple[int, int]) -> str:
    parts = [rng.choice(PHRASES).format(x=topic) for _ in range(rng.randint(*sentences))]
    return "，".join(parts) + "。"


def _date(rng: random.Random, start: int, end: int) -> str:
    return (dt.date(start, 1, 1) + dt.timedelta(days=rng.randint(0, (end - start) * 365))
            ).isoformat()


def realistic_record(rng: random.Random, record_id: str, year: int = 2026) -> dict[str, Any]:
    trade, direction = rng.choice(TRADES)
    place = rng.choice(PLACES)
    unit = f"上海{place}{trade}有限公司"
    leader = _name(rng)
    category = rng.choice(["劳模", "先进", "技师"])
    honour = {"劳模": "劳动模范", "先进": "先进个人", "技师": "高级技师"}[category]
    kinds = rng.sample(["科技创新", "技能创新", "管理创新", "服务创新", "机制创新"],
                       rng.randint(1, 3))
    team = [{"name": _name(rng), "gender": rng.choice(["男", "女"]),
             "birth_date": _date(rng, 1970, 2002), "education": rng.choice(EDU),
             "title": rng.choice(TITLES), "speciality": rng.choice([direction, "设备维护",
                                                                     "工艺设计", "质量管理"])}
            for _ in range(rng.randint(3, 6))]
    return {
        "record_id": record_id, "year": year,
        "fill_date": f"{year}-{rng.randint(9, 12):02d}-{rng.randint(1, 28):02d}",
        "studio": {"name": compose_name(leader, direction, category), "category": category,
                   "kinds": kinds, "direction": direction},
        "host_unit": {"name": unit, "credit_code": "91310110MA1G8XKJ3A",
                      "sector_kind": rng.choice(["行业", "街镇", "直属"]),
                      "sector_union": f"杨浦区{place}街道总工会", "unit_union": f"{unit}工会",
                      "address": f"上海市杨浦区{place}路{rng.randint(1, 2000)}号",
                      "contact": _name(rng), "phone": f"021-6{rng.randint(1000000, 9999999)}"},
        "leader": {"name": leader, "gender": rng.choice(["男", "女"]),
                   "birth_date": _date(rng, 1966, 1990), "political_status": "中共党员",
                   "education": rng.choice(EDU), "post": rng.choice(POSTS),
                   "title": rng.choice(TITLES), "skill_grade": "高级技师",
                   "honours": [{"level": "市级", "kind": honour,
                                "year": rng.randint(2015, year - 1)}],
                   "union_in_yangpu": True, "in_service": True,
                   "expertise": _text(rng, direction, (2, 4))},
        "team": team,
        "projects": [{"name": f"{direction}{rng.choice(['效率提升', '质量攻关', '智能化改造'])}"
                              f"项目（{i + 1}）",
                      "year": year, "goal": _text(rng, direction, (1, 3))}
                     for i in range(rng.randint(1, 3))],
        "work_plan": "\n".join(f"{q}季度：{_text(rng, direction, (1, 2))}"
                               for q in ("一", "二", "三", "四")),
        "achievements": [{"name": f"{direction}{rng.choice(['新方法', '改进装置', '工艺优化'])}",
                          "year": year - rng.randint(0, 1),
                          "summary": _text(rng, direction, (3, 6)),
                          "economic_benefit": f"{rng.randint(1, 300)}.{rng.randint(0, 99):02d}",
                          "social_benefit": _text(rng, direction, (1, 2)),
                          "applied_in": f"本公司及区内{rng.randint(2, 6)}家企业"}
                         for _ in range(rng.randint(1, 2))],
        "site": {"address": f"上海市杨浦区{place}路{rng.randint(1, 2000)}号{rng.randint(1, 9)}楼",
                 "area_m2": f"{rng.randint(30, 400)}", "equipment": _text(rng, direction, (1, 2)),
                 "rules": "《工作室学习交流制度》《技术攻关项目管理办法》《经费使用管理办法》",
                 "activity_plan": "每月一次技术沙龙，每季度一次成果交流。"},
        "opinions": {
            "unit_union": {"text": "同意推荐。", "signatory": _name(rng), "sealed": False,
                           "date": f"{year}-12-0{rng.randint(1, 9)}"},
            "unit_party_admin": {"text": "同意。", "signatory": "", "sealed": False,
                                 "date": None},
            "sector_union": {"text": "", "signatory": "", "sealed": False, "date": None},
            "district_union": {"text": "", "signatory": "", "sealed": False, "date": None},
        },
    }

"""What the demo set is made of: twelve enterprises of the five pilot industries, each with the stage
it is taken to, and their certification forms, pool-entry applications and self-assessments."""

from __future__ import annotations

from dataclasses import dataclass

from harbin_app.services.validators import credit_code_check_char

# stages, in the order a flow passes them
CERT_DRAFT, CERT_SUBMITTED, CERT_REJECTED, CERTIFIED = "cert_draft", "cert_submitted", "cert_rejected", "certified"
POOL_DRAFT, POOL_SUBMITTED, POOL_REJECTED, POOL_STAMP, POOL_STAMP_REVIEW, POOLED = (
    "pool_draft", "pool_submitted", "pool_rejected", "pool_stamp", "pool_stamp_review", "pooled",
)


@dataclass(frozen=True)
class Firm:
    username: str
    name: str
    industry: str
    district: str
    products: str
    stage: str
    contact: str
    capital: str
    staff: str
    projects: tuple[tuple[str, str, str], ...] = ()  # (name, content, investment 万元)


def credit_code(n: int) -> str:
    body = f"91230100MA{n:07d}"
    return body + credit_code_check_char(body)


MES = ("生产执行系统（MES）建设项目", "建设覆盖主要车间的生产执行系统，实现工单下达、报工、质量追溯与设备数据采集，"
       "并与现有ERP系统打通，生产进度实时可见。", "280")
IOT = ("设备联网与数据采集平台建设项目", "对关键加工设备加装采集终端，建设设备联网平台，实时采集设备状态、能耗与加工参数，"
       "形成设备综合效率分析看板。", "120.5")
QMS = ("质量管理系统升级项目", "建设质量管理系统，覆盖来料检验、过程检验和成品检验，检验数据自动采集，"
       "不合格品全流程闭环处理，质量问题可追溯到批次。", "96")
WMS = ("智能仓储物流系统建设项目", "建设仓储管理系统与条码体系，实现原料、半成品、成品出入库扫码管理，"
       "库存实时准确，与生产计划联动配送。", "150")

FIRMS: tuple[Firm, ...] = (
    Firm("qiye", "哈尔滨东盛电气设备有限公司", "电气装备制造业", "香坊区", "高低压开关柜、箱式变电站", POOLED,
         "张伟", "6800", "420", (MES, IOT)),
    Firm("demo02", "哈尔滨航宇精密制造有限公司", "航空航天设备制造业", "平房区", "航空发动机精密零部件", POOLED,
         "刘洋", "12000", "680", (MES, QMS)),
    Firm("demo03", "黑龙江龙锅动力装备有限公司", "锅炉及原动装备制造业", "道里区", "电站锅炉、工业锅炉", POOL_STAMP_REVIEW,
         "王磊", "9500", "530", (IOT,)),
    Firm("demo04", "哈尔滨北药生物制药有限公司", "药品生产制造业", "呼兰区", "中成药、化学药制剂", POOL_SUBMITTED,
         "陈静", "15000", "760", (QMS, WMS)),
    Firm("demo05", "哈尔滨松江食品科技有限公司", "食品精深加工及食品制造业", "松北区", "速冻食品、肉制品", POOL_REJECTED,
         "赵敏", "4200", "310", (WMS,)),
    Firm("demo06", "哈尔滨华电智能电器有限公司", "电气装备制造业", "南岗区", "智能断路器、电力仪表", POOL_STAMP,
         "孙强", "3600", "260", (IOT,)),
    Firm("demo07", "哈尔滨天翼航空部件有限公司", "航空航天设备制造业", "平房区", "航空结构件、工装夹具", POOL_DRAFT,
         "周婷", "5200", "290", (MES,)),
    Firm("demo08", "哈尔滨冰城乳业有限公司", "食品精深加工及食品制造业", "阿城区", "液态奶、奶粉", CERTIFIED,
         "吴刚", "8000", "450"),
    Firm("demo09", "哈尔滨锅炉辅机制造有限公司", "锅炉及原动装备制造业", "香坊区", "锅炉辅机、换热器", CERT_SUBMITTED,
         "郑红", "2800", "180"),
    Firm("demo10", "哈尔滨康源制药有限公司", "药品生产制造业", "道外区", "原料药、片剂", CERT_REJECTED,
         "冯军", "6100", "340"),
    Firm("demo11", "哈尔滨北大荒粮食深加工有限公司", "食品精深加工及食品制造业", "双城区", "大米、杂粮深加工产品", CERT_DRAFT,
         "何丽", "7300", "390"),
    Firm("demo12", "哈尔滨科迈新材料有限公司", "其他", "松北区", "碳纤维复合材料", CERT_SUBMITTED,
         "高峰", "3000", "150"),
)
DEMO_ENTERPRISE = FIRMS[0]  # the account listed in the README


def certification_form(n: int, f: Firm) -> dict[str, str]:
    return {
        "company_name": f.name, "established": f"{2003 + n % 15}-0{1 + n % 9}-1{n % 9}", "credit_code": credit_code(n),
        "industry": f.industry, "contact": f.contact, "phone": f"0451-8{n:03d}6{n:03d}"[:13],
        "registered_capital": f.capital, "email": f"contact{n:02d}@example.cn", "scale": f.staff,
        "province": "黑龙江省", "city": "哈尔滨市", "district": f.district, "address_detail": f"工业大道 {100 + n} 号",
        "website": f"https://www.example{n:02d}.cn", "intro": f"主要从事{f.products}的研发、生产与销售。",
    }


def pool_entry_content(f: Firm, evidence: dict) -> dict:
    return {
        "basic": {"main_products": f.products, "last_year_revenue": str(int(f.capital) * 2), "employees": f.staff,
                  "above_scale": "规上", "current_level": "一级"},
        "demands": [
            {"category": "生产管控", "description": "生产过程不透明，进度靠人工统计",
             "analysis": "工单以纸质流转，计划调整滞后，交期难以保证"},
            {"category": "质量管理", "description": "质量数据分散，追溯困难",
             "analysis": "检验记录分散在表格中，出现问题时难以定位批次"},
        ],
        "projects": [
            {"name": name, "start": "2024-09-01", "end": "2025-12-31", "content": content, "investment": investment,
             "level_before": "一级", "level_after": "二级",
             "indicators": [{"name": "生产效率", "unit": "%", "before": "62", "after": "78"},
                            {"name": "产品不良品率", "unit": "%", "before": "3.2", "after": "1.6"}]}
            for name, content, investment in f.projects
        ],
        "other": {"benchmark_willing": "是"},
        "evidence": evidence,
    }


# 数字化水平自测 (2024 indicators): a questionnaire worth 二级 before, 三级 after the projects
BEFORE_CHOICES = (
    *[("network", p) for p in "BCDE"], ("data_collection", "A"), ("information_systems", "E"),
    *[("network_security", p) for p in "BCDE"], *[("data_security", p) for p in "BCDE"],
    ("planning", "A"), ("management_system", "A"), ("talent", "A"), ("funding", "A"),
    ("energy_per_revenue_change", "A"), ("pass_rate_change", "A"), ("revenue_per_head_change", "A"),
    ("cost_per_revenue_change", "A"),
)
BEFORE_FIGURES = {"equipment_digitalization": {"total": "10", "digital": "10"}, "equipment_networking": {"networked": "10"}}
BEFORE_SCENES = {
    "产品设计": 3, "营销管理": 2, "生产管控": 2, "工艺设计": 2, "售后服务": 2, "计划排程": 2, "质量管理": 1, "设备管理": 1,
    "安全生产": 1, "能耗管理": 0, "采购管理": 0, "仓储物流": 0, "财务管理": 1, "人力资源": 0, "协同办公": 1, "决策支持": 0,
}
AFTER_CHOICES = (("planning", "F"), *[("management_system", p) for p in "BCDE"], *[("talent", p) for p in "BCDEF"])
AFTER_SCENES = dict.fromkeys(("产品设计", "营销管理", "生产管控", "质量管理", "设备管理", "工艺设计", "售后服务", "计划排程"), 3)

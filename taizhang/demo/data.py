# ruff: noqa: E501
"""The demo district's content, written by the team as tables.

Places follow 南湖区; some enterprises, projects and figures follow public news reports,
the rest are invented. Every sentence here is our own wording. Projects name their unit by
its (unique) name; dates are not fixed but placed relative to the day the demo is built.
"""

from __future__ import annotations

from typing import NamedTuple

from taizhang.kernel.stages import Stage
from taizhang.org.models import Role, UnitKind

DISTRICT_CODE = "330402"
DISTRICT_NAME = "南湖区"
DEMO_LABEL = "示范数据"
DEMO_PASSWORD = "taizhang-demo"
NEWSPAPER = "南湖晚报"

TALKS = Stage.TALKS
SIGNED = Stage.SIGNED
LAND = Stage.LAND
BUILDING = Stage.CONSTRUCTION
COMPLETED = Stage.COMPLETED
PRODUCTION = Stage.PRODUCTION
FULL = Stage.FULL_CAPACITY


class UnitRow(NamedTuple):
    code: str
    name: str
    kind: UnitKind
    parent: str | None  # the parent's name


class EnterpriseRow(NamedTuple):
    key: str
    name: str
    aliases: tuple[str, ...]
    chain: str
    industry: str  # GB/T 4754-2017
    unit: str
    leader: bool = False
    org_body: str | None = None  # 8-character organisation-code body; the credit code is derived


class UserRow(NamedTuple):
    username: str
    display_name: str
    role: Role
    unit: str | None  # a unit's name: of UNITS, or a compound's 物业 or 业委会 (appeal_data)


class ProjectRow(NamedTuple):
    key: str
    name: str
    unit: str
    chain: str
    stage: Stage  # the stage reached by now
    months: int  # how long ago talks began
    investment: str  # as a report writes it: 110亿, 3000万美元
    investor: str | None = None  # an EnterpriseRow key
    method: str = "以商引商"
    land: str | None = None  # 亩
    output: str | None = None  # annual output value at full capacity
    capacities: tuple[tuple[str, str, str], ...] = ()  # (value, unit, product)
    progress: int | None = None  # % of works done, for projects still building
    due: int | None = None  # days from today to the next stage's planned date (< 0: overdue)
    phase: str | None = None
    parent: str | None = None  # a ProjectRow key
    estimate: str | None = None  # the investment named during talks, when it differed
    plans: tuple[tuple[Stage, int], ...] = ()  # further planned stages, days from today
    news: Stage | None = None  # the stage a newspaper report (reports/<key>.txt) tells of
    notes: tuple[str, ...] = ()


D, PF, ST, TW = UnitKind.DISTRICT, UnitKind.PLATFORM, UnitKind.STREET, UnitKind.TOWN
VL, CM, CP, DP = UnitKind.VILLAGE, UnitKind.COMMUNITY, UnitKind.COMPOUND, UnitKind.DEPARTMENT

# fmt: off
UNITS: tuple[UnitRow, ...] = (
    UnitRow(DISTRICT_CODE, DISTRICT_NAME, D, None),
    UnitRow("330402-XJD", "湘家荡区域", PF, DISTRICT_NAME),
    UnitRow("330402-GXQ", "南湖高新区", PF, DISTRICT_NAME),
    UnitRow("330402-NHXQ", "南湖新区", PF, DISTRICT_NAME),
    UnitRow("330402001", "建设街道", ST, DISTRICT_NAME),
    UnitRow("330402002", "新嘉街道", ST, DISTRICT_NAME),
    UnitRow("330402003", "解放街道", ST, DISTRICT_NAME),
    UnitRow("330402004", "南湖街道", ST, DISTRICT_NAME),
    UnitRow("330402005", "新兴街道", ST, DISTRICT_NAME),
    UnitRow("330402006", "城南街道", ST, DISTRICT_NAME),
    UnitRow("330402007", "东栅街道", ST, "南湖新区"),
    UnitRow("330402008", "长水街道", ST, DISTRICT_NAME),
    UnitRow("330402009", "七星街道", ST, "湘家荡区域"),
    UnitRow("330402101", "凤桥镇", TW, DISTRICT_NAME),
    UnitRow("330402102", "余新镇", TW, DISTRICT_NAME),
    UnitRow("330402103", "新丰镇", TW, DISTRICT_NAME),
    UnitRow("330402104", "大桥镇", TW, DISTRICT_NAME),
    UnitRow("330402-FGJ", "区发改局", DP, DISTRICT_NAME),
    UnitRow("330402-JXS", "区经信商务局", DP, DISTRICT_NAME),
    UnitRow("330402-TCZX", "区投资促进中心", DP, DISTRICT_NAME),
    UnitRow("330402101201", "永红村", VL, "凤桥镇"),
    UnitRow("330402101202", "联丰村", VL, "凤桥镇"),
    UnitRow("330402102201", "金星村", VL, "余新镇"),
    UnitRow("330402102001", "余南社区", CM, "余新镇"),
    UnitRow("330402009001", "湘城社区", CM, "七星街道"),
    UnitRow("330402002001", "清河社区", CM, "新嘉街道"),
    UnitRow("330402102001-01", "渔里南苑", CP, "余南社区"),
    UnitRow("330402009001-01", "湘城花苑", CP, "湘城社区"),
    UnitRow("330402002001-01", "清河新村", CP, "清河社区"),
)

ENTERPRISES: tuple[EnterpriseRow, ...] = (
    EnterpriseRow("dangzhuo", "浙江当卓能源科技有限公司", ("当卓科技", "当卓"), "新能源", "C3841", "湘家荡区域", leader=True),
    EnterpriseRow("huna", "浙江湖纳能源有限责任公司", ("湖纳能源", "湖纳"), "新能源", "C3841", "七星街道"),
    EnterpriseRow("qingneng", "浙江清能电气有限公司", ("清能电气",), "新能源", "C3829", "七星街道"),
    EnterpriseRow("starpower", "斯达半导体股份有限公司", ("斯达半导体", "斯达"), "微电子", "C3972", "南湖高新区", leader=True),
    EnterpriseRow("hexin", "嘉兴禾芯微电子有限公司", ("禾芯微电子", "禾芯"), "微电子", "C3973", "南湖高新区", org_body="MA2JD7XQ"),
    EnterpriseRow("yanshi", "嘉兴衍视电子科技有限公司", ("衍视电子",), "微电子", "C3974", "七星街道"),
    EnterpriseRow("zhiyuan", "智元创新（上海）科技股份有限公司", ("智元机器人", "智元"), "人工智能", "C3491", "南湖高新区", leader=True),
    EnterpriseRow("xingshen", "长沙行深智能科技有限公司", ("行深智能",), "人工智能", "C3491", "余新镇"),
    EnterpriseRow("jiushi", "浙江九识智配科技有限公司", ("九识智能", "九识"), "未来交通", "C3612", "南湖高新区"),
    EnterpriseRow("wantuo", "万托科技（嘉兴）有限公司", ("万托科技",), "智能装备", "C3599", "七星街道"),
    EnterpriseRow("hefeng", "嘉兴禾丰农机装备有限公司", ("禾丰农机",), "智能装备", "C3572", "凤桥镇", org_body="MA2BH4K7"),
    EnterpriseRow("rhein", "莱茵精工（嘉兴）有限公司", ("莱茵精工",), "智能装备", "C3444", "东栅街道", org_body="MA2CL8N3"),
    EnterpriseRow("dongfang", "振石集团东方特钢有限公司", ("东方特钢",), "高端新材料", "C3130", "大桥镇"),
    EnterpriseRow("satellite", "卫星化学股份有限公司", ("卫星化学",), "高端新材料", "C2614", "新丰镇"),
    EnterpriseRow("keming", "陈克明食品股份有限公司", ("克明面业", "克明食品"), "食品", "C1431", "大桥镇"),
    EnterpriseRow("xianghu", "嘉兴湘湖医疗器械有限公司", ("湘湖医疗",), "生物医药", "C3581", "湘家荡区域", org_body="MA2CR5T9"),
    # invented investors of the invented projects
    EnterpriseRow("zhenzhi", "浙江震智科技有限公司", ("震智科技",), "人工智能", "C3491", "南湖高新区"),
    EnterpriseRow("mingxin", "嘉兴明新柔材科技有限公司", ("明新柔材",), "高端新材料", "C2927", "余新镇"),
    EnterpriseRow("yingdao", "樱岛汽车电子（嘉兴）有限公司", ("樱岛电子",), "未来交通", "C3670", "南湖新区"),
    EnterpriseRow("zhongxin", "中新南湖生物医药发展有限公司", ("中新生物",), "生物医药", "M7340", "城南街道"),
    EnterpriseRow("taoxiang", "嘉兴桃乡农产品开发有限公司", ("桃乡农产品",), "食品", "C1371", "凤桥镇"),
    EnterpriseRow("hengzhou", "嘉兴恒舟精密轴承有限公司", ("恒舟轴承",), "智能装备", "C3451", "凤桥镇"),
    EnterpriseRow("tanyu", "嘉兴碳羽复合材料有限公司", ("碳羽复材",), "高端新材料", "C3062", "凤桥镇"),
    EnterpriseRow("xinchu", "浙江新厨食品有限公司", ("新厨食品",), "食品", "C1439", "新丰镇"),
    EnterpriseRow("qingchi", "嘉兴轻驰汽车部件有限公司", ("轻驰部件",), "未来交通", "C3670", "新丰镇"),
    EnterpriseRow("kanghu", "嘉兴康护医用材料有限公司", ("康护医材",), "生物医药", "C2770", "新丰镇"),
    EnterpriseRow("guangjia", "嘉兴光架新能源科技有限公司", ("光架新能源",), "新能源", "C3829", "大桥镇"),
    EnterpriseRow("qinghang", "浙江清航紫荆无人机有限公司", ("清航紫荆",), "未来交通", "C3741", "余新镇"),
    EnterpriseRow("lvkang", "嘉兴绿康农业发展有限公司", ("绿康农业",), "食品", "A0111", "余新镇"),
    EnterpriseRow("youbao", "优宝特机器人（嘉兴）有限公司", ("优宝特",), "人工智能", "C3491", "余新镇"),
    EnterpriseRow("minshi", "浙江敏实机器人有限公司", ("敏实机器人",), "人工智能", "C3491", "大桥镇"),
    EnterpriseRow("kuayun", "嘉兴跨云电子商务有限公司", ("跨云电商",), "数字经济", "F5292", "东栅街道"),
    EnterpriseRow("zhisuan", "嘉兴智算软件有限公司", ("智算软件",), "人工智能", "I6513", "建设街道"),
    EnterpriseRow("zhilu", "嘉兴智路测试技术有限公司", ("智路测试",), "未来交通", "M7452", "解放街道"),
    EnterpriseRow("linyan", "嘉兴临研医药科技有限公司", ("临研医药",), "生物医药", "M7340", "南湖街道"),
    EnterpriseRow("xinrui", "嘉兴芯睿微电子设计有限公司", ("芯睿微电子",), "微电子", "I6520", "新嘉街道"),
    EnterpriseRow("zhongshi", "嘉兴中试生物技术有限公司", ("中试生物",), "生物医药", "M7340", "城南街道"),
    EnterpriseRow("changshui", "嘉兴长水机器人系统有限公司", ("长水机器人",), "智能装备", "C3491", "长水街道"),
    EnterpriseRow("xunhuan", "嘉兴迅换能源服务有限公司", ("迅换能源",), "新能源", "D4420", "新兴街道"),
)

USERS: tuple[UserRow, ...] = (
    UserRow("admin", "南湖区 管理员", Role.DISTRICT_ADMIN, None),
    UserRow("xiangjiadang", "湘家荡区域 周晓", Role.UNIT_STAFF, "湘家荡区域"),
    UserRow("fengqiao", "凤桥镇 沈磊", Role.UNIT_STAFF, "凤桥镇"),
    UserRow("chenyaqin", "余南社区 陈雅琴", Role.UNIT_STAFF, "余南社区"),
    UserRow("liujianguo", "余南社区 刘建国", Role.UNIT_STAFF, "余南社区"),
    UserRow("wangshan", "湘城社区 王珊", Role.UNIT_STAFF, "湘城社区"),
    UserRow("zhaominghui", "清河社区 赵明辉", Role.UNIT_STAFF, "清河社区"),
    UserRow("anhe-wuye", "安和物业 钱立新", Role.UNIT_STAFF, "安和物业湘城花苑项目部"),
    UserRow("xc-yeweihui", "湘城花苑业委会 方慧", Role.UNIT_STAFF, "湘城花苑业委会"),
    UserRow("jingxin", "区经信商务局 吴海涛", Role.UNIT_STAFF, "区经信商务局"),
    UserRow("touzhong", "区投资促进中心 孙立", Role.UNIT_STAFF, "区投资促进中心"),
    UserRow("viewer", "区领导 查阅", Role.VIEWER, None),
)

P = ProjectRow
PROJECTS: tuple[ProjectRow, ...] = (
    P("dz1", "当卓科技一期储能及动力电池智能工厂", "湘家荡区域", "新能源", COMPLETED, 14, "16亿", "dangzhuo", "基金招商", land="150", output="40亿", due=25, phase="一期",
      notes=("车间按“黑灯工厂”标准建设，智能化系统与产线同步调试", "部分设备已进场，机电安装和车间装修交叉作业")),
    P("dz2", "当卓科技二期60GWh新型电芯及模组项目", "湘家荡区域", "新能源", LAND, 8, "110亿", "dangzhuo", "二次招商", land="520", capacities=(("60", "GWh", "新型电池电芯及模组"),),
      due=30, phase="二期", parent="dz1", estimate="100亿", plans=((PRODUCTION, 500),)),
    P("hn", "湖纳能源20GWh钠离子电池项目", "七星街道", "新能源", BUILDING, 16, "45亿", "huna", "链式招商", land="210", output="60亿", capacities=(("20", "GWh", "钠离子电池电芯及模组"),),
      progress=45, due=150, news=BUILDING),
    P("qn", "清能电气储能电池包(PACK)及电力配套装备项目", "七星街道", "新能源", BUILDING, 15, "8亿", "qingneng", land="80", output="15亿", progress=70, due=60,
      notes=("主厂房封顶，挂出结顶横幅",)),
    P("sd", "斯达半导体高压功率芯片及SiC芯片产业化项目", "南湖高新区", "微电子", PRODUCTION, 56, "70亿", "starpower", "二次招商", capacities=(("72", "万片", "功率芯片"),), due=200,
      news=BUILDING),
    P("km", "克明面业华东面制品生产基地", "大桥镇", "食品", FULL, 48, "6亿", "keming", land="120", output="11.8亿", capacities=(("20.87", "万吨", "面条类产品"),),
      news=FULL),
    P("zy", "智元工业具身智能基地", "南湖高新区", "人工智能", SIGNED, 9, "20亿", "zhiyuan", "场景招商", due=-20,
      news=SIGNED),
    P("xs", "行深智能移动机器人制造及研发中心", "余新镇", "人工智能", SIGNED, 6, "10亿", "xingshen", "场景招商", land="90", due=45,
      news=SIGNED),
    P("zz", "震智科技商用清洁机器人项目", "南湖高新区", "人工智能", SIGNED, 5, "5亿", "zhenzhi", due=60),
    P("js1", "九识无人配送车制造基地", "南湖高新区", "未来交通", PRODUCTION, 26, "12亿", "jiushi", "场景招商", land="100", output="30亿", capacities=(("1", "万台", "无人配送车"),),
      due=120, phase="一期"),
    P("js2", "九识无人物流长三角运营总部", "南湖高新区", "未来交通", SIGNED, 5, "3亿", "jiushi", "二次招商", due=90),
    P("mx", "明新柔性新材料与人工智能产业园", "余新镇", "高端新材料", LAND, 13, "25亿", "mingxin", "二次招商", land="260", due=-35),
    P("df", "东方特钢镍铬新材料绿色智造项目", "大桥镇", "高端新材料", BUILDING, 18, "32亿", "dongfang", land="300", output="80亿", progress=55, due=210,
      news=BUILDING),
    P("wx", "卫星化学高端精细化学品项目", "新丰镇", "高端新材料", COMPLETED, 24, "18亿", "satellite", "链式招商", land="160", output="45亿", due=40,
      news=COMPLETED),
    P("wt", "万托科技智能装备产线及精密型钢项目", "七星街道", "智能装备", FULL, 58, "3亿", "wantuo", land="60", output="5亿",
      capacities=(("65", "条", "智能装备生产线"), ("15000", "吨", "防热精密型钢")),
      news=PRODUCTION),
    P("ys", "衍视电子全息透明显示研发项目", "七星街道", "微电子", PRODUCTION, 10, "8000万", "yanshi", output="3亿", due=150),
    P("lr", "莱茵精工精密液压元件项目", "东栅街道", "智能装备", PRODUCTION, 30, "3000万美元", "rhein", land="45", output="6亿", due=90),
    P("yd", "樱岛汽车电子传感器项目", "南湖新区", "未来交通", SIGNED, 6, "1500万美元", "yingdao", land="30", due=25),
    P("xb", "中新生物医药创新园", "城南街道", "生物医药", TALKS, 4, "8000万美元", "zhongxin", "基金招商", land="60", due=60),
    P("fq1", "禾丰智能农机装备项目", "凤桥镇", "智能装备", BUILDING, 20, "2.5亿", "hefeng", "飞地招商", land="40", output="4亿", progress=85, due=-18),
    P("fq2", "凤桥水蜜桃精深加工及冷链项目", "永红村", "食品", PRODUCTION, 22, "6000万", "taoxiang", "二次招商", land="15", output="1.2亿", due=100,
      notes=("协调冷库用电增容，赶在桃子上市前投用",)),
    P("fq3", "精密轴承及传动部件项目", "凤桥镇", "智能装备", TALKS, 3, "1.2亿", "hengzhou", due=45),
    P("fq4", "碳纤维复合材料部件项目", "联丰村", "高端新材料", LAND, 10, "3亿", "tanyu", "链式招商", land="55", due=40),
    P("xf1", "新丰预制菜中央厨房项目", "新丰镇", "食品", COMPLETED, 19, "1.8亿", "xinchu", land="35", output="5亿", due=20),
    P("xf2", "新能源汽车轻量化底盘部件项目", "新丰镇", "未来交通", SIGNED, 9, "4亿", "qingchi", "链式招商", land="70", due=-50),
    P("xf3", "一次性医用耗材生产项目", "新丰镇", "生物医药", TALKS, 2, "2亿", "kanghu", due=30),
    P("dq1", "光伏支架及储能柜智能制造项目", "大桥镇", "新能源", FULL, 40, "1.5亿", "guangjia", "链式招商", land="30", output="6亿"),
    P("yx1", "清航紫荆重载无人机制造基地", "余新镇", "未来交通", SIGNED, 5, "12亿", "qinghang", "场景招商", land="110", due=40),
    P("yx2", "绿康农业稻米共富产业项目", "金星村", "食品", BUILDING, 12, "5000万", "lvkang", output="8000万", progress=60, due=70),
    P("yx3", "优宝特机器人华东总部项目", "余新镇", "人工智能", SIGNED, 4, "6亿", "youbao", due=50),
    P("ms", "敏实机器人制造总部项目", "大桥镇", "人工智能", LAND, 7, "15亿", "minshi", land="150", due=25),
    P("nx1", "跨境电商选品及直播基地提质项目", "东栅街道", "数字经济", PRODUCTION, 15, "1.1亿", "kuayun", "场景招商", output="8亿", due=180),
    P("jsj", "人工智能软件研发总部", "建设街道", "人工智能", PRODUCTION, 14, "3000万", "zhisuan", "基金招商", output="1.5亿", due=120),
    P("jfj", "智能网联汽车测试场景项目", "解放街道", "未来交通", TALKS, 5, "8000万", "zhilu", "场景招商", due=20),
    P("nhj", "创新药临床研究服务中心", "南湖街道", "生物医药", LAND, 9, "1.5亿", "linyan", "基金招商", land="12", due=30),
    P("xjj", "功率芯片设计中心", "新嘉街道", "微电子", BUILDING, 11, "9000万", "xinrui", "链式招商", progress=35, due=120),
    P("cnj", "创新药中试基地", "城南街道", "生物医药", SIGNED, 6, "3.5亿", "zhongshi", "基金招商", land="40", due=35),
    P("csj", "工业机器人系统集成项目", "长水街道", "智能装备", COMPLETED, 16, "2.8亿", "changshui", "二次招商", land="38", output="6亿", due=-30),
    P("xxj", "新能源重卡换电站网络项目", "新兴街道", "新能源", BUILDING, 8, "1.2亿", "xunhuan", "场景招商", progress=40, due=90),
    P("hx", "禾芯微电子12英寸功率器件封测项目", "南湖高新区", "微电子", LAND, 9, "55亿", "hexin", "基金招商", land="240", output="90亿",
      capacities=(("36", "万片", "12英寸功率器件封测"),), due=20),
    P("xh", "湘湖高端医疗器械产业化项目", "湘家荡区域", "生物医药", TALKS, 7, "12亿", "xianghu", "飞地招商", land="80", due=-15),
)

# Notes a unit's staff might leave when a project reaches each stage.
STAGE_NOTES: dict[Stage, tuple[str, ...]] = {
    TALKS: ("企业负责人来南湖踏勘两处备选地块", "区投资促进中心组织第二轮商务洽谈", "企业关心用能指标和人才公寓，已报区专班"),
    SIGNED: ("投资协议签订，区里同步组建项目服务专班", "完成企业注册和项目备案", "环评、能评手续开始办理"),
    LAND: ("地块挂牌出让完成，现场已交地", "协调迁移地块内一段高压线路", "施工图进入多部门联审"),
    BUILDING: ("协调解决用电接入", "施工许可证核发，桩基队伍进场", "协调施工临时用水和渣土外运", "钢结构吊装过半"),
    COMPLETED: ("完成竣工联合验收", "产线设备安装调试中", "协助办理排污许可"),
    PRODUCTION: ("首批产品下线", "协调员工公寓和通勤班车", "申报规上工业企业入库"),
    FULL: ("达到设计产能，纳入亩均效益评价", "企业准备申报省级未来工厂"),
}
# fmt: on

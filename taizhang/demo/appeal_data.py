# ruff: noqa: E501
"""The demo's 诉求 content, written by the team as tables: compounds and their parties,
categories, the matters residents, enterprises and projects raise, and what is said back.

Every name, door number, matter and answer here is invented; phone numbers are 11-digit
mobile numbers with a block of zeros, so none of them belongs to anybody.
"""

from __future__ import annotations

from typing import NamedTuple

from taizhang.appeals.models import AppealChannel, RequesterKind
from taizhang.demo.appeal_plan import Fate

INSTRUCTOR = "@instructor"  # a story's registrar: the compound's own instructor


class CompoundRow(NamedTuple):
    code: str
    name: str
    community: str
    property: str  # the 物业's unit name
    committee: str | None  # the 业委会's unit name; None while the owners have not elected one
    instructor: str | None  # the instructor's username; None leaves a gap in the coverage


class CategoryRow(NamedTuple):
    code: str
    label: str
    kind: RequesterKind
    limit_days: int  # working days
    route: str
    department: str | None = None  # the department's unit name, for the department route


class Issue(NamedTuple):
    description: str
    answer: str


class StoryRow(NamedTuple):
    """One appeal told on purpose, so that every step and timer of the loop shows somewhere."""

    fate: Fate
    days_ago: int  # working days before the demo's today that it was received
    category: str
    place: str  # a compound's name; an ENTERPRISES or PROJECTS key for their categories
    issue: Issue | int  # its own matter, or one of the category's ISSUES by index
    channel: AppealChannel = AppealChannel.PHONE
    registrar: str = "admin"  # a username, or INSTRUCTOR
    assignee: str | None = None  # handed to this username instead of the routed handler
    hour: int = 10


# fmt: off
COMPOUNDS: tuple[CompoundRow, ...] = (
    CompoundRow("330402102001-01", "渔里南苑", "余南社区", "禾润物业渔里南苑项目部", "渔里南苑业委会", "chenyaqin"),
    CompoundRow("330402102001-02", "余新花园", "余南社区", "禾润物业余新花园项目部", "余新花园业委会", "chenyaqin"),
    CompoundRow("330402102001-03", "南湾小区", "余南社区", "新港物业南湾项目部", None, "liujianguo"),
    CompoundRow("330402009001-01", "湘城花苑", "湘城社区", "安和物业湘城花苑项目部", "湘城花苑业委会", "wangshan"),
    CompoundRow("330402009001-02", "荡湾名邸", "湘城社区", "安和物业荡湾名邸项目部", "荡湾名邸业委会", "wangshan"),
    CompoundRow("330402009001-03", "湘湖悦府", "湘城社区", "绿洲物业湘湖悦府项目部", None, None),
    CompoundRow("330402002001-01", "清河新村", "清河社区", "清河物业服务站", "清河新村业委会", "zhaominghui"),
    CompoundRow("330402002001-02", "梅园里", "清河社区", "梅园物业梅园里项目部", "梅园里业委会", "zhaominghui"),
)

RESIDENT, ENTERPRISE, PROJECT = RequesterKind.RESIDENT, RequesterKind.ENTERPRISE, RequesterKind.PROJECT
CATEGORIES: tuple[CategoryRow, ...] = (
    CategoryRow("wuye", "物业管理", RESIDENT, 5, "property"),
    CategoryRow("huanjing", "环境卫生", RESIDENT, 3, "place_staff"),
    CategoryRow("linli", "邻里纠纷", RESIDENT, 7, "instructor"),
    CategoryRow("sheshi", "公共设施维修", RESIDENT, 10, "committee"),
    CategoryRow("zixun", "咨询", RESIDENT, 3, "instructor"),
    CategoryRow("falv", "法律咨询", ENTERPRISE, 5, "department", "区经信商务局"),
    CategoryRow("zhaopin", "用工招聘", ENTERPRISE, 10, "department", "区经信商务局"),
    CategoryRow("dudian", "项目堵点", PROJECT, 10, "department", "区投资促进中心"),
)
# How often residents raise each category (relative weights).
RESIDENT_MIX = {"wuye": 25, "huanjing": 20, "linli": 15, "sheshi": 20, "zixun": 20}

ISSUES: dict[str, tuple[Issue, ...]] = {
    "wuye": (
        Issue("地下车库入口道闸经常抬不起来，晚上下班回来要排很久的队，报修过两次还是老样子。", "已联系道闸厂家更换控制主板，道闸恢复正常；物业在入口增设晚高峰值守。"),
        Issue("小区东门夜里常常没有保安值守，外来电动车随便进出。", "物业已调整夜班排班，东门夜间固定一人值守，并加装人脸门禁。"),
        Issue("物业公示栏半年没有更新，想了解停车位、广告位这些公共收益的收支。", "物业已在公示栏和业主群公布上半年公共收益明细，今后每季度更新一次。"),
        Issue("楼下绿化带被人圈起来种菜，物业劝过几次都没用。", "物业会同社区上门劝导，绿化已恢复，并在楼道张贴了爱护绿化的告示。"),
        Issue("电梯一个月里困人两次，家里老人不敢坐了。", "维保单位已全面检修并更换门机板，物业每周在电梯厅公示维保记录。"),
        Issue("快递柜旁边堆满了纸箱，把消防通道堵了一半。", "物业已清理通道杂物，设了纸箱临时回收点，每天傍晚清运。"),
    ),
    "huanjing": (
        Issue("垃圾分类点的厨余垃圾桶满了也没人清，味道很大，苍蝇很多。", "已协调环卫公司把厨余垃圾清运改为每天两次，并对投放点做了消杀。"),
        Issue("小区河道边有人倒装修垃圾，已经堆了一小堆。", "装修垃圾已清运，倾倒的住户已找到并由其承担清运费用，河边加装了提示牌。"),
        Issue("楼道里有人长期堆旧家具，天热以后有异味。", "社区和物业通知住户限期清理，逾期未清的已统一清运。"),
        Issue("小区门口早餐摊的油污流到人行道上，下雨天特别滑。", "已请综合执法中队规范摊位经营，人行道油污已冲洗干净。"),
        Issue("雨后地下室积水发臭，蚊子越来越多。", "积水已抽排并投放灭蚊药剂，排水泵检修后恢复自动运行。"),
    ),
    "linli": (
        Issue("楼上住户晚上十一点以后还在拖家具，沟通了好几次都没用。", "指导员分别上门听取双方意见，楼上住户同意铺设地垫、夜间注意动静，双方已和解。"),
        Issue("邻居在楼道里装了摄像头，正对着我家大门。", "经调解，邻居已把摄像头角度调整为只拍自家门口。"),
        Issue("隔壁的狗经常在楼道里大小便，主人也不清理。", "已与养犬户沟通，对方承诺出门牵绳并及时清理；社区在楼道张贴了文明养犬倡议。"),
        Issue("楼上空调外机滴水，正好滴在我家阳台上。", "已协调楼上住户加装冷凝水管接入排水管，问题已解决。"),
        Issue("两户人家为共用车位的使用时间吵了起来。", "指导员组织两户协商，约定按单双日使用，已写入调解记录。"),
    ),
    "sheshi": (
        Issue("3幢楼道感应灯坏了好几盏，晚上上下楼看不清台阶。", "已更换损坏灯具12盏，并对全小区楼道灯做了一次排查。"),
        Issue("儿童游乐区的滑梯有一块护板松了，担心孩子受伤。", "滑梯护板已重新加固，游乐设施列入每月巡查清单。"),
        Issue("小区北侧围墙有一段开裂，下过雨后裂缝变宽了。", "经业委会同意动用公共维修资金，围墙已加固修复。"),
        Issue("单元门门禁坏了，门一直关不上。", "已更换门禁电磁锁和闭门器，单元门恢复正常。"),
        Issue("健身区的扭腰器转盘卡死了，转不动。", "已更换转盘轴承，并在器材旁贴了报修电话。"),
        Issue("雨水井盖破损下陷，电动车骑过去很危险。", "已换成加强型井盖，周边路面一并修补。"),
    ),
    "zixun": (
        Issue("想问问老年人助餐服务怎么申请。", "已告知申请条件和流程：带身份证到社区服务中心登记，当月即可用餐。"),
        Issue("孩子明年上小学，想问学区划分什么时候公布。", "学区划分一般在春季由教育部门公布，社区会在公众号同步转发。"),
        Issue("家里老人想办长期护理保险，要准备哪些材料？", "材料清单已发给居民，社区工作人员已预约协助线上申请。"),
        Issue("电动自行车上牌要到哪里办？", "已告知最近的上牌点和所需材料，也可以在线预约。"),
        Issue("想了解老小区加装电梯的补贴政策和流程。", "已提供加装电梯的政策解读和办理流程，社区可协助征求本单元住户意见。"),
    ),
}

# A second answer, after the requester said the matter was not solved.
FOLLOW_UPS: dict[str, str] = {
    "wuye": "指导员陪同物业再次上门核实，整改已经到位，下周走访时再回访一次。",
    "huanjing": "已与环卫和物业明确责任分工，连续一周每天巡查，现场保持整洁。",
    "linli": "指导员邀请双方和楼道长再次面对面协商，签订了邻里公约，后续由楼道长跟进。",
    "sheshi": "维修单位返工处理，业委会和住户代表现场验收合格。",
    "zixun": "社区工作人员已上门当面讲解，并协助居民把申请材料准备齐全。",
    "falv": "律师再次上门，帮助企业拟好了协商函和证据目录。",
    "zhaopin": "补充组织了一场专场招聘会，并联系职业院校增加定向输送名额。",
    "dudian": "区专班再次召集相关部门现场办公，明确了办结时间和责任人。",
}

HEAD_SURNAMES = "沈钱陆顾褚屠姚范王李张陈徐朱吴周蒋胡许金"
HEAD_GIVEN_NAMES = ("建华", "秀英", "国强", "美娟", "志明", "海燕", "晓东", "丽萍", "根宝", "雪芳", "伟民", "金娣", "永康", "慧敏", "卫东", "春燕", "家豪", "一鸣", "梓涵", "桂英")
PHONE_PREFIXES = ("135", "138", "139", "157", "158", "177", "188")
HOUSEHOLD_NOTES = ("", "", "", "独居老人", "租户", "新迁入", "残疾人家庭")

ENTERPRISE_CONTACTS = ("人事主管 沈女士", "行政经理 陆先生", "法务 顾女士", "总经理助理 姚先生")

# Why a handler asks for more days, by category ("": any other).
EXTENSION_REASONS: dict[str, tuple[str, ...]] = {
    "sheshi": ("需业委会召开会议表决动用公共维修资金，办理时间较长", "所需配件要向厂家订货，到货后才能完成维修"),
    "dudian": ("需协调供电部门现场踏勘并出具接入方案，涉及多个部门会商",),
    "": ("涉及多个部门会商，需延长办理时限",),
}
APPROVAL_NOTES = ("同意延期，请按新的时限办结", "情况属实，同意延期")

GRADE_COMMENTS: dict[int, tuple[str, ...]] = {
    5: ("处理很快，非常满意", "工作人员很耐心，谢谢", "问题彻底解决了"),
    4: ("解决了，速度还可以", "满意，希望以后保持"),
    3: ("基本解决了，还要再观察", "解决了，就是时间有点长"),
    2: ("问题还没有解决", "答复了，但现场没有变化"),
    1: ("根本没人来看过", "和答复说的不一样，问题依旧"),
}

VISIT_NOTES = (
    "走访楼道长，了解近期楼道卫生和停车情况",
    "入户看望独居老人，检查燃气和用电安全",
    "与物业项目经理碰头，梳理本周报修件",
    "参加业委会例会，通报诉求办理情况",
    "走访新迁入住户，更新一户一表信息",
    "检查垃圾分类投放点，提醒住户定时定点投放",
)

RATING_NOTES = {
    "committee": "据业委会书面评分录入",
    "property": "据物业项目部书面评分录入",
    "community": "社区三方协同例会评定",
}

PHONE, VISIT, WEEKLY, COUNCIL = AppealChannel.PHONE, AppealChannel.VISIT, AppealChannel.WEEKLY_VISIT, AppealChannel.COUNCIL
F = Fate
STORIES: tuple[StoryRow, ...] = (
    StoryRow(F.REGISTERED, 1, "wuye", "余新花园", 4, hour=19),  # its 物业 has no account: waits to be taken on
    StoryRow(F.REGISTERED, 14, "wuye", "湘湖悦府", 1),  # no instructor, no 物业 account: 督办
    StoryRow(F.ACCEPTED, 1, "zixun", "清河新村", 0, WEEKLY, INSTRUCTOR),
    StoryRow(F.ASSIGNED, 2, "linli", "梅园里", 1, COUNCIL, INSTRUCTOR),
    StoryRow(F.IN_PROGRESS, 20, "linli", "南湾小区", 0, WEEKLY, INSTRUCTOR),  # 督办
    StoryRow(F.IN_PROGRESS, 6, "huanjing", "荡湾名邸", 4),  # 催办
    StoryRow(F.ANSWERED, 3, "wuye", "湘城花苑", 0, WEEKLY, INSTRUCTOR),  # by the 物业
    StoryRow(F.EVALUATED, 4, "sheshi", "湘城花苑", 3, WEEKLY, INSTRUCTOR),  # by the 业委会
    StoryRow(F.CLOSED, 25, "huanjing", "湘城花苑", 2, assignee="anhe-wuye"),
    StoryRow(F.TIMED_OUT, 20, "zixun", "渔里南苑", 3),
    StoryRow(F.REOPENED, 12, "wuye", "荡湾名邸", 1),
    StoryRow(F.REOPENED_CLOSED, 40, "linli", "余新花园", 2),
    StoryRow(F.EXTENDED, 35, "sheshi", "梅园里", 2),
    StoryRow(F.EXTENDED_OPEN, 12, "sheshi", "湘城花苑", 5, WEEKLY, INSTRUCTOR),  # approved by the community
    StoryRow(F.CLOSED, 30, "falv", "hexin", Issue("与一家供应商的设备采购合同出现质量纠纷，想了解维权途径和需要准备的证据。", "已安排法律服务团律师上门，梳理了合同条款和证据清单，建议先协商，必要时申请商事调解。")),
    StoryRow(F.TIMED_OUT, 28, "falv", "wantuo", Issue("几名员工劳动合同到期不再续签，咨询经济补偿怎么计算。", "律师已解答经济补偿的计算标准，并提供了劳动合同管理的规范文本。")),
    StoryRow(F.IN_PROGRESS, 5, "zhaopin", "huna", Issue("钠离子电池新产线下月投产，急需招聘200名操作工和20名设备技术员。", ""), VISIT, "xiangjiadang"),
    StoryRow(F.CLOSED, 45, "zhaopin", "hefeng", Issue("需要招聘焊接技工15名，本地招工困难。", "已在镇村就业服务站发布岗位，并联系技工学校推荐实习生，岗位已基本招满。"), VISIT, "fengqiao"),
    StoryRow(F.EXTENSION_PENDING, 8, "dudian", "qn", Issue("厂房即将竣工，双回路供电接入方案还没有批复，影响设备进场调试。", ""), VISIT, "xiangjiadang"),
    StoryRow(F.CLOSED, 50, "dudian", "fq1", Issue("施工临时用水管道要穿越村道，占道手续迟迟办不下来。", "区专班协调交通运输和镇村有关部门现场会商，临时占道许可已办结，管道已接通。"), VISIT, "fengqiao"),
)
# fmt: on

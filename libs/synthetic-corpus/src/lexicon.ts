/**
 * Topic lexicons written for this project: common Chinese words of short-video themes, plus a few
 * digits / English tokens per theme, since real titles mix them in. Word order inside a list has no
 * meaning; the generator gives every word its own latent direction.
 */
export interface Lexicon {
  name: string;
  words: readonly string[];
  latin: readonly string[];
}

const w = (s: string): string[] => s.split(' ');

export const LEXICONS: readonly Lexicon[] = [
  {
    name: 'food',
    words: w(
      '美食 红烧肉 火锅 小龙虾 烧烤 面条 饺子 包子 米饭 厨房 做法 家常菜 鸡翅 排骨 豆腐 辣椒 酸菜鱼 炒饭 蛋糕 甜品 奶茶 早餐 夜宵 大厨 食材 调料 香辣 下饭 好吃 街头小吃',
    ),
    latin: w('vlog DIY 3分钟 5元'),
  },
  {
    name: 'game',
    words: w(
      '游戏 王者荣耀 和平精英 吃鸡 英雄 皮肤 段位 上分 打野 队友 操作 主播 开黑 五杀 战队 装备 副本 新手 攻略 手游 关卡 对局 逆风 翻盘 技能 连招 排位 射手 辅助 版本',
    ),
    latin: w('MVP LOL S赛 1v5'),
  },
  {
    name: 'music',
    words: w(
      '音乐 歌曲 翻唱 原唱 歌手 吉他 钢琴 旋律 副歌 演唱会 嗓音 高音 经典 老歌 情歌 伴奏 乐队 民谣 唱功 现场 live 耳机 循环 歌词 单曲 合唱 好听 治愈 深情 前奏',
    ),
    latin: w('KTV MV DJ 2021'),
  },
  {
    name: 'dance',
    words: w(
      '舞蹈 跳舞 广场舞 街舞 爵士 编舞 舞者 动作 节拍 卡点 翻跳 舞台 身材 小姐姐 舞步 教学 分解 民族舞 芭蕾 古典舞 韵律 转圈 齐舞 排练 舞室 练习 基本功 柔韧 优美 律动',
    ),
    latin: w('kpop BGM solo 8拍'),
  },
  {
    name: 'pet',
    words: w(
      '猫咪 狗狗 柯基 橘猫 布偶 金毛 哈士奇 铲屎官 萌宠 猫粮 小奶猫 喵星人 汪星人 撒娇 拆家 洗澡 遛狗 尾巴 爪子 仓鼠 兔子 鹦鹉 宠物 可爱 呆萌 领养 流浪猫 毛孩子 猫砂 罐头',
    ),
    latin: w('cat dog 3个月'),
  },
  {
    name: 'car',
    words: w(
      '汽车 新车 试驾 油耗 发动机 变速箱 底盘 轮胎 方向盘 越野 轿车 车主 驾照 科目二 倒车 停车 保养 车型 配置 落地价 二手车 高速 刹车 加速 自驾 车友 改装 新能源 充电 续航',
    ),
    latin: w('SUV 4S店 10万 BMW'),
  },
  {
    name: 'basketball',
    words: w(
      '篮球 扣篮 三分 投篮 詹姆斯 库里 科比 湖人 勇士 季后赛 总决赛 绝杀 助攻 篮板 盖帽 球星 球场 教练 防守 突破 上篮 后仰 罚球 全明星 球队 首发 替补 得分 街球 训练',
    ),
    latin: w('NBA CBA MVP 81分'),
  },
  {
    name: 'football',
    words: w(
      '足球 进球 射门 点球 任意球 守门员 梅西 C罗 世界杯 欧冠 国足 中超 联赛 球迷 门将 后卫 前锋 中场 传球 过人 倒钩 头球 越位 红牌 绿茵 比赛 集锦 冠军 绝平 主场',
    ),
    latin: w('VAR 2比1 UEFA 90分钟'),
  },
  {
    name: 'film',
    words: w(
      '电影 电视剧 大结局 剧情 主角 演员 导演 片段 经典 名场面 反转 解说 影评 悬疑 爱情 喜剧 动作片 科幻 票房 上映 预告 配角 演技 剧组 台词 结局 续集 追剧 高分 好片',
    ),
    latin: w('TVB 4K 第2集 IMAX'),
  },
  {
    name: 'comedy',
    words: w(
      '搞笑 段子 爆笑 恶搞 沙雕 笑死 整蛊 尴尬 憨憨 神操作 笑点 相声 小品 脱口秀 模仿 表情 逗比 损友 同事 老板 奇葩 翻车 吐槽 套路 哈哈哈 反应 名场面 日常 憋笑 太逗',
    ),
    latin: w('hhh 666 emo'),
  },
  {
    name: 'farm',
    words: w(
      '农村 乡下 种地 插秧 收割 玉米 水稻 果园 菜园 鸡鸭 养猪 鱼塘 山里 老家 奶奶 爷爷 土灶 柴火 干农活 赶集 丰收 大棚 蔬菜 野菜 挖笋 放牛 乡村 田地 农民 下地',
    ),
    latin: w('vlog 3亩 50斤'),
  },
  {
    name: 'tech',
    words: w(
      '手机 华为 小米 苹果 电脑 笔记本 芯片 屏幕 电池 快充 拍照 测评 开箱 性价比 系统 升级 耳机 平板 处理器 跑分 内存 相机 发布会 旗舰 黑科技 数码 键盘 显卡 智能 续航',
    ),
    latin: w('iPhone 5G CPU Pro'),
  },
  {
    name: 'travel',
    words: w(
      '旅行 旅游 景点 古镇 海边 雪山 草原 沙漠 自驾游 打卡 风景 日出 夕阳 攻略 酒店 民宿 门票 登山 徒步 航拍 城市 夜景 拉萨 西湖 云南 桂林 瀑布 森林 出发 路上',
    ),
    latin: w('vlog citywalk 318国道 1000米'),
  },
  {
    name: 'family',
    words: w(
      '宝宝 孩子 儿子 女儿 妈妈 爸爸 育儿 辅食 早教 幼儿园 作业 玩具 哄睡 带娃 二胎 萌娃 童年 亲子 喂奶 学步 说话 哭闹 成长 家长 陪伴 一家人 奶粉 绘本 睡觉 可爱',
    ),
    latin: w('baby 1岁 3岁半'),
  },
  {
    name: 'fitness',
    words: w(
      '健身 减肥 瘦身 腹肌 马甲线 深蹲 跑步 燃脂 卡路里 增肌 哑铃 瑜伽 拉伸 教练 体重 体脂 饮食 蛋白 有氧 力量 核心 平板支撑 俯卧撑 跳绳 训练 打卡 动作 身材 健康 坚持',
    ),
    latin: w('HIIT keep 30天 10斤'),
  },
  {
    name: 'military',
    words: w(
      '军事 战斗机 航母 坦克 导弹 士兵 军队 演习 武器 装甲 舰艇 潜艇 雷达 特种兵 狙击 步枪 阅兵 战争 历史 将军 军舰 空军 海军 陆军 火箭 基地 训练 老兵 国防 战机',
    ),
    latin: w('J-20 055 F-35 99A'),
  },
];

/** Words that carry no topic: they blur every text baseline equally. */
export const FILLER: readonly string[] = w(
  '今天 终于 原来 竟然 居然 这个 那个 一个 我们 你们 大家 自己 真的 特别 非常 什么 怎么 为什么 时候 现在 以后 网友 最后 第一次 看看 一下 一起 已经 还是 就是 没有 知道 觉得 一定 开始 喜欢 朋友 视频 瞬间 全程',
);

/** Title openers and closers, shared by all topics, in the breathless style of short-video titles. */
export const OPENERS: readonly string[] = w(
  '最近超级火的 看完我惊呆了 没想到 第一次见 网友热议 这才是 千万别错过 实拍 记录一下 分享一个',
);
export const CLOSERS: readonly string[] = w(
  '太厉害了 绝了 笑死我了 你见过吗 真的太好看了 学会了吗 看哭了 一定要看到最后 太真实了 值得收藏 简直完美 好家伙',
);
export const PUNCT: readonly string[] = ['，', '！', '？', '。', '…', '、', '~'];

/** ASR chatter: short spoken fragments, as the real (noisy) speech transcripts have. */
export const SPOKEN: readonly string[] = w(
  '嗯 那个 然后 就是 对吧 你看 好的 来 哎呀 啊 这个 我跟你说 是不是 好 行 我们 一起 看一下',
);

# 卖家标准（docs/DISPUTES.md）：状态、指标、通知、违规记录。
standing-good = 良好
standing-warning = 警告
standing-restricted = 受限
standing-suspended = 暂停
standards-measure-defect_rate = 缺陷率
standards-measure-late_shipment_rate = 延迟发货率
standards-measure-case_response = 案件回复时间（中位数）
standards-measure-strikes = 违规记录
standards-reading-line = { $measure }：{ $value }（上限 { $limit }）
standards-mail-subject = 您的卖家状态：{ $standing }
standards-mail-standing =
    您的卖家状态现为：{ $standing }。

    { $reasons }

    如您认为有误，可在卖家标准页面对该通知提出申诉。
standards-mail-appeal-subject = 您的申诉已有结果
standards-mail-appeal-upheld = 我们已审核您的申诉：通知维持不变。{ $note }
standards-mail-appeal-lifted = 我们已审核您的申诉并撤销了通知：您的状态恢复到之前。{ $note }
standards-mail-body =
    { $name }，您好：

    { $what }

    您的状态、所依据的数据和通知：
    { $link }

# 页面。
standards-heading = 卖家标准
standards-desk-heading = 卖家标准工作台
standards-desk-nav = 卖家标准
standards-desk-lead = 按状态从差到好排列的卖家、待裁决的通知申诉，以及案件屡次被判不利的买家。
standards-lead = 您的状态依据最近 90 天的订单和案件，按商店公布的上限衡量。状态变化会附带一份通知，您可以申诉一次。
standards-my-standing = 我的卖家状态
standards-sellers-only = 卖家标准仅适用于卖家账户。
standards-standing = 状态：
standards-assessed = 计算于
standards-window = 最近 { $days } 天
standards-counts = { $orders } 个订单，{ $defects } 个缺陷，{ $late } 次延迟发货
standards-measures = 指标
standards-measure = 指标
standards-value = 当前
standards-out-of = 样本数
standards-level = 级别
standards-too-few = 数量太少，暂不计算
standards-strikes = 违规记录
standards-no-strikes = 没有违规记录。
standards-strike-inactive = 已不再计入
standards-withdraw-strike = 撤销
standards-give-strike = 记一次违规
standards-strike-reason = 原因
standards-strike-note = 发生了什么（卖家可见）
standards-strike-off_platform_payment = 要求在平台外付款
standards-strike-prohibited_item = 发布违禁商品
standards-strike-misleading_listing = 误导性商品信息
standards-strike-counterfeit_item = 假冒商品
standards-strike-abusive_messages = 辱骂性消息
standards-strike-feedback_manipulation = 操纵评价
standards-strike-other = 其他
standards-notices = 通知
standards-no-notices = 没有通知。
standards-from = 之前为
standards-by-appeal = 申诉之后
standards-your-appeal = 申诉：
standards-appeal-pending = 等待裁决
standards-appeal-upheld = 维持
standards-appeal-lifted = 撤销
standards-decision-note = 裁决：
standards-appeal-label = 为什么这份通知有误
standards-appeal-until = 截止
standards-appeal-button = 申诉
standards-appealed = 您的申诉已提交，平台人员会作出裁决。
standards-decision = 裁决
standards-decide-button = 裁决申诉
standards-choose-decision = 请选择维持或撤销。
standards-appeal-decided = 申诉已裁决，已通知卖家。
standards-choose-reason = 请选择违规原因。
standards-strike-given = 已记违规，卖家状态已重新计算。
standards-strike-withdrawn = 已撤销违规，卖家状态已重新计算。
standards-all = 全部
standards-no-sellers = 还没有计算过的卖家。
standards-seller = 卖家
standards-why = 超出上限
standards-since = 起始
standards-appeals-waiting = 待裁决的申诉
standards-no-appeals = 没有待裁决的申诉。
standards-flagged-buyers = 被标记的买家
standards-flagged-lead = 多个案件被判卖家胜诉的买家：在裁决下一个案件前请先查看其案件。
standards-no-flagged = 没有被标记的买家。
standards-buyer = 买家
standards-cases-opened = 发起的案件
standards-cases-lost = 判卖家胜诉
standards-review-note = 审核结论
standards-review-button = 标记为已审核
standards-buyer-reviewed = 已将买家标记为已审核。
cases-listing-heading = 购买时的商品信息
cases-seller-standing = 卖家状态：
cases-buyer-flagged = 被标记的买家：{ $opened } 个案件中有 { $lost } 个判卖家胜诉。
payout-case-hold = 订单 { $order } 的案件 #{ $id } 暂扣该订单的款项，直到案件结束。

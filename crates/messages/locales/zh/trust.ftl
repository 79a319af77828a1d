# 商品、用户和消息举报（docs/TRUST.md）。
report-subject-listing = 商品
report-subject-user = 用户
report-subject-post = 论坛帖子
report-subject-message = 消息
report-outcome-takedown = 我们已将其下架。
report-outcome-warning = 我们已警告相关责任人，目前暂不下架。
report-outcome-dismiss = 我们已核查，未发现违反规则的情况。
report-mail-subject = 您对{ $what }的举报：{ $reference }
report-mail-body =
    感谢您举报{ $what }“{ $reference }”。

    { $outcome }

    正是您这样的举报让平台更安全。
report-heading = 举报问题
report-lead = 告诉我们违反规则的商品、用户或消息：假货、违禁商品、盗用图片、要求在平台外付款、钓鱼链接。我们会审核每一条举报并告知您结果。
report-what = 您要举报什么？
report-reference = 具体是哪个（商品链接、用户名、消息编号）
report-reason = 原因
report-details = 具体问题
report-message-text = 您收到的消息原文（举报消息时）
report-email = 您的邮箱，用于通知结果
report-send = 提交举报
report-sent = 谢谢：您的举报已送达审核人员。我们会通过邮件告知结果。
report-already = 您已举报过此内容：同一人的举报只计一次。
report-bad-reason = 请选择与举报内容相符的原因。
report-reason-counterfeit = 假货
report-reason-prohibited = 违禁商品
report-reason-misleading = 描述或图片误导
report-reason-stolen_photos = 盗用图片
report-reason-off_platform_payment = 要求在平台外付款
report-reason-phishing = 钓鱼链接
report-reason-harassment = 骚扰
report-reason-spam = 垃圾信息
report-reason-other = 其他
moderation-heading = 内容审核
moderation-lead = 商品、用户和消息的举报：最严重的在前，其次是举报最多的。
moderation-none = 没有待裁决的举报。
moderation-severity = 严重程度
moderation-reports = 举报数
moderation-decide = 裁决
moderation-decision-takedown = 下架
moderation-decision-warning = 警告
moderation-decision-dismiss = 驳回
moderation-note = 备注（留档）
moderation-decided = 已裁决，已通知平台和举报人。
moderation-recent = 最近的裁决
privacy-heading = 我的数据
privacy-lead = 本店客服保存的关于您的全部信息：您可以下载，或要求我们删除。我们会在 30 天内处理。
privacy-export-heading = 下载我的数据
privacy-export-lead = 您的资料、订单、对话、聊天、案件、举报和评价，合成一个 JSON 文件。立即生成，7 天内可下载。
privacy-export-button = 准备下载
privacy-export-ready = 您的数据已准备好：请在 7 天内从下方下载。
privacy-erasure-heading = 删除我的数据
privacy-erasure-lead = 我们会删除您的姓名、邮箱、电话以及您写给我们的内容。订单、付款和退款会保留（不含您的文字）：法律要求商店保留账目。
privacy-erasure-confirm = 我了解此操作无法撤销
privacy-erasure-button = 申请删除
privacy-confirm-needed = 请勾选复选框以确认删除。
privacy-erasure-asked = 我们已收到您的删除申请，将在 30 天内完成。
privacy-already-pending = 同类申请已在处理中。
privacy-your-requests = 您的申请
privacy-kind-export = 下载
privacy-kind-erasure = 删除
privacy-status-pending = 处理中
privacy-status-done = 已完成
privacy-due = 截止
privacy-download = 下载
privacy-until = 有效期至
privacy-queue-heading = 隐私申请
privacy-queue-nav = 隐私
privacy-queue-lead = 待执行的删除申请，截止日期最近的在前。删除会清除工单、消息、附件、聊天、案件和搜索中的个人数据；订单、付款和退款因账目需要保留。
privacy-queue-none = 没有待处理的申请。
privacy-erase-button = 执行删除
privacy-erased = 已删除；已通知平台删除其副本。
signal-new_country = 来自新国家的登录
signal-new_device = 来自新设备的登录
signal-email_changed = 您的邮箱地址已更改
signal-phone_changed = 您的手机号已更改
signal-password_changed = 您的密码已更改
signal-payout_changed = 您的收款信息已更改
signal-mail-subject = 这是您本人吗？
signal-mail-body =
    { $name }，您好：

    我们发现您的账户出现了{ $what }（{ $detail }，{ $when }）。

    这是您本人操作吗？请在这里告诉我们——如果不是，我们会立即锁定账户以保护它：
    { $link }
signal-heading = 这是您本人吗？
signal-question = 我们发现您的账户出现了{ $what }：{ $detail }（{ $when }）。
signal-yes = 是，是我本人
signal-no = 不，不是我
signal-thanks-yes = 谢谢：一切照旧。
signal-thanks-no = 我们已锁定您的账户以保护它，并创建了加急请求：我们的人员会联系您核实身份后恢复账户。
signal-answered = 此问题已经回答过了。
signal-expired = 此链接无效或已过期。
signal-ticket-subject = 安全：客户不认可的账户活动
signal-ticket-body =
    客户对账户活动回答“不是我”。账户已锁定；恢复前请核实其身份（工作台 → 身份核验）。

    { $signals }
signal-frozen-subject = 我们已锁定您的账户以保护它
signal-frozen-body =
    { $name }，您好：

    您告诉我们不认可账户上的活动，因此我们锁定了账户。我们的人员会联系您核实身份后恢复账户。请勿向任何人（包括我们）透露您的密码或验证码。
identity-heading = 身份核验
identity-lead = 因所有者不认可的活动而锁定的账户，以及申请高风险变更的客户。请提问只有所有者能从订单中回答的问题；上传的证件查看后即删除。两个不同的步骤回答正确（其中一个与订单有关）即通过。
identity-none = 没有待处理的身份核验。
identity-step = 步骤
identity-step-past_order = 过往订单的订单号和金额
identity-step-delivery_postcode = 订单的收货邮编
identity-step-payment_card = 支付卡的后四位
identity-step-document_seen = 已查看的身份证件（不保存）
identity-answer-right = 回答正确
identity-answer-wrong = 回答错误
identity-record = 记录此步骤
identity-passes = 目前的步骤已可通过核验。
identity-give-back = 通过：恢复账户
identity-keep-locked = 未通过：保持锁定
identity-decided = 身份核验已裁决。
chat-signal-question = 我们发现您的账户有{ $what }：{ $detail }（{ $when }）。这是您本人操作的吗？
chat-signal-again = 请点击下方按钮回答：这是您本人吗？

# 商品、用户和消息举报（docs/TRUST.md）。
report-subject-listing = 商品
report-subject-user = 用户
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

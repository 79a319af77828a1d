# 协助处理客户的平台账户（docs/TRUST.md）。
account-action-password_reset_link = 发送重置密码链接
account-action-unlock = 解锁账户
account-action-resend_verification = 重新发送验证邮件
account-action-change_email = 更改登录邮箱
account-action-reset_second_factor = 重置两步验证
account-action-close_account = 注销账户
account-action-status-requested = 已发给平台
account-action-status-done = 已完成
account-action-status-failed = 未完成
account-action-done-subject = 您的账户：已完成
account-action-done-body =
    { $name }，您好：

    按照您向客服提出的请求，平台已对您的账户执行：{ $what }。

    如果这不是您本人的请求，请立即回复此邮件。我们绝不会索要您的密码。
account-action-failed-subject = 您的账户：尚未完成
account-action-failed-body =
    { $name }，您好：

    平台未能对您的账户执行：{ $what }。我们的客服会再联系您。
account-action-sent = 已发给平台，结果会显示在下方。
account-action-needs-check = 此操作需要先通过身份核验：请在下方发起核验，答对两个不同的问题（其中一个关于订单）。
account-help-heading = 协助处理账户
account-help-lead = 由平台执行：我们从不查看或设置密码。解锁、更换邮箱、重置两步验证和注销账户都需要先通过身份核验。
account-help-email = 客户邮箱
account-help-action = 要执行的操作
account-help-new-email = 新邮箱（更改时填写）
account-help-send = 请平台执行
account-actions-heading = 账户操作
identity-start-heading = 发起身份核验
identity-start-reason = 原因（例如：想更换邮箱）
identity-start = 发起核验
identity-passed-heading = 最近一周通过的核验
identity-document = 身份证件
identity-document-requested = 已发送链接
identity-document-uploaded = 等待审核
identity-document-deleted = 已审核并删除
identity-document-expired = 链接已过期
identity-document-view = 查看证件
identity-document-matches = 与账户本人一致
identity-document-no-match = 不一致
identity-document-review = 记录结果并删除文件
identity-document-ask = 请客户上传身份证件
identity-document-asked = 已向客户发送上传证件的链接（48 小时内有效）。
identity-document-mail-subject = 请发送您的身份证件照片
identity-document-mail-body =
    { $name }，您好：

    为了恢复您对账户的访问，请在 48 小时内通过以下链接上传身份证件（护照、身份证或驾照）的照片或 PDF：
    { $link }

    客服查看一次后即会删除。我们绝不会索要您的密码。
identity-upload-heading = 您的身份证件
identity-upload-lead = { $name }，请上传护照、身份证或驾照的照片或 PDF。客服查看一次确认是您本人后即会删除。
identity-upload-file = 证件文件
identity-upload-rules = JPEG、PNG 或 PDF，最大 5 MB。您可以遮住证件号码。
identity-upload-send = 发送
identity-upload-thanks = 谢谢，我们已收到您的证件。客服审核后会与您联系。
identity-upload-choose = 请选择证件文件。
identity-upload-wrong-type = 该文件不是证件的照片（JPEG 或 PNG）或 PDF。
identity-upload-expired = 此链接已失效。请向客服索取新的链接。

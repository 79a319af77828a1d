# Mails sent to people: sign-in links and unlock links.
mail-sign-in-link-subject = 您的登录链接
mail-sign-in-link-body =
    { $name }，您好：

    点击以下链接即可查看您的订单和服务请求（30 分钟内有效，仅可使用一次）：
    { $link }

    如果这不是您本人的操作，请忽略此邮件。
mail-unlock-subject = 解锁您的账户
mail-unlock-body =
    { $name }，您好：

    您的账户因多次输入错误密码已被暂时锁定。如果是您本人，请打开以下链接并点击按钮解锁，然后用您的密码登录（1 小时内有效，仅可使用一次）：
    { $link }

    如果不是您本人的操作，说明有人在尝试猜测您的密码：请不要点击，并告知管理员。
mail-reply-body =
    { $header }

    { $reply }

    — 
    { $shop } · { $reference }
    直接回复此邮件即可，您的回复会添加到服务请求 { $reference }。

    { $history }
mail-acknowledgement-body =
    { $name }，您好：

    我们已收到您的邮件，并创建了服务请求 { $reference }。客服人员会通过邮件回复您；如需补充，直接回复此邮件即可。

    { $quoted }
mail-no-text = （该邮件没有正文。）
mail-no-subject = （无主题）
mail-reply-header = ##- 请在此行上方输入您的回复 -##
mail-history-entry = { $author } 于 { $when } 写道：
csat-mail-subject = 您对我们的服务满意吗？（{ $reference }）
csat-mail-body =
    { $name }，您好：

    您的请求 { $reference }（“{ $subject }”）已解决。您对我们的服务满意吗？请选择评分：

    { $links }

    链接会打开一个页面，您可以在那里确认评分并留下意见。链接在 { $days } 天内有效。
csat-rating-5 = 非常满意
csat-rating-4 = 满意
csat-rating-3 = 一般
csat-rating-2 = 不满意
csat-rating-1 = 非常不满意
csat-reopened-note =
    The customer rated the answer { $rating } of 5 and the conversation was reopened.
    Their comment: { $comment }
csat-chat-ask = 您的请求 { $reference } 已解决。我们做得怎么样？一步即可评分：{ $link }

# 员工重置密码（docs/SECURITY.md）。
mail-reset-subject = 重置您的 marketdesk 密码
mail-reset-body =
    { $name }，您好：

    有人（希望是您本人）申请重置您的 marketdesk 账户密码。请在一小时内打开以下链接设置新密码，该链接只能使用一次：
    { $link }

    如果不是您本人申请，请忽略此邮件，您的密码不会改变。
mail-password-changed-subject = 您的 marketdesk 密码已更改
mail-password-changed-body =
    { $name }，您好：

    您的 marketdesk 账户密码刚刚通过重置链接更改，所有会话均已退出。如果不是您本人操作，请立即联系管理员。

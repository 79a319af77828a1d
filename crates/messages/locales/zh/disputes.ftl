# 买卖双方的纠纷案件（docs/DISPUTES.md）：发给各方的邮件。
case-mail-subject = 订单 { $order } 的案件 #{ $id }：{ $what }
case-mail-body =
    { $name }，您好：

    { $what }

    查看案件、期限以及您接下来可以做什么：
    { $link }
case-reason-not-received = 订单未送达
case-reason-not-as-described = 商品与描述不符
case-reason-damaged = 商品到货时已损坏
case-reason-wrong-item = 收到的商品不对
case-reason-counterfeit = 商品不是正品
case-step-opened = 买家发起了案件：{ $reason }。请在期限前提出解决方案或作出答复。
case-step-offer = 卖家提出了解决方案。您可以接受或拒绝。
case-step-contest = 卖家对案件提出异议。您可以将其升级给我们处理。
case-step-accept = 买家接受了方案。
case-step-reject = 买家拒绝了方案。双方都可以将案件升级给我们。
case-step-escalate = 案件已升级：将由我们作出裁决。
case-step-withdraw = 买家撤回了案件。
case-step-decide = 我们已对案件作出裁决。
case-step-appeal = 裁决已被申诉：将由另一位同事复核。
case-step-closed = 案件已结案。

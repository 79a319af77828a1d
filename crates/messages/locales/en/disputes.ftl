# Buyer–seller cases (docs/DISPUTES.md): mails to the parties.
case-mail-subject = Case #{ $id } on order { $order }: { $what }
case-mail-body =
    Hello { $name },

    { $what }

    See the case, its deadlines and what you can do next:
    { $link }
case-reason-not-received = the order did not arrive
case-reason-not-as-described = the item is not as described
case-reason-damaged = the item arrived damaged
case-reason-wrong-item = the wrong item arrived
case-reason-counterfeit = the item is not genuine
case-step-opened = The buyer opened a case: { $reason }. Please offer a remedy or answer before your deadline.
case-step-offer = The seller offered a remedy. You can accept it or reject it.
case-step-contest = The seller contested the case. You can escalate it to us.
case-step-accept = The buyer accepted the offer.
case-step-reject = The buyer rejected the offer. Either of you can escalate the case to us.
case-step-escalate = The case was escalated: we will decide it.
case-step-withdraw = The buyer withdrew the case.
case-step-decide = We decided the case.
case-step-appeal = The decision was appealed: someone else will look at it.
case-step-closed = The case is closed.

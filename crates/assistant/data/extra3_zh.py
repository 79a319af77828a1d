# Round three of extra Chinese templates (written by hand for marketdesk).
E = {}
E["review"] = """
收到货了想写个评价
怎么评价卖家
评价怎么改成好评
想给这个卖家点个赞，在哪评价
评价为什么发不出去
买家秀在哪发
"""
E["item_not_received"] = """
物流显示签收了，可是我根本没收到
快递员说放门口了，找不到
过了一个月还没收到货
订单{order}一直没收到
"""
E["promotion_question"] = """
店铺优惠券怎么用
这个活动价什么时候结束
满200减30怎么没用上
有没有折扣
"""
E["track_refund"] = """
我的退款呢
退款一直没收到
钱什么时候退回来
"""
E["greeting"] = """
你好，有人吗
您好在吗
早上好
哈喽
"""
E["seller_payout"] = """
卖家货款什么时候结算
我的提现一直没到账
怎么把收入提现到银行卡
"""
E["review"] += """
我要给这个卖家差评
差评怎么写
东西太差了，想给个差评，在哪评
给卖家评价一星怎么弄
"""
E["account_locked"] = """
账号要锁多久
什么时候能解封
"""

# Promotions: how each discount was computed, why an offer did not apply,
# and membership points and tiers. Amounts ($base, $saved, $spend…) come
# formatted with their currency, e.g. "12.50 EUR".

## The offer as the subject opening a sentence ($offer in the reasons below).

promotion-subject-coupon = 优惠券“{ $code }”
promotion-subject-offer = “{ $name }”活动

## The offer inside a sentence ($other in the reasons below).

promotion-object-coupon = 优惠券“{ $code }”
promotion-object-offer = “{ $name }”活动

## How a discount was computed. $name is the offer's name or the coupon's code.
## The -cap and -max fragments (with the limit as $amount) fill $cap and $max
## when the offer has a limit, else they are empty; -limited and -next-step
## follow the sentence when they apply.

promotion-how-ladder = { $name }：满 { $spend } 减 { $save }。您的适用商品合计 { $base }，共减 { $saved }。
promotion-how-every = { $name }：每满 { $every } 减 { $save }{ $cap }。您的适用商品合计 { $base }，满足 { $times } 次，共减 { $saved }。
promotion-how-every-cap = （最多减 { $amount }）
promotion-how-percent = 优惠券“{ $name }”：适用商品减免 { $percent }%{ $max }。您的适用商品合计 { $base }，共减 { $saved }。
promotion-how-percent-max = （最多减 { $amount }）
promotion-how-fixed = 优惠券“{ $name }”：适用商品立减 { $off }。您的适用商品合计 { $base }，共减 { $saved }。
promotion-how-limited = 该优惠已按这些商品的剩余应付金额封顶。
promotion-how-next-step = 再买 { $more } 的适用商品即可减 { $save }。

## Why an offer did not apply.

promotion-reject-not-yet-valid = { $offer }尚未到使用时间，无法用于本订单。
promotion-reject-expired = { $offer }已过期，无法用于本订单。
promotion-reject-already-used = { $offer }每位顾客限用一次，您已经使用过了。
promotion-reject-usage-limit = { $offer }已达到 { $limit } 次的使用上限，无法再使用。
promotion-reject-out-of-scope = 本订单中没有适用{ $offer }的商品。
promotion-reject-minimum-spend = { $offer }需适用商品满 { $required } 才能使用，您还差 { $missing }。
promotion-reject-not-combinable = { $offer }不能与{ $other }同时使用；两种方式优惠相同，已为您保留{ $other }。
promotion-reject-better-offer = { $offer }不能与{ $other }同时使用；使用{ $other }可让您的订单多省 { $extra }，因此已为您选择{ $other }。

## Membership: benefits, points and the way to the next tier.

membership-benefit-free-shipping = 免运费
membership-benefit-priority-dispatch = 优先发货
membership-points-pending = 您的 { $points } 积分待入账，本订单退货期结束后即可使用。
membership-points-available = 您的 { $points } 积分已到账，可以使用。
membership-tier-spend-to-reach = 再消费 { $spend } 即可升级为{ $tier }会员（还差 { $points } 积分）。
membership-tier-points-to-reach = 再获得 { $points } 积分即可升级为{ $tier }会员。
promotion-reject-unknown-code = { $offer }不是有效的优惠码。
promotion-other-discount = 结账时商家另外减免了 { $amount }（不属于此处列出的优惠）。
promotion-less-discount = 该订单实际获得的优惠比这些优惠少 { $amount }：下单后优惠有所变化。

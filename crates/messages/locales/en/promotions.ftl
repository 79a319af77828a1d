# Promotions: how each discount was computed, why an offer did not apply,
# and membership points and tiers. Amounts ($base, $saved, $spend…) come
# formatted with their currency, e.g. "12.50 EUR".

## The offer as the subject opening a sentence ($offer in the reasons below).

promotion-subject-coupon = Coupon { $code }
promotion-subject-offer = The offer “{ $name }”

## The offer inside a sentence ($other in the reasons below).

promotion-object-coupon = coupon { $code }
promotion-object-offer = the offer “{ $name }”

## How a discount was computed. $name is the offer's name or the coupon's code.
## The -cap and -max fragments (with the limit as $amount) fill $cap and $max
## when the offer has a limit, else they are empty; -limited and -next-step
## follow the sentence when they apply.

promotion-how-ladder = { $name }: spend { $spend }, save { $save }. Your eligible items come to { $base }, so you save { $saved }.
promotion-how-every = { $name }: save { $save } for every { $every } you spend{ $cap }. Your eligible items come to { $base }, that is { $times } × { $save }, so you save { $saved }.
promotion-how-every-cap = {" "}(up to { $amount })
promotion-how-percent = Coupon { $name }: { $percent }% off your eligible items{ $max }. They come to { $base }, so you save { $saved }.
promotion-how-percent-max = , up to { $amount }
promotion-how-fixed = Coupon { $name }: { $off } off your eligible items. They come to { $base }, so you save { $saved }.
promotion-how-limited = {" "}The discount was limited to what was still left to pay for those items.
promotion-how-next-step = {" "}Spend { $more } more on eligible items to save { $save }.

## Why an offer did not apply.

promotion-reject-not-yet-valid = { $offer } is not valid yet, so it could not be used on this order.
promotion-reject-expired = { $offer } has expired, so it could not be used on this order.
promotion-reject-already-used = { $offer } can be used once per customer, and you have already used it.
promotion-reject-usage-limit = { $offer } has reached its limit of { $limit } uses and can no longer be used.
promotion-reject-out-of-scope = { $offer } does not cover any item in this order.
promotion-reject-minimum-spend = { $offer } needs a spend of { $required } on eligible items; you are { $missing } short.
promotion-reject-not-combinable = { $offer } can't be combined with { $other }; you save the same either way, so we kept { $other }.
promotion-reject-better-offer = { $offer } can't be combined with { $other }; your order saves { $extra } more with { $other }, so we applied that instead.

## Membership: benefits, points and the way to the next tier.

membership-benefit-free-shipping = free shipping
membership-benefit-priority-dispatch = priority dispatch
membership-points-pending = Your { $points } points are pending; they become available once the return window for this order ends.
membership-points-available = Your { $points } points are available to use.
membership-tier-spend-to-reach = Spend { $spend } more to reach { $tier } ({ $points } points to go).
membership-tier-points-to-reach = Collect { $points } more points to reach { $tier }.
promotion-reject-unknown-code = { $offer } is not a valid code.
promotion-other-discount = A further { $amount } was taken off at checkout by the shop (a discount that is not one of the offers here).
promotion-less-discount = The order was given { $amount } less than these offers give: they changed after it was placed.

# Promotions: how each discount was computed, why an offer did not apply,
# and membership points and tiers. Amounts ($base, $saved, $spend…) come
# formatted with their currency, e.g. "12.50 EUR".

## The offer as the subject opening a sentence ($offer in the reasons below).

promotion-subject-coupon = El cupón { $code }
promotion-subject-offer = La oferta «{ $name }»

## The offer inside a sentence ($other in the reasons below).

promotion-object-coupon = el cupón { $code }
promotion-object-offer = la oferta «{ $name }»

## How a discount was computed. $name is the offer's name or the coupon's code.
## The -cap and -max fragments (with the limit as $amount) fill $cap and $max
## when the offer has a limit, else they are empty; -limited and -next-step
## follow the sentence when they apply.

promotion-how-ladder = { $name }: gasta { $spend } y ahorra { $save }. Tus artículos aplicables suman { $base }, así que ahorras { $saved }.
promotion-how-every = { $name }: ahorra { $save } por cada { $every } de compra{ $cap }. Tus artículos aplicables suman { $base }, es decir, { $times } × { $save }, así que ahorras { $saved }.
promotion-how-every-cap = {" "}(hasta { $amount })
promotion-how-percent = Cupón { $name }: { $percent } % de descuento en tus artículos aplicables{ $max }. Suman { $base }, así que ahorras { $saved }.
promotion-how-percent-max = , hasta { $amount }
promotion-how-fixed = Cupón { $name }: { $off } de descuento en tus artículos aplicables. Suman { $base }, así que ahorras { $saved }.
promotion-how-limited = {" "}El descuento se limitó a lo que quedaba por pagar de esos artículos.
promotion-how-next-step = {" "}Si gastas { $more } más en artículos aplicables, ahorras { $save }.

## Why an offer did not apply.

promotion-reject-not-yet-valid = { $offer } todavía no se puede usar, así que no se aplicó a este pedido.
promotion-reject-expired = { $offer } ha caducado, así que no se pudo usar en este pedido.
promotion-reject-already-used = { $offer } solo se puede usar una vez por cliente y ya lo has usado.
promotion-reject-usage-limit = { $offer } ya ha alcanzado su límite de { $limit } usos y no se puede usar más.
promotion-reject-out-of-scope = { $offer } no se aplica a ningún artículo de este pedido.
promotion-reject-minimum-spend = { $offer } requiere un gasto mínimo de { $required } en artículos aplicables; te faltan { $missing }.
promotion-reject-not-combinable = { $offer } no se puede combinar con { $other }; el ahorro es el mismo en ambos casos, así que mantuvimos { $other }.
promotion-reject-better-offer = { $offer } no se puede combinar con { $other }; con { $other } tu pedido ahorra { $extra } más, así que aplicamos esa opción.

## Membership: benefits, points and the way to the next tier.

membership-benefit-free-shipping = envío gratis
membership-benefit-priority-dispatch = preparación y envío prioritarios
membership-points-pending = Tus { $points } puntos están pendientes; podrás usarlos cuando termine el plazo de devolución de este pedido.
membership-points-available = Tus { $points } puntos ya están disponibles.
membership-tier-spend-to-reach = Gasta { $spend } más para llegar al nivel { $tier } (te faltan { $points } puntos).
membership-tier-points-to-reach = Consigue { $points } puntos más para llegar al nivel { $tier }.
promotion-reject-unknown-code = { $offer } no es un código válido.
promotion-other-discount = La tienda descontó { $amount } más al pagar (un descuento que no es ninguna de estas ofertas).
promotion-less-discount = El pedido recibió { $amount } menos de lo que dan estas ofertas: cambiaron después de hacerlo.

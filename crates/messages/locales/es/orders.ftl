# Orders: why a change is refused, and what the customer may do instead.
# { $what } is one of the order-noun-* messages below, with its article.

order-refusal-already-packed = Tu pedido ya está empaquetado, así que ya no se puede cambiar { $what }. Puedes rechazar la entrega o devolver el artículo cuando llegue.
order-refusal-already-shipped = Tu pedido ya se ha enviado, así que ya no se puede cambiar { $what }. Puedes rechazar la entrega (el reembolso empieza cuando el paquete vuelva) o devolver el artículo cuando llegue.
order-refusal-already-delivered = Tu pedido ya se ha entregado, así que ya no se puede cambiar { $what }. Puedes iniciar una devolución.
order-refusal-already-cancelled = Este pedido está cancelado; ya no se puede cambiar nada.

## What the customer tried to change, as it reads inside the refusals above.

order-noun-address = la dirección de entrega
order-noun-phone = el teléfono
order-noun-items = los artículos
order-noun-variant = la talla o el color
order-noun-quantity = la cantidad
order-noun-cancel = el pedido
order-late = Va con retraso: se esperaba para el { $day }. Estamos reclamando al transportista; si el paquete no se mueve en 3 días, te enviamos el pedido de nuevo o te devolvemos el dinero, y te avisamos: no tienes que hacer nada.

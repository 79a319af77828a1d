care-address-changed = Hecho: el pedido { $number } se entregará en { $line1 }, { $postal_code } { $city }.
care-courier-phone-set = Hecho: el repartidor llamará al { $phone } para el pedido { $number }.
care-reship-sent = Te enviamos un reemplazo del pedido { $number } sin coste; pronto recibirás el número de seguimiento.
care-claim-filed = Hemos presentado una reclamación a { $carrier } por el pedido { $number }; no tienes que hacer nada.
care-coupon-rejected = El cupón de { $amount } del pedido { $number } no fue aprobado.
care-refund-rejected = El reembolso de { $amount } del pedido { $number } no fue aprobado.
care-variant-changed = Hecho: «{ $title }» del pedido { $number } ahora es { $described }.

care-compensation-coupon = Sentimos lo ocurrido con el pedido { $number }. Aquí tienes un cupón de { $value } para tu próximo pedido: { $code } (válido 90 días).
care-compensation-pending = Sentimos lo ocurrido con el pedido { $number }. Un cupón de { $value } está pendiente de la aprobación de un supervisor; te escribiremos en cuanto se decida.
care-unrecognised-charge-subject = Cargo no reconocido en el pedido { $number }
care-return-refund-pending = Tu devolución { $rma } ha pasado la revisión; el reembolso de { $amount } espera la aprobación de un supervisor y te escribiremos en cuanto se decida.
care-order-subject = Sobre tu pedido { $number }
care-delivery-problem-subject = Problema con la entrega del pedido { $number }
care-refund-pending = El reembolso de { $amount } del pedido { $number } está pendiente de aprobación; te escribiremos en cuanto se decida.
care-refunded-to-method = Hemos reembolsado { $amount } del pedido { $number }. Llegará a tu método de pago original en { $min }–{ $max } días hábiles.
care-refunded-to-credit = Hemos añadido { $amount } de saldo en la tienda por el pedido { $number }; puedes usarlo ya.
care-return-in-transit = Tu devolución { $rma } va de camino.
care-return-received = Hemos recibido tu devolución { $rma }; la revisaremos en breve.
chat-order-state-pending-payment = pendiente de pago
chat-order-state-paid = pagado y a punto de prepararse
chat-order-state-processing = en preparación
chat-order-state-packed = empaquetado, esperando al transportista
chat-order-state-partially-shipped = enviado en parte
chat-order-state-shipped = en camino
chat-order-state-delivered = entregado
chat-order-state-completed = completado
chat-order-state-cancelled = cancelado
chat-order-state-on-hold = en espera
care-return-rejected = Hemos revisado tu devolución { $rma } y no podemos aceptarla; te reenviaremos los artículos.
care-return-accepted-refund = Tu devolución { $rma } ha pasado la revisión: te devolvemos { $amount }.
care-return-accepted = Tu devolución { $rma } ha pasado la revisión.
care-charge-frozen-reply = Hemos congelado tu cuenta para protegerla mientras revisamos este cargo. Un especialista te contactará en un día hábil; si el cargo no fue tuyo, se te devolverá.
feedback-complaint-acted-subject = Hemos actuado sobre tu queja [{ $reference }]
feedback-complaint-acted-intro = Gracias por decírnoslo. Esto es lo que hemos hecho:
feedback-suggestion-acted-subject = Hemos actuado sobre tu sugerencia [{ $reference }]
feedback-suggestion-acted-intro = Gracias por tu sugerencia. Esto es lo que hemos hecho:
care-the-carrier = el transportista
care-return-ready = Tu devolución { $rma } está lista. Imprime la etiqueta, empaqueta los artículos y entrega el paquete a { $carrier } antes del { $expires }.
care-cancelled = { $scope ->
        [order] El pedido { $number } está cancelado.
       *[items] Los artículos se han cancelado del pedido { $number }.
    } { $how ->
        [void] Se libera ahora la retención de { $voided } en tu tarjeta: nunca se cobró.
        [refund] { $refunded } vuelve a tu método de pago original en { $min_days }–{ $max_days } días hábiles.
        [both] Se libera ahora la retención de { $voided } en tu tarjeta, y { $refunded } vuelve a tu método de pago original en { $min_days }–{ $max_days } días hábiles.
       *[none] No se cobró nada.
    }
care-delivery-moved = { $kind ->
        [date] Hecho: hemos pedido a { $carrier } que entregue el pedido { $number } el { $when }. El transportista te enviará una confirmación.
       *[pickup] Hecho: { $carrier } dejará el pedido { $number } en el punto de recogida { $when }.
    }
care-invoice-attached = Factura del pedido { $number }
ticket-merged-note = { $reference } se fusionó en este ticket.
feedback-complaint-closed-body = Gracias por contárnoslo. Lo hemos revisado y cerrado la solicitud { $reference }. Si algo sigue sin estar bien, responde a este correo y lo retomaremos.
feedback-suggestion-closed-body = Gracias por tu sugerencia. La solicitud { $reference } está cerrada: pasamos cada sugerencia al equipo al que corresponde.
care-delivery-replaces = Sustituye a tu solicitud anterior para este paquete.
care-return-accepted-exchange = Tu devolución { $rma } ha pasado la inspección. Te enviamos { $items }; recibirás el número de seguimiento en cuanto salga.
care-exchange-shipped = El cambio de tu devolución { $rma } está en camino: número de seguimiento { $tracking }.
care-variant-pending = «{ $title }» en { $described } cuesta { $amount } más. Hemos pedido a la tienda que te envíe una solicitud de pago por la diferencia; el cambio se hace en cuanto se pague, si el pedido aún no está empaquetado.
care-item-pending = Se añadirán { $quantity } × «{ $title }» al pedido { $number } cuando pagues { $amount }: la tienda te envía una solicitud de pago. Si el pedido se empaqueta antes, sale sin ello.
care-address-corrected = Hecho: hemos enviado a { $carrier } la dirección corregida ({ $line1 }, { $postal_code } { $city }) y les hemos pedido que vuelvan a entregar; te darán una nueva fecha de entrega.
